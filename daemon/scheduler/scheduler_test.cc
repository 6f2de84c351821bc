// Table-driven tests of the pure scheduler (scheduler/scheduler.h) on the 2026-27 district of
// DESIGN.md in America/New_York: waves on 2026-09-29 (count-through 09-25), 11-10, 12-15, ...
// and sync_at 02:00, plan_at 06:00, send window from 16:00, relevance 48 hours.

#include "scheduler/scheduler.h"

#include <catch2/catch.hpp>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using testing::D;
using testing::UtcInstant;

struct Case {
  const char* name;
  const char* now;
  SchedulerView view;
  std::vector<SchedulerAction> actions;
  std::optional<const char*> next;  // nullopt: nothing is due ever again
};

SchedulerAction Sync(Date as_of) { return {ActionKind::kSync, as_of, 0}; }
SchedulerAction Plan(int wave) { return {ActionKind::kPlan, {}, wave}; }
SchedulerAction Miss(int wave) { return {ActionKind::kMiss, {}, wave}; }
SchedulerAction Close(int wave) { return {ActionKind::kClose, {}, wave}; }

SchedulerView View(std::optional<Date> last_sync, std::map<int, WaveProgress> waves = {}) {
  return SchedulerView{last_sync, std::move(waves)};
}

// Every wave of the year sent: only the nightly sync remains.
std::map<int, WaveProgress> AllSent() {
  std::map<int, WaveProgress> waves;
  for (int wave = 1; wave <= 8; ++wave) waves[wave] = {"sent", true, 0};
  return waves;
}

SchedulerTimes NewYorkTimes() {
  SchedulerTimes times;
  times.zone = date::locate_zone("America/New_York");
  return times;
}

std::string Describe(const std::vector<SchedulerAction>& actions) {
  std::string text;
  for (const SchedulerAction& a : actions) {
    text += std::string(ActionKindName(a.kind)) + "(" +
            (a.kind == ActionKind::kSync ? FormatIsoDate(a.as_of) : std::to_string(a.wave)) + ") ";
  }
  return text;
}

TEST_CASE("The scheduler decides what is due and when to look again", "[scheduler]") {
  const CalendarConfig calendar_config = testing::District2026();
  const CadenceConfig cadence = testing::District2026Cadence();
  const Calendar calendar(calendar_config, cadence);
  const Schedule schedule = BuildSchedule(calendar_config, cadence);
  REQUIRE(schedule.waves.size() >= 6);
  REQUIRE(schedule.waves[0].date == D(2026, 9, 29));
  REQUIRE(schedule.waves[0].count_through == D(2026, 9, 25));
  const SchedulerTimes times = NewYorkTimes();

  const Case cases[] = {
      {"before the year nothing is due; the first sync is on the first day at 02:00 EDT",
       "2026-08-20T12:00:00Z",
       View(std::nullopt),
       {},
       "2026-09-08T06:00:00Z"},
      {"started after sync_at on a school day: the night's sync runs at start",
       "2026-09-15T07:00:00Z",
       View(D(2026, 9, 14)),
       {Sync(D(2026, 9, 15))},
       "2026-09-16T06:00:00Z"},
      {"started before sync_at: yesterday's sync is done, wait for tonight",
       "2026-09-15T05:59:59Z",
       View(D(2026, 9, 14)),
       {},
       "2026-09-15T06:00:00Z"},
      {"a weekend has no nightly sync: Saturday waits for Monday",
       "2026-09-19T12:00:00Z",
       View(D(2026, 9, 18)),
       {},
       "2026-09-21T06:00:00Z"},
      {"wave day before plan_at: wait for 06:00 EDT",
       "2026-09-29T09:59:59Z",
       View(D(2026, 9, 29), {{1, {"", true, 0}}}),
       {},
       "2026-09-29T10:00:00Z"},
      {"wave day at plan_at with a covering sync: plan",
       "2026-09-29T10:00:00Z",
       View(D(2026, 9, 29), {{1, {"", true, 0}}}),
       {Plan(1)},
       "2026-09-30T06:00:00Z"},
      {"wave day at plan_at without a covering sync: sync as of the wave's date first",
       "2026-09-29T10:00:00Z",
       View(D(2026, 9, 29)),
       {Sync(D(2026, 9, 29))},
       "2026-09-30T06:00:00Z"},
      {"down over the wave day, back within its relevance: tonight's sync first",
       "2026-09-30T15:00:00Z",
       View(D(2026, 9, 25)),
       {Sync(D(2026, 9, 30))},
       "2026-10-01T06:00:00Z"},
      {"then a sync as of the wave's date, which covers it (a later one would not)",
       "2026-09-30T15:00:00Z",
       View(D(2026, 9, 30)),
       {Sync(D(2026, 9, 29))},
       "2026-10-01T06:00:00Z"},
      {"then the late plan",
       "2026-09-30T15:01:00Z",
       View(D(2026, 9, 30), {{1, {"", true, 0}}}),
       {Plan(1)},
       "2026-10-01T06:00:00Z"},
      {"down past the wave's relevance (16:00 EDT + 48 h): recorded as missed",
       "2026-10-01T20:00:00Z",
       View(D(2026, 10, 1), {{1, {"planned", true, 0}}}),
       {Miss(1)},
       "2026-10-02T06:00:00Z"},
      {"an enqueued wave with rows on their way is left alone",
       "2026-09-29T21:00:00Z",
       View(D(2026, 9, 29), {{1, {"enqueued", true, 12}}}),
       {},
       "2026-09-30T06:00:00Z"},
      {"an enqueued wave whose rows all ended is closed",
       "2026-09-30T01:00:00Z",
       View(D(2026, 9, 29), {{1, {"enqueued", true, 0}}}),
       {Close(1)},
       "2026-09-30T06:00:00Z"},
      {"an enqueued wave with letters no dispatcher sends yet stays open",
       "2026-09-30T01:00:00Z",
       View(D(2026, 9, 29), {{1, {"enqueued", true, 0, 7}}}),
       {},
       "2026-09-30T06:00:00Z"},
      {"a wave never runs twice: sent, missed and held waves are not planned",
       "2026-09-29T12:00:00Z",
       View(D(2026, 9, 29), {{1, {"held", true, 0}}}),
       {},
       "2026-09-30T06:00:00Z"},
      {"an approved wave is planned",
       "2026-09-29T17:00:00Z",
       View(D(2026, 9, 29), {{1, {"approved", true, 0}}}),
       {Plan(1)},
       "2026-09-30T06:00:00Z"},
      {"plan_at on a wave day after the fall-back change is 06:00 EST (11:00 UTC)",
       "2026-11-10T10:59:00Z",
       View(D(2026, 11, 10), {{1, {"sent", true, 0}}, {2, {"", true, 0}}}),
       {},
       "2026-11-10T11:00:00Z"},
      {"last day of the year: its sync, then nothing ever again",
       "2027-06-25T06:00:00Z",
       View(D(2027, 6, 24), AllSent()),
       {Sync(D(2027, 6, 25))},
       std::nullopt},
      {"after the year with everything done: nothing",
       "2027-07-10T12:00:00Z",
       View(D(2027, 6, 25), AllSent()),
       {},
       std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const SchedulerDecision decision = Decide(calendar, schedule, times, UtcInstant(c.now), c.view);
    CHECK(Describe(decision.actions) == Describe(c.actions));
    REQUIRE(decision.next.has_value() == c.next.has_value());
    if (c.next) CHECK(*decision.next == UtcInstant(*c.next));
  }
}

TEST_CASE("The nightly sync follows local time across DST changes", "[scheduler]") {
  // Every day instructional, no waves: only the nightly sync.
  CalendarConfig calendar_config = testing::Year(D(2026, 10, 1), D(2027, 4, 30));
  calendar_config.instructional_weekdays = WeekdaySet::Weekdays();
  for (auto day : {std::chrono::Saturday, std::chrono::Sunday})
    calendar_config.instructional_weekdays.Insert(day);
  CadenceConfig cadence = testing::Cadence(1000, 4, 5, 6);
  const Calendar calendar(calendar_config, cadence);
  const Schedule schedule = BuildSchedule(calendar_config, cadence);
  REQUIRE(schedule.waves.empty());
  SchedulerTimes times = NewYorkTimes();

  struct DstCase {
    const char* name;
    LocalTime sync_at;
    const char* before;  // an instant just before the sync is due
    const char* due;     // the instant it is due
    Date as_of;
  };
  const DstCase cases[] = {
      {"spring forward: 02:30 does not exist, the sync runs at 03:00 EDT",
       {2, 30},
       "2027-03-14T06:59:59Z",
       "2027-03-14T07:00:00Z",
       D(2027, 3, 14)},
      {"fall back: 01:30 happens twice, the sync runs at the first (EDT)",
       {1, 30},
       "2026-11-01T05:29:59Z",
       "2026-11-01T05:30:00Z",
       D(2026, 11, 1)},
      {"the day after fall back: 02:00 EST",
       {2, 0},
       "2026-11-02T06:59:59Z",
       "2026-11-02T07:00:00Z",
       D(2026, 11, 2)},
  };
  for (const DstCase& c : cases) {
    INFO(c.name);
    times.sync_at = c.sync_at;
    const SchedulerView synced_before{c.as_of - std::chrono::days(1), {}};
    const SchedulerDecision before =
        Decide(calendar, schedule, times, UtcInstant(c.before), synced_before);
    CHECK(before.actions.empty());
    REQUIRE(before.next.has_value());
    CHECK(*before.next == UtcInstant(c.due));
    const SchedulerDecision due =
        Decide(calendar, schedule, times, UtcInstant(c.due), synced_before);
    CHECK(Describe(due.actions) == Describe({Sync(c.as_of)}));
  }
}

}  // namespace
}  // namespace nudged
