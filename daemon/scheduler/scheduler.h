// The daemon's scheduler, pure: given the school year's schedule, the [cadence] times, the
// instant now and what the state database says was done, it decides what is due now and when
// to look again. No I/O, no clock; thread-safe.
//
// Rules (DESIGN.md "The wave schedule", issue 5 point 1):
//   - Nightly sync: on every instructional day D of the year a sync counting through D is due
//     from sync_at local time on D. Only the latest missed one runs (a sync counts everything
//     up to its date, so older missed nights add nothing).
//   - Plan: wave W is due from plan_at local time on its date while it is still relevant, i.e.
//     before its send window opens plus relevance_deadline_hours (the relevant_until of its
//     messages), and while its row is absent, planned or approved. It needs a sync covering it
//     (next_wave = W, as of on or after its count-through); when there is none a sync as of
//     min(W's date, today) is due first, and the plan follows on the next decision.
//   - Missed: a wave still absent, planned or approved past that deadline is recorded as missed
//     (its messages could only expire); held waves stay held for staff.
//   - Close: an enqueued wave none of whose rows is still on its way is sent. Email and letter
//     rows wait for delivery code that does not exist yet, so a wave that has any stays
//     enqueued.
// A wave never runs twice: once enqueued, held, missed or sent it is no longer due, and
// plan/plan_run.h adds nothing to a wave that is no longer planned or approved.

#ifndef NUDGED_SCHEDULER_SCHEDULER_H_
#define NUDGED_SCHEDULER_SCHEDULER_H_

#include <date/tz.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "nudged/clock.h"
#include "nudged/date.h"

namespace nudged {

// The local times of [cadence] and [provider] the scheduler needs.
struct SchedulerTimes {
  const date::time_zone* zone = nullptr;
  LocalTime sync_at{2, 0};
  LocalTime plan_at{6, 0};
  LocalTime send_window_start{16, 0};
  int relevance_deadline_hours = 48;
};

// What the state database says about one wave.
struct WaveProgress {
  std::string state;     // nudged.waves.state, "" when the wave has no row yet
  bool covered = false;  // a succeeded sync covers it (plan/wave_source.h FindCoveringSync)
  long unfinished = 0;   // SMS/voice rows not yet in a final state (enqueued waves)
  long waiting = 0;      // email/letter rows not yet final: no dispatcher sends them yet
};

struct SchedulerView {
  std::optional<Date> last_sync_as_of;  // the latest succeeded sync's as_of, this year
  std::map<int, WaveProgress> waves;    // by wave number; absent: no row, not covered
};

enum class ActionKind { kSync, kPlan, kMiss, kClose };

struct SchedulerAction {
  ActionKind kind = ActionKind::kSync;
  Date as_of{};  // kSync: count through this date
  int wave = 0;  // kPlan, kMiss, kClose: the wave's number
  friend bool operator==(const SchedulerAction&, const SchedulerAction&) = default;
};

struct SchedulerDecision {
  // Due now, in order: at most one sync first, then plans, misses and closes by wave number.
  std::vector<SchedulerAction> actions;
  // The next instant something becomes due by time alone; nullopt when nothing ever will
  // (after the last day of the year).
  std::optional<Instant> next;
};

// Returns "sync", "plan", "miss" or "close".
const char* ActionKindName(ActionKind kind);

// Decides what is due at `now`. REQUIRES: times.zone is set.
SchedulerDecision Decide(const Calendar& calendar, const Schedule& schedule,
                         const SchedulerTimes& times, Instant now, const SchedulerView& view);

// The instant after which wave `wave`'s messages are no longer relevant: its send window's
// start plus relevance_deadline_hours.
Instant RelevantUntil(const Wave& wave, const SchedulerTimes& times);

}  // namespace nudged

#endif  // NUDGED_SCHEDULER_SCHEDULER_H_
