#include "calendar/schedule.h"

#include <algorithm>

#include <catch2/catch.hpp>

#include "calendar/calendar.h"
#include "calendar/test_configs.h"

namespace nudged {
namespace {

using namespace std::chrono;  // NOLINT: weekday constants in tables
using testing::D;
using testing::Range;

// One expected wave; `count_through` is checked only when set.
struct Expected {
  Date date;
  const char* marking_period;
  const char* reason;
  std::optional<Date> count_through = std::nullopt;
};

void CheckWaves(const Schedule& schedule, const std::vector<Expected>& expected) {
  REQUIRE(schedule.waves.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Wave& wave = schedule.waves[i];
    INFO("wave " << i + 1 << " on " << FormatIsoDate(wave.date) << ": " << wave.reason);
    CHECK(wave.number == static_cast<int>(i) + 1);
    CHECK(wave.kind == (i == 0 ? WaveKind::kInitial : WaveKind::kRecurring));
    CHECK(FormatIsoDate(wave.date) == FormatIsoDate(expected[i].date));
    CHECK(wave.marking_period == expected[i].marking_period);
    CHECK(wave.reason == expected[i].reason);
    if (expected[i].count_through) {
      CHECK(FormatIsoDate(wave.count_through) == FormatIsoDate(*expected[i].count_through));
    }
  }
}

TEST_CASE("WaveKindName") {
  CHECK(WaveKindName(WaveKind::kInitial) == "initial");
  CHECK(WaveKindName(WaveKind::kRecurring) == "recurring");
}

TEST_CASE("The 2026-27 district year: alignment, a blackout, targets, the cut-off") {
  Schedule schedule = BuildSchedule(testing::District2026(), testing::District2026Cadence());
  CheckWaves(schedule,
             {
                 {D(2026, 9, 29), "Q1", "first send day after instructional day 15 (2026-09-28)",
                  D(2026, 9, 25)},
                 // Alignment wins over the target 2026-11-03.
                 {D(2026, 11, 10), "Q2", "marking period Q1 ended 2026-11-06", D(2026, 11, 6)},
                 {D(2026, 12, 17), "Q2",
                  "target 2026-12-15 fell on a blackout (Report cards); moved to 2026-12-17, 5 "
                  "weeks and 2 days after wave 2",
                  D(2026, 12, 15)},
                 {D(2027, 1, 21), "Q2", "5 weeks after wave 3 (target 2027-01-21)", D(2027, 1, 19)},
                 {D(2027, 2, 25), "Q3", "5 weeks after wave 4 (target 2027-02-25)", D(2027, 2, 23)},
                 {D(2027, 4, 1), "Q3", "5 weeks after wave 5 (target 2027-04-01)", D(2027, 3, 30)},
                 {D(2027, 5, 6), "Q4", "5 weeks after wave 6 (target 2027-05-06)", D(2027, 5, 4)},
                 {D(2027, 6, 10), "Q4", "5 weeks after wave 7 (target 2027-06-10)", D(2027, 6, 8)},
             });
  CHECK(schedule.instructional_days == 183);
  CHECK(schedule.last_allowed_wave_date == D(2027, 6, 11));
  CHECK(schedule.warnings.empty());
}

TEST_CASE("Without alignment wave 2 takes its target") {
  CadenceConfig cadence = testing::District2026Cadence();
  cadence.align_to_marking_periods = false;
  Schedule schedule = BuildSchedule(testing::District2026(), cadence);
  REQUIRE(schedule.waves.size() >= 2);
  CHECK(schedule.waves[1].date == D(2026, 11, 3));
  CHECK(schedule.waves[1].reason == "5 weeks after wave 1 (target 2026-11-03)");
  CHECK(schedule.waves[1].marking_period == "Q1");
}

TEST_CASE("A candidate past the cut-off ends the schedule, too few waves warn") {
  CadenceConfig cadence = testing::District2026Cadence();
  cadence.no_waves_in_last_instructional_days = 15;
  cadence.min_waves = 8;
  Schedule schedule = BuildSchedule(testing::District2026(), cadence);
  CHECK(schedule.last_allowed_wave_date == D(2027, 6, 4));
  REQUIRE(schedule.waves.size() == 7);  // wave 8 would be 2027-06-10
  CHECK(schedule.waves.back().date == D(2027, 5, 6));
  CHECK(schedule.warnings ==
        std::vector<std::string>{"only 7 waves fit in the school year; min_waves is 8"});
}

TEST_CASE("A target inside a closure over the new year moves to the next send day") {
  CalendarConfig calendar = testing::Year(D(2026, 11, 2), D(2027, 3, 26));
  calendar.closures = {Range("Winter break", D(2026, 12, 21), D(2027, 1, 1))};
  Schedule schedule = BuildSchedule(calendar, testing::Cadence(1, 3, 4, 5));
  CheckWaves(
      schedule,
      {
          {D(2026, 11, 3), "", "first send day after instructional day 1 (2026-11-02)",
           D(2026, 11, 1)},  // grace 1 before day 1: nothing counted
          {D(2026, 12, 1), "", "4 weeks after wave 1 (target 2026-12-01)", D(2026, 11, 27)},
          {D(2027, 1, 5), "",
           "target 2026-12-29 fell in Winter break; moved to 2027-01-05, 5 weeks after wave 2",
           D(2026, 12, 18)},
          {D(2027, 2, 2), "", "4 weeks after wave 3 (target 2027-02-02)"},
          {D(2027, 3, 2), "", "4 weeks after wave 4 (target 2027-03-02)"},
          {D(2027, 3, 25), "",
           "no send day between 2027-03-30 and 2027-04-06 (the school year ends 2027-03-26); "
           "moved back to 2027-03-25, the latest send day before the target 2027-03-30, 3 weeks "
           "and 2 days after wave 5"},
      });
  CHECK(schedule.warnings.empty());
}

TEST_CASE("A window with no send day at all goes to the first send day after it") {
  CalendarConfig calendar = testing::Year(D(2027, 1, 4), D(2027, 3, 12));
  calendar.closures = {Range("Storm closure", D(2027, 1, 26), D(2027, 2, 26))};
  Schedule schedule = BuildSchedule(calendar, testing::Cadence(1, 3, 4, 5));
  CheckWaves(schedule,
             {
                 {D(2027, 1, 5), "", "first send day after instructional day 1 (2027-01-04)"},
                 {D(2027, 3, 2), "",
                  "no send day between 2027-01-26 and 2027-02-09 (Storm closure); first "
                  "send day after the window, 8 weeks after wave 1"},
             });
  CHECK(schedule.warnings ==
        std::vector<std::string>{"only 2 waves fit in the school year; min_waves is 6"});
}

TEST_CASE("A first day that is not instructional and the count-through grace") {
  struct Case {
    Date first_day;
    int grace;
    Date count_through;
  };
  const Case cases[] = {
      {D(2026, 9, 5), 1, D(2026, 9, 4)},  // a Saturday; grace reaches before day 1
      {D(2026, 9, 5), 0, D(2026, 9, 8)},
      {D(2026, 9, 7), 0, D(2026, 9, 8)},  // inside the Labor Day closure
  };
  for (const auto& c : cases) {
    INFO(FormatIsoDate(c.first_day) << " grace " << c.grace);
    CalendarConfig calendar = testing::Year(c.first_day, D(2026, 10, 30));
    calendar.closures = {Range("Labor Day", D(2026, 9, 7), D(2026, 9, 7))};
    CadenceConfig cadence = testing::Cadence(1, 4, 5, 6);
    cadence.correction_grace_instructional_days = c.grace;
    Schedule schedule = BuildSchedule(calendar, cadence);
    REQUIRE_FALSE(schedule.waves.empty());
    CHECK(schedule.waves[0].date == D(2026, 9, 9));
    CHECK(schedule.waves[0].reason == "first send day after instructional day 1 (2026-09-08)");
    CHECK(FormatIsoDate(schedule.waves[0].count_through) == FormatIsoDate(c.count_through));
  }
}

TEST_CASE("A makeup Saturday is a wave date only when Saturday is a send weekday") {
  CalendarConfig calendar = testing::Year(D(2026, 9, 7), D(2026, 12, 18));
  calendar.makeup_days = {D(2026, 10, 10)};
  CadenceConfig cadence = testing::Cadence(25, 4, 5, 6);
  CHECK(BuildSchedule(calendar, cadence).waves.at(0).date == D(2026, 10, 13));
  cadence.send_weekdays = testing::Days({Tuesday, Wednesday, Thursday, Saturday});
  CheckWaves(BuildSchedule(calendar, cadence),
             {
                 {D(2026, 10, 10), "", "first send day after instructional day 25 (2026-10-09)",
                  D(2026, 10, 8)},
                 {D(2026, 11, 17), "",
                  "target 2026-11-14 is a Saturday, not a school day; moved to 2026-11-17, 5 "
                  "weeks and 3 days after wave 1"},
                 {D(2026, 12, 17), "",
                  "no send day between 2026-12-22 and 2026-12-29 (the school year ends "
                  "2026-12-18); moved back to 2026-12-17, the latest send day before the "
                  "target 2026-12-22, 4 weeks and 2 days after wave 2"},
             });
}

TEST_CASE("A 2027-28 year sends on the leap day") {
  CadenceConfig cadence = testing::Cadence(25, 4, 5, 6);
  cadence.no_waves_in_last_instructional_days = 10;
  Schedule schedule = BuildSchedule(testing::Year(D(2027, 9, 7), D(2028, 6, 23)), cadence);
  const Date expected[] = {D(2027, 10, 12), D(2027, 11, 16), D(2027, 12, 21), D(2028, 1, 25),
                           D(2028, 2, 29),  D(2028, 4, 4),   D(2028, 5, 9)};
  REQUIRE(schedule.waves.size() == std::size(expected));
  for (size_t i = 0; i < std::size(expected); ++i) CHECK(schedule.waves[i].date == expected[i]);
  CHECK(schedule.waves[4].reason == "5 weeks after wave 4 (target 2028-02-29)");
  CHECK(schedule.waves[4].count_through == D(2028, 2, 25));
  CHECK(schedule.last_allowed_wave_date == D(2028, 6, 9));  // 2028-06-13 is past it
  CHECK(schedule.warnings.empty());
}

TEST_CASE("A one-day window inside a closure names the day and the closure") {
  // Weekly Tuesday waves from 2026-09-29; the window after 2026-12-15 is 2026-12-22 alone.
  Schedule schedule = BuildSchedule(testing::District2026(), testing::Cadence(15, 1, 1, 1));
  auto in_break = std::find_if(schedule.waves.begin(), schedule.waves.end(),
                               [](const Wave& wave) { return wave.date == D(2027, 1, 5); });
  REQUIRE(in_break != schedule.waves.end());
  REQUIRE(in_break != schedule.waves.begin());
  const Wave& previous = *(in_break - 1);
  CHECK(previous.date == D(2026, 12, 15));
  CHECK(in_break->reason ==
        "no send day on 2026-12-22 (Winter break); first send day after the window, 3 weeks "
        "after wave " +
            std::to_string(previous.number));
}

TEST_CASE("Degenerate inputs terminate with zero or few waves and a warning") {
  CalendarConfig closed = testing::Year(D(2026, 9, 8), D(2027, 6, 25));
  closed.closures = {Range("Strike", D(2026, 9, 1), D(2027, 6, 30))};
  CadenceConfig no_send_days;
  no_send_days.send_weekdays = WeekdaySet{};
  CadenceConfig zero_weeks = testing::Cadence(1, 0, 0, 0);
  CadenceConfig late_first = testing::Cadence(1000, 4, 5, 6);
  CadenceConfig cut_all = testing::Cadence(1, 4, 5, 6);
  cut_all.no_waves_in_last_instructional_days = 17;
  struct Case {
    const char* what;
    CalendarConfig calendar;
    CadenceConfig cadence;
    const char* first_warning;
  };
  const Case cases[] = {
      {"everything closed", closed, CadenceConfig{},
       "no wave fits: the school year has no instructional days"},
      {"empty year", testing::Year(D(2026, 9, 8), D(2026, 9, 1)), testing::Cadence(1, 4, 5, 6),
       "no wave fits: the school year has no instructional days"},
      {"cut-off covers the year", testing::Year(D(2026, 9, 8), D(2026, 9, 30)), cut_all,
       "no wave fits: the school year has 17 instructional days, and "
       "no_waves_in_last_instructional_days is 17"},
      {"no send weekdays", testing::District2026(), no_send_days,
       "no wave fits: there is no send day after instructional day 15 (2026-09-28) (send "
       "weekdays: none configured)"},
      {"year too short", testing::Year(D(2026, 9, 8), D(2026, 9, 30)), CadenceConfig{},
       "no wave fits: wave 1 would be 2026-09-29, after the cut-off 2026-09-16 (no waves in the "
       "last 10 instructional days)"},
      {"first wave after the year", testing::District2026(), late_first,
       "no wave fits: the school year has 183 instructional days, and wave 1 comes after "
       "instructional day 1000"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    Schedule schedule = BuildSchedule(c.calendar, c.cadence);
    CHECK(schedule.waves.empty());
    REQUIRE(schedule.warnings.size() == 2);
    CHECK(schedule.warnings[0] == c.first_warning);
    CHECK(schedule.warnings[1] == "no waves fit in the school year; min_waves is 6");
  }
  // Interval weeks of 0 are treated as 1 week, so the loop still moves forward.
  Schedule weekly = BuildSchedule(testing::District2026(), zero_weeks);
  CHECK(weekly.waves.size() > 30);
}

// Returns the broken invariants of `schedule`, one line each; empty when all hold.
std::vector<std::string> BrokenInvariants(const Schedule& schedule, const CalendarConfig& config,
                                          const CadenceConfig& cadence) {
  const Calendar calendar(config, cadence);
  std::vector<std::string> broken;
  auto fail = [&](const Wave& wave, const char* what) {
    broken.push_back(std::string(what) + ": wave " + std::to_string(wave.number) + " " +
                     FormatIsoDate(wave.date) + " (" + wave.reason + ")");
  };
  const Wave* previous = nullptr;
  for (const Wave& wave : schedule.waves) {
    if (!calendar.IsSendDay(wave.date)) fail(wave, "not a send day");
    if (wave.date > *schedule.last_allowed_wave_date) fail(wave, "after the cut-off");
    if (wave.count_through >= wave.date) fail(wave, "counts through the wave date");
    if (!calendar.IsInstructional(wave.count_through) &&
        wave.count_through != config.first_day - days(1)) {
      fail(wave, "count-through not instructional");
    }
    if (previous != nullptr) {
      auto gap = (wave.date - previous->date).count();
      bool explained = wave.reason.find("after the window") != std::string::npos;
      if (gap <= 0) fail(wave, "not after the previous wave");
      if (!explained &&
          (gap < 7 * cadence.interval_min_weeks || gap > 7 * cadence.interval_max_weeks)) {
        fail(wave, "gap outside the interval, unexplained");
      }
      if (wave.count_through < previous->count_through) fail(wave, "count-through goes back");
    }
    previous = &wave;
  }
  return broken;
}

TEST_CASE("Property: generated calendars keep the schedule invariants") {
  struct Interval {
    int min, target, max;
  };
  const Interval intervals[] = {{1, 1, 1}, {1, 2, 3}, {2, 3, 4}, {4, 5, 6}, {3, 6, 8}};
  int schedules = 0;
  // Shape: every first day from late August to late September, crossed with intervals,
  // alignment, first-wave rules and cut-offs, on the 2026-27 closures and quarters.
  for (Date first = D(2026, 8, 24); first <= D(2026, 9, 20); first += days(1)) {
    CalendarConfig config = testing::District2026();
    config.first_day = first;
    config.marking_periods.front().from = first;
    for (const Interval& interval : intervals) {
      for (int variant = 0; variant < 8; ++variant) {
        CadenceConfig cadence = testing::District2026Cadence();
        cadence.interval_min_weeks = interval.min;
        cadence.interval_target_weeks = interval.target;
        cadence.interval_max_weeks = interval.max;
        cadence.align_to_marking_periods = (variant & 1) != 0;
        cadence.first_wave_after_instructional_days = (variant & 2) != 0 ? 15 : 1;
        cadence.no_waves_in_last_instructional_days = (variant & 4) != 0 ? 10 : 0;
        Schedule schedule = BuildSchedule(config, cadence);
        INFO("first day " << FormatIsoDate(first) << ", weeks " << interval.min << "/"
                          << interval.target << "/" << interval.max << ", variant " << variant);
        REQUIRE_FALSE(schedule.waves.empty());
        CHECK(BrokenInvariants(schedule, config, cadence).empty());
        ++schedules;
      }
    }
  }
  CHECK(schedules == 28 * 5 * 8);
}

}  // namespace
}  // namespace nudged
