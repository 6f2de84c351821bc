// MakeSyncRequest: which waves a sync counts through, around, on and after wave dates.

#include "sis/sync_request.h"

#include <catch2/catch.hpp>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using testing::Cadence;
using testing::D;
using testing::Year;

TEST_CASE("MakeSyncRequest picks the wave on or after as-of and the one before it", "[sis]") {
  const CalendarConfig year = Year(D(2026, 9, 7), D(2027, 6, 25));
  const CadenceConfig cadence = Cadence(15, 4, 5, 6);
  const Calendar calendar(year, cadence);
  const Schedule schedule = BuildSchedule(year, cadence);
  REQUIRE(schedule.waves.size() >= 3);
  const Wave& w1 = schedule.waves[0];
  const Wave& w2 = schedule.waves[1];
  const Wave& last = schedule.waves.back();
  const WaveBound b1{w1.number, w1.count_through};
  const WaveBound b2{w2.number, w2.count_through};
  const WaveBound b_last{last.number, last.count_through};

  struct Case {
    const char* name;
    Date as_of;
    std::optional<WaveBound> next, previous;
  };
  const Case cases[] = {
      {"before the year", D(2026, 8, 1), b1, std::nullopt},
      {"before wave 1", w1.date - std::chrono::days(1), b1, std::nullopt},
      {"on wave 1", w1.date, b1, std::nullopt},
      {"the day after wave 1", w1.date + std::chrono::days(1), b2, b1},
      {"on wave 2", w2.date, b2, b1},
      {"after the last wave", last.date + std::chrono::days(1), std::nullopt, b_last},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const SyncRequest request = MakeSyncRequest(calendar, schedule, c.as_of);
    CHECK(request.as_of == c.as_of);
    CHECK(request.next_wave == c.next);
    CHECK(request.previous_wave == c.previous);
  }
}

TEST_CASE("MakeSyncRequest carries the school year and every instructional day", "[sis]") {
  CalendarConfig year = Year(D(2026, 9, 7), D(2026, 9, 18));
  year.closures = {testing::Range("Closed", D(2026, 9, 14), D(2026, 9, 14))};
  const CadenceConfig cadence = Cadence(15, 4, 5, 6);
  const SyncRequest request =
      MakeSyncRequest(Calendar(year, cadence), BuildSchedule(year, cadence), D(2026, 9, 10));
  CHECK(request.school_year == "2026-2026");
  CHECK(request.first_day == D(2026, 9, 7));
  const std::vector<Date> expected = {D(2026, 9, 7),  D(2026, 9, 8),  D(2026, 9, 9),
                                      D(2026, 9, 10), D(2026, 9, 11), D(2026, 9, 15),
                                      D(2026, 9, 16), D(2026, 9, 17), D(2026, 9, 18)};
  CHECK(request.instructional_days == expected);
}

}  // namespace
}  // namespace nudged
