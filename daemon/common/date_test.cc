#include "nudged/date.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("ParseIsoDate accepts exactly YYYY-MM-DD of a real day") {
  struct Case {
    const char* text;
    bool ok;
  };
  const Case cases[] = {
      {"2026-09-08", true},  {"2028-02-29", true},   {"2027-02-29", false},
      {"2026-13-01", false}, {"2026-00-10", false},  {"2026-9-8", false},
      {" 2026-09-08", false}, {"2026/09/08", false}, {"", false},
      {"2026-09-31", false}, {"20260908xx", false},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto parsed = ParseIsoDate(c.text);
    CHECK(parsed.has_value() == c.ok);
    if (parsed) CHECK(FormatIsoDate(*parsed) == c.text);
  }
}

TEST_CASE("Weekday names round-trip and sets print in week order") {
  WeekdaySet set;
  for (const char* name : {"Thu", "Tue", "Sun"}) {
    auto day = ParseWeekdayName(name);
    REQUIRE(day);
    CHECK(WeekdayName(*day) == name);
    set.Insert(*day);
  }
  CHECK(set.ToString() == "Tue, Thu, Sun");
  CHECK_FALSE(ParseWeekdayName("tue"));
  CHECK_FALSE(ParseWeekdayName("Tuesday"));
  CHECK(set.Contains(MakeDate(2026, 12, 1)));  // a Tuesday
  CHECK_FALSE(set.Contains(MakeDate(2026, 12, 2)));
}

TEST_CASE("LocalTime parses HH:MM on a 24-hour clock") {
  CHECK(LocalTime::Parse("16:00")->minutes_since_midnight() == 960);
  CHECK(LocalTime::Parse("23:59")->ToString() == "23:59");
  CHECK_FALSE(LocalTime::Parse("24:00"));
  CHECK_FALSE(LocalTime::Parse("7:00"));
  CHECK_FALSE(LocalTime::Parse("07:60"));
  CHECK(LocalTime(8, 0) < LocalTime(21, 0));
}

}  // namespace
}  // namespace nudged
