// Implementation details: everything is computed from the local date of `now` in the district
// zone. The nightly sync looks back from today for the latest instructional day whose sync_at
// has passed; the next wake-up is the earliest future sync_at or plan_at (or a wave's deadline,
// so a wave that cannot be planned is recorded as missed on time).

#include "scheduler/scheduler.h"

#include <algorithm>

#include "calendar/send_window.h"

namespace nudged {
namespace {

Instant At(Date date, LocalTime time, const SchedulerTimes& times) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(
      LocalInstant(date, time, *times.zone));
}

Date LocalDate(Instant now, const date::time_zone& zone) {
  const auto local = zone.to_local(now);
  return Date{std::chrono::floor<date::days>(local).time_since_epoch()};
}

bool Pending(const std::string& state) {
  return state.empty() || state == "planned" || state == "approved";
}

void Earliest(std::optional<Instant>* next, Instant candidate) {
  if (!*next || candidate < **next) *next = candidate;
}

// The latest instructional day whose sync time has passed, if any.
std::optional<Date> LatestSyncSlot(const Calendar& calendar, const SchedulerTimes& times,
                                   Instant now) {
  const Date today = LocalDate(now, *times.zone);
  const Date last = std::min(today, calendar.last_day());
  for (Date day = last; day >= calendar.first_day(); day -= std::chrono::days(1)) {
    if (calendar.IsInstructional(day) && At(day, times.sync_at, times) <= now) return day;
  }
  return std::nullopt;
}

std::optional<Instant> NextSyncSlot(const Calendar& calendar, const SchedulerTimes& times,
                                    Instant now) {
  const Date today = LocalDate(now, *times.zone);
  for (Date day = std::max(today, calendar.first_day()); day <= calendar.last_day();
       day += std::chrono::days(1)) {
    const Instant at = At(day, times.sync_at, times);
    if (calendar.IsInstructional(day) && at > now) return at;
  }
  return std::nullopt;
}

}  // namespace

const char* ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kSync:
      return "sync";
    case ActionKind::kPlan:
      return "plan";
    case ActionKind::kMiss:
      return "miss";
    case ActionKind::kClose:
      return "close";
  }
  return "?";
}

Instant RelevantUntil(const Wave& wave, const SchedulerTimes& times) {
  return At(wave.date, times.send_window_start, times) +
         std::chrono::hours(times.relevance_deadline_hours);
}

SchedulerDecision Decide(const Calendar& calendar, const Schedule& schedule,
                         const SchedulerTimes& times, Instant now, const SchedulerView& view) {
  SchedulerDecision decision;
  std::optional<Date> sync_as_of;
  if (const std::optional<Date> slot = LatestSyncSlot(calendar, times, now)) {
    if (!view.last_sync_as_of || *view.last_sync_as_of < *slot) sync_as_of = slot;
  }
  decision.next = NextSyncSlot(calendar, times, now);

  const Date today = LocalDate(now, *times.zone);
  std::vector<SchedulerAction> wave_actions;
  for (const Wave& wave : schedule.waves) {
    const auto found = view.waves.find(wave.number);
    const WaveProgress progress = found == view.waves.end() ? WaveProgress{} : found->second;
    if (progress.state == "enqueued" && progress.unfinished == 0 && progress.waiting == 0) {
      wave_actions.push_back({ActionKind::kClose, {}, wave.number});
      continue;
    }
    if (!Pending(progress.state)) continue;
    const Instant plan_at = At(wave.date, times.plan_at, times);
    const Instant deadline = RelevantUntil(wave, times);
    if (now < plan_at) {
      Earliest(&decision.next, plan_at);
    } else if (now >= deadline) {
      wave_actions.push_back({ActionKind::kMiss, {}, wave.number});
    } else if (progress.covered) {
      wave_actions.push_back({ActionKind::kPlan, {}, wave.number});
    } else if (!sync_as_of) {
      // A sync as of the wave's date covers it; later than that it would count towards the
      // next wave instead.
      sync_as_of = std::min(wave.date, today);
      Earliest(&decision.next, deadline);
    } else {
      Earliest(&decision.next, deadline);
    }
  }
  if (sync_as_of) decision.actions.push_back({ActionKind::kSync, *sync_as_of, 0});
  decision.actions.insert(decision.actions.end(), wave_actions.begin(), wave_actions.end());
  return decision;
}

}  // namespace nudged
