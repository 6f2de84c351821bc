#include "calendar/calendar.h"

#include <catch2/catch.hpp>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using namespace std::chrono;  // NOLINT: weekday constants in tables
using testing::D;
using testing::Days;
using testing::Range;

// Sat 2026-09-05 to Sat 2026-10-31. Labor Day closes Mon 09-07, so day 1 is Tue 09-08.
// Makeup Saturdays 09-19 and 10-10; the second lies inside "Long weekend" (Fri 10-09 to
// Mon 10-12). "Picture day" blacks out Tue 09-22. 39 instructional days.
CalendarConfig FallTerm() {
  CalendarConfig calendar = testing::Year(D(2026, 9, 5), D(2026, 10, 31));
  calendar.makeup_days = {D(2026, 9, 19), D(2026, 10, 10)};
  calendar.closures = {Range("Labor Day", D(2026, 9, 7), D(2026, 9, 7)),
                       Range("Long weekend", D(2026, 10, 9), D(2026, 10, 12))};
  return calendar;
}

CadenceConfig FallCadence(bool saturday_sends) {
  CadenceConfig cadence;
  cadence.send_weekdays = saturday_sends ? Days({Tuesday, Wednesday, Thursday, Saturday})
                                         : Days({Tuesday, Wednesday, Thursday});
  cadence.blackouts = {Range("Picture day", D(2026, 9, 22), D(2026, 9, 22))};
  return cadence;
}

TEST_CASE("Calendar numbers instructional days, skipping closures, counting makeup days") {
  const Calendar calendar(FallTerm(), FallCadence(false));
  CHECK(calendar.instructional_day_count() == 39);
  struct Case {
    Date date;
    std::optional<int> number;  // nullopt: not instructional
  };
  const Case cases[] = {
      {D(2026, 9, 5), std::nullopt},  // first_day, a Saturday
      {D(2026, 9, 7), std::nullopt},  // Labor Day
      {D(2026, 9, 8), 1},
      {D(2026, 9, 18), 9},
      {D(2026, 9, 19), 10},            // makeup Saturday
      {D(2026, 9, 20), std::nullopt},  // Sunday
      {D(2026, 9, 21), 11},
      {D(2026, 10, 8), 24},
      {D(2026, 10, 9), std::nullopt},  // Long weekend
      {D(2026, 10, 10), 25},           // makeup Saturday inside the closure
      {D(2026, 10, 12), std::nullopt},
      {D(2026, 10, 13), 26},
      {D(2026, 10, 30), 39},
      {D(2026, 10, 31), std::nullopt},
      {D(2026, 11, 2), std::nullopt},  // after last_day
      {D(2026, 9, 1), std::nullopt},   // before first_day
  };
  for (const auto& c : cases) {
    INFO(FormatIsoDate(c.date));
    CHECK(calendar.IsInstructional(c.date) == c.number.has_value());
    CHECK(calendar.InstructionalDayNumber(c.date) == c.number);
    if (c.number) CHECK(calendar.NthInstructionalDay(*c.number) == c.date);
  }
  CHECK_FALSE(calendar.NthInstructionalDay(0));
  CHECK_FALSE(calendar.NthInstructionalDay(40));
}

TEST_CASE("Send days exclude blackouts and take makeup Saturdays only if Saturday sends") {
  struct Case {
    Date date;
    bool send_without_saturday;
    bool send_with_saturday;
  };
  const Case cases[] = {
      {D(2026, 9, 8), true, true},    {D(2026, 9, 11), false, false},  // Friday
      {D(2026, 9, 19), false, true},  {D(2026, 10, 10), false, true},  // makeup Saturdays
      {D(2026, 9, 26), false, false},                                  // ordinary Saturday
      {D(2026, 9, 22), false, false},                                  // blackout
      {D(2026, 9, 23), true, true},   {D(2026, 10, 13), true, true},
  };
  const Calendar plain(FallTerm(), FallCadence(false));
  const Calendar saturday(FallTerm(), FallCadence(true));
  for (const auto& c : cases) {
    INFO(FormatIsoDate(c.date));
    CHECK(plain.IsSendDay(c.date) == c.send_without_saturday);
    CHECK(saturday.IsSendDay(c.date) == c.send_with_saturday);
  }
}

TEST_CASE("Calendar names the closure and blackout covering a date") {
  const Calendar calendar(FallTerm(), FallCadence(false));
  REQUIRE(calendar.ClosureCovering(D(2026, 10, 11)));
  CHECK(calendar.ClosureCovering(D(2026, 10, 11))->name == "Long weekend");
  CHECK(calendar.ClosureCovering(D(2026, 10, 10))->name == "Long weekend");
  CHECK(calendar.IsMakeupDay(D(2026, 10, 10)));
  CHECK(calendar.ClosureCovering(D(2026, 10, 13)) == nullptr);
  REQUIRE(calendar.BlackoutCovering(D(2026, 9, 22)));
  CHECK(calendar.BlackoutCovering(D(2026, 9, 22))->name == "Picture day");
  CHECK(calendar.BlackoutCovering(D(2026, 9, 23)) == nullptr);
}

TEST_CASE("Next, previous and first-in-range queries") {
  const Calendar plain(FallTerm(), FallCadence(false));
  const Calendar saturday(FallTerm(), FallCadence(true));
  struct Case {
    const char* what;
    std::optional<Date> actual;
    std::optional<Date> expected;
  };
  const Case cases[] = {
      {"next after Thu 10-08", plain.NextInstructionalDay(D(2026, 10, 8)), D(2026, 10, 10)},
      {"next before the year", plain.NextInstructionalDay(D(2026, 8, 1)), D(2026, 9, 8)},
      {"next after the last", plain.NextInstructionalDay(D(2026, 10, 30)), std::nullopt},
      {"previous of 10-13", plain.PreviousInstructionalDay(D(2026, 10, 13)), D(2026, 10, 10)},
      {"previous of day 1", plain.PreviousInstructionalDay(D(2026, 9, 8)), std::nullopt},
      {"previous after the year", plain.PreviousInstructionalDay(D(2027, 1, 1)), D(2026, 10, 30)},
      {"send after Mon 09-21", plain.FirstSendDayAfter(D(2026, 9, 21)), D(2026, 9, 23)},
      {"send after Thu 10-08", plain.FirstSendDayAfter(D(2026, 10, 8)), D(2026, 10, 13)},
      {"send after 10-08, Sat", saturday.FirstSendDayAfter(D(2026, 10, 8)), D(2026, 10, 10)},
      {"send after the last", plain.FirstSendDayAfter(D(2026, 10, 29)), std::nullopt},
      {"first send in 09-21..22", plain.FirstSendDayIn(D(2026, 9, 21), D(2026, 9, 22)),
       std::nullopt},
      {"first send in 09-21..24", plain.FirstSendDayIn(D(2026, 9, 21), D(2026, 9, 24)),
       D(2026, 9, 23)},
      {"last send in 09-14..22", plain.LastSendDayIn(D(2026, 9, 14), D(2026, 9, 22)),
       D(2026, 9, 17)},
      {"last send in 09-18..22", plain.LastSendDayIn(D(2026, 9, 18), D(2026, 9, 22)), std::nullopt},
      {"last send, empty range", plain.LastSendDayIn(D(2026, 9, 24), D(2026, 9, 23)), std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(c.actual == c.expected);
  }
}

TEST_CASE("A closure spanning the weekend and the new year") {
  CalendarConfig config = testing::Year(D(2026, 12, 1), D(2027, 1, 29));
  config.closures = {Range("Winter break", D(2026, 12, 19), D(2027, 1, 3))};
  const Calendar calendar(config, CadenceConfig{});
  CHECK(calendar.InstructionalDayNumber(D(2026, 12, 18)) == 14);
  CHECK_FALSE(calendar.IsInstructional(D(2026, 12, 31)));
  CHECK(calendar.ClosureCovering(D(2027, 1, 1))->name == "Winter break");
  CHECK(calendar.NextInstructionalDay(D(2026, 12, 18)) == D(2027, 1, 4));
  CHECK(calendar.InstructionalDayNumber(D(2027, 1, 4)) == 15);
  CHECK(calendar.FirstSendDayAfter(D(2026, 12, 17)) == D(2027, 1, 5));
  CHECK(calendar.PreviousInstructionalDay(D(2027, 1, 4)) == D(2026, 12, 18));
}

TEST_CASE("Empty and fully closed years have no instructional days") {
  CalendarConfig empty = testing::Year(D(2026, 9, 8), D(2026, 9, 7));
  CalendarConfig closed = testing::Year(D(2026, 9, 8), D(2026, 9, 30));
  closed.closures = {Range("Strike", D(2026, 9, 1), D(2026, 10, 31))};
  for (const CalendarConfig& config : {empty, closed}) {
    const Calendar calendar(config, CadenceConfig{});
    CHECK(calendar.instructional_day_count() == 0);
    CHECK_FALSE(calendar.NthInstructionalDay(1));
    CHECK_FALSE(calendar.NextInstructionalDay(D(2026, 9, 1)));
    CHECK_FALSE(calendar.PreviousInstructionalDay(D(2026, 12, 1)));
    CHECK_FALSE(calendar.FirstSendDayAfter(D(2026, 9, 1)));
    CHECK_FALSE(calendar.IsInstructional(D(2026, 9, 8)));
  }
}

}  // namespace
}  // namespace nudged
