// StudentCounter: one student's counts and anomalies, as tables of cases over a two-week year
// (Mon 2026-09-07 to Fri 2026-09-18, closed Mon 2026-09-14: 9 instructional days).

#include "sis/student_counter.h"

#include <catch2/catch.hpp>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using testing::D;

TEST_CASE("Durations are exact decimals in millionths of a day", "[sis]") {
  struct Case {
    const char* text;
    std::optional<DayMicros> micros;
  };
  const Case cases[] = {
      {"1", kOneDay},       {"1.00", kOneDay},   {"0.50", 500'000},      {".5", 500'000},
      {"0.333333", 333'333}, {"0.3333339", 333'333}, {"-0.25", -250'000}, {"0", 0},
      {"", std::nullopt},   {".", std::nullopt},  {"1.5x", std::nullopt}, {"half", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(ParseDayMicros(c.text) == c.micros);
  }
  CHECK(FormatDayMicros(12 * kOneDay) == "12");
  CHECK(FormatDayMicros(2'500'000) == "2.5");
  CHECK(FormatDayMicros(333'333) == "0.333333");
  CHECK(FormatDayMicros(0) == "0");
  CHECK(FormatDayMicros(-250'000) == "-0.25");
}

SyncRequest TwoWeeks(Date as_of) {
  SyncRequest request;
  request.school_year = "2026-2027";
  request.first_day = D(2026, 9, 7);
  request.as_of = as_of;
  for (Date day = D(2026, 9, 7); day <= D(2026, 9, 18); day += std::chrono::days(1)) {
    const std::chrono::weekday weekday{day};
    if (weekday != std::chrono::Saturday && weekday != std::chrono::Sunday &&
        day != D(2026, 9, 14)) {
      request.instructional_days.push_back(day);
    }
  }
  request.next_wave = WaveBound{2, D(2026, 9, 16)};
  request.previous_wave = WaveBound{1, D(2026, 9, 9)};
  return request;
}

std::unordered_map<std::string, CategoryRule> Categories() {
  return {{"Excused Absence", {true, "1.00"}},
          {"Unexcused Absence", {true, "1.00"}},
          {"Partial", {true, "0.50"}},
          {"Tardy", {false, std::nullopt}},
          {"Broken", {true, std::nullopt}}};
}

Stay At(std::int64_t school, Date entry, std::optional<Date> exit = std::nullopt) {
  return {entry, exit, school, "05"};
}

AttendanceEvent Event(Date date, const char* category, std::optional<std::string> duration = {},
                      std::int64_t school = 1) {
  return {date, school, category, std::move(duration)};
}

TEST_CASE("StudentCounter counts days, not events, inside enrollments", "[sis]") {
  const StudentCounter counter(TwoWeeks(D(2026, 9, 18)), Categories());
  struct Case {
    const char* name;
    std::vector<Stay> stays;
    std::vector<AttendanceEvent> events;
    int days_total;
    DayMicros total, next, previous;
    std::vector<std::string> anomaly_kinds;
  };
  const Case cases[] = {
      {"no events", {At(1, D(2026, 9, 7))}, {}, 9, 0, 0, 0, {}},
      {"two absences", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 8), "Excused Absence"), Event(D(2026, 9, 17), "Unexcused Absence")},
       9, 2 * kOneDay, kOneDay, kOneDay, {}},
      {"half days", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 8), "Partial"), Event(D(2026, 9, 10), "Excused Absence", "0.5")},
       9, kOneDay, kOneDay, 500'000, {}},
      {"two events on one day count once, capped at 1", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 8), "Excused Absence"), Event(D(2026, 9, 8), "Partial")},
       9, kOneDay, kOneDay, kOneDay, {"duplicate_events"}},
      {"two half days on one day make one", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 8), "Partial"), Event(D(2026, 9, 8), "Excused Absence", "0.50")},
       9, kOneDay, kOneDay, kOneDay, {"duplicate_events"}},
      {"tardies are not absences", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 8), "Tardy"), Event(D(2026, 9, 9), "Tardy")}, 9, 0, 0, 0, {}},
      {"an absence on a closure or weekend is reported, not counted", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 14), "Excused Absence"), Event(D(2026, 9, 12), "Excused Absence")},
       9, 0, 0, 0, {"non_instructional_day", "non_instructional_day"}},
      {"an absence before the entry is outside the enrollment", {At(1, D(2026, 9, 10))},
       {Event(D(2026, 9, 8), "Excused Absence"), Event(D(2026, 9, 10), "Excused Absence")},
       6, kOneDay, kOneDay, 0, {"outside_enrollment"}},
      {"a withdrawal ends the enrolled days", {At(1, D(2026, 9, 7), D(2026, 9, 9))},
       {Event(D(2026, 9, 9), "Excused Absence"), Event(D(2026, 9, 10), "Excused Absence")},
       3, kOneDay, kOneDay, kOneDay, {"outside_enrollment"}},
      {"a transfer counts each school's own events",
       {At(1, D(2026, 9, 7), D(2026, 9, 10)), At(2, D(2026, 9, 11))},
       {Event(D(2026, 9, 8), "Excused Absence", {}, 1),
        Event(D(2026, 9, 15), "Excused Absence", {}, 2),
        Event(D(2026, 9, 16), "Excused Absence", {}, 1)},
       9, 2 * kOneDay, 2 * kOneDay, kOneDay, {"outside_enrollment"}},
      {"overlapping stays count each day once",
       {At(1, D(2026, 9, 7), D(2026, 9, 11)), At(1, D(2026, 9, 9))}, {}, 9, 0, 0, 0, {}},
      {"an unknown category and a bad duration are reported", {At(1, D(2026, 9, 7))},
       {Event(D(2026, 9, 8), "Mystery"), Event(D(2026, 9, 9), "Broken"),
        Event(D(2026, 9, 10), "Excused Absence", "1.5")},
       9, 0, 0, 0, {"unknown_category", "duration_out_of_range", "duration_out_of_range"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    StudentCounts counts;
    std::vector<Anomaly> anomalies;
    REQUIRE(counter.Count(c.stays, c.events, &counts, &anomalies));
    CHECK(counts.days_total == c.days_total);
    CHECK(counts.absences_total == c.total);
    CHECK(counts.absences_next == c.next);
    CHECK(counts.absences_previous == c.previous);
    std::vector<std::string> kinds;
    for (const Anomaly& anomaly : anomalies) kinds.push_back(anomaly.kind);
    CHECK(kinds == c.anomaly_kinds);
  }
}

TEST_CASE("StudentCounter names the latest stay's school and reports the day's categories",
          "[sis]") {
  const StudentCounter counter(TwoWeeks(D(2026, 9, 18)), Categories());
  StudentCounts counts;
  std::vector<Anomaly> anomalies;
  REQUIRE(counter.Count({At(7, D(2026, 9, 7), D(2026, 9, 10)), At(3, D(2026, 9, 11))},
                        {Event(D(2026, 9, 15), "Unexcused Absence", {}, 3),
                         Event(D(2026, 9, 15), "Excused Absence", {}, 3)},
                        &counts, &anomalies));
  CHECK(counts.school_id == 3);
  CHECK(counts.first_entry == D(2026, 9, 7));
  CHECK(counts.enrolled_on_as_of);
  REQUIRE(anomalies.size() == 1);
  CHECK(anomalies[0].category == "Excused Absence, Unexcused Absence");
  CHECK(anomalies[0].detail == "2 absence events on one day, counted once");
}

TEST_CASE("StudentCounter gives no snapshot to a student not enrolled by as_of", "[sis]") {
  const StudentCounter counter(TwoWeeks(D(2026, 9, 9)), Categories());
  StudentCounts counts;
  std::vector<Anomaly> anomalies;
  CHECK_FALSE(counter.Count({At(1, D(2026, 9, 10))}, {}, &counts, &anomalies));
  CHECK_FALSE(counter.Count({}, {Event(D(2026, 9, 8), "Excused Absence")}, &counts, &anomalies));
  REQUIRE(anomalies.size() == 1);
  CHECK(anomalies[0].kind == "outside_enrollment");
  // Withdrawn before as_of: still a snapshot row, not enrolled on as_of.
  REQUIRE(counter.Count({At(1, D(2026, 9, 7), D(2026, 9, 8))}, {}, &counts, &anomalies));
  CHECK_FALSE(counts.enrolled_on_as_of);
  CHECK(counts.days_total == 2);
}

}  // namespace
}  // namespace nudged
