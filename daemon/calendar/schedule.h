// The wave schedule of a school year: on which dates messages go out, and why.
//
// BuildSchedule applies DESIGN.md "The wave schedule (exact rules)" 3 to 6 to a calendar
// and a cadence and returns plain values; it does no I/O and never fails. Every wave is a
// send day, waves are strictly increasing, and none is after the cut-off. Inputs that
// leave no room for a wave (a short year, no send weekdays, everything closed) give zero
// waves and a warning that says why. Each reason is a sentence for district IT that says
// why the date differs from the interval target when it does. Thread-safe (pure).

#ifndef NUDGED_CALENDAR_SCHEDULE_H_
#define NUDGED_CALENDAR_SCHEDULE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "nudged/date.h"

namespace nudged {

// Stored and printed by name; never renumber.
enum class WaveKind { kInitial, kRecurring };

// Returns "initial" or "recurring".
std::string_view WaveKindName(WaveKind kind);

struct Wave {
  int number = 0;  // 1-based
  Date date;
  WaveKind kind = WaveKind::kInitial;
  // The name of the marking period containing `date`, or "".
  std::string marking_period;
  // Why the wave is on this date, e.g. "5 weeks after wave 2 (target 2027-01-12)".
  std::string reason;
  // Absences are counted through this date (DESIGN.md "Counting absences"): the
  // instructional day correction_grace_instructional_days instructional days before the
  // last instructional day before `date`. When fewer instructional days precede the wave,
  // it is the day before first_day, so nothing is counted.
  Date count_through;
};

struct Schedule {
  std::vector<Wave> waves;
  // Problems worth telling district IT about, as sentences; not errors.
  std::vector<std::string> warnings;
  int instructional_days = 0;
  // The cut-off: the last date a wave may fall on, or nullopt when the year is too short
  // for any (fewer than no_waves_in_last_instructional_days + 1 instructional days).
  std::optional<Date> last_allowed_wave_date;
};

Schedule BuildSchedule(const CalendarConfig& calendar, const CadenceConfig& cadence);

}  // namespace nudged

#endif  // NUDGED_CALENDAR_SCHEDULE_H_
