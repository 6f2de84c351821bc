// Implementation details: the waves are few (a dozen a year), so a linear scan finds the first
// wave on or after as_of; the wave before it in the schedule is the previous one. On a wave's
// own date that wave is "next", so the sync that runs early on a wave day carries exactly the
// two count-through dates that wave's period needs.

#include "sis/sync_request.h"

#include <fmt/format.h>

#include <chrono>

namespace nudged {

SyncRequest MakeSyncRequest(const Calendar& calendar, const Schedule& schedule, Date as_of) {
  SyncRequest request;
  const auto first_year =
      static_cast<int>(std::chrono::year_month_day{calendar.first_day()}.year());
  const auto last_year = static_cast<int>(std::chrono::year_month_day{calendar.last_day()}.year());
  request.school_year = fmt::format("{}-{}", first_year, last_year);
  request.first_day = calendar.first_day();
  request.as_of = as_of;
  request.instructional_days.reserve(calendar.instructional_day_count());
  for (int n = 1; n <= calendar.instructional_day_count(); ++n) {
    request.instructional_days.push_back(*calendar.NthInstructionalDay(n));
  }
  for (size_t i = 0; i < schedule.waves.size(); ++i) {
    const Wave& wave = schedule.waves[i];
    if (wave.date < as_of) continue;
    request.next_wave = WaveBound{wave.number, wave.count_through};
    if (i > 0) {
      request.previous_wave =
          WaveBound{schedule.waves[i - 1].number, schedule.waves[i - 1].count_through};
    }
    return request;
  }
  if (!schedule.waves.empty()) {
    request.previous_wave =
        WaveBound{schedule.waves.back().number, schedule.waves.back().count_through};
  }
  return request;
}

}  // namespace nudged
