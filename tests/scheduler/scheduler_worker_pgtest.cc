// The scheduler worker (scheduler/scheduler_worker.h) against a real PostgreSQL after
// downtime, with `now` chosen by the test: a wave missed past its relevance deadline is
// recorded as missed and never planned; a wave missed by a day is caught up (the nightly sync,
// then a sync as of the wave's date, which alone covers it, then the plan); and running the
// same decisions again adds nothing.

#include "scheduler/scheduler_worker.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <pqxx/pqxx>

#include "calendar/send_window.h"
#include "config/loader.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

using testing::TestDsn;

constexpr const char* kSchema = "scheduler_worker";
constexpr int kStudents = 12;

struct Setup {
  Config config;
  std::string path;
  Wave wave1;
};

Setup Reset() {
  Setup setup;
  setup.path = testing::NewScratchDirectory("scheduler-worker") + "/nudged.toml";
  std::ofstream{setup.path} << "[district]\nname = \"Test ISD\"\ntimezone = \"America/New_York\"\n"
                            << "phone = \"(508) 555-0100\"\n[database]\nurl = \"" << TestDsn()
                            << "\"\nsis_schema = \"" << kSchema << "\"\n"
                            << "[calendar]\nfirst_day = 2026-09-08\nlast_day = 2027-01-29\n"
                            << "[cadence]\nfirst_wave_after_instructional_days = 15\n";
  LoadResult loaded = LoadConfigFile(setup.path);
  REQUIRE(loaded.ok());
  setup.config = *loaded.config;
  const Schedule schedule = BuildSchedule(setup.config.calendar, setup.config.cadence);
  REQUIRE(schedule.waves.size() >= 2);
  setup.wave1 = schedule.waves[0];
  testing::ResetMirrorAndState(
      kSchema, testing::TextableDistrictRows(setup.config.calendar.first_day, kStudents));
  return setup;
}

// Local time `hour`:00 in New York, `days` after `date`.
Instant NewYork(Date date, int days, int hour) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(LocalInstant(
      date + std::chrono::days(days), LocalTime(hour, 0), *date::locate_zone("America/New_York")));
}

std::int64_t Count(const std::string& sql) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec1(sql)[0].as<std::int64_t>();
}

std::string Footprint() {
  return std::to_string(Count("SELECT count(*) FROM nudged.sync_runs")) + " syncs, " +
         std::to_string(Count("SELECT count(*) FROM nudged.outbox")) + " messages, " +
         std::to_string(Count("SELECT count(*) FROM nudged.wave_events")) + " wave events";
}

TEST_CASE("After downtime past a wave's relevance deadline the wave is recorded as missed",
          "[scheduler][postgres]") {
  const Setup setup = Reset();
  SchedulerWorker worker;
  REQUIRE(worker.Configure(setup.config, setup.path).ok());
  // The wave's messages were relevant until 16:00 + 48 h; back at 17:00 two days later.
  std::optional<Instant> next;
  const Status status = worker.RunDue(NewYork(setup.wave1.date, 2, 17), &next);
  INFO(status.ToString());
  REQUIRE(status.ok());
  CHECK(Count("SELECT count(*) FROM nudged.waves WHERE wave = 1 AND state = 'missed'") == 1);
  CHECK(Count("SELECT count(*) FROM nudged.wave_events WHERE wave = 1 AND new_state = 'missed' "
              "AND actor = 'scheduler'") == 1);
  CHECK(Count("SELECT count(*) FROM nudged.outbox") == 0);
  REQUIRE(next.has_value());

  const std::string before = Footprint();
  REQUIRE(worker.RunDue(NewYork(setup.wave1.date, 2, 18), &next).ok());
  CHECK(Footprint() == before);
}

TEST_CASE("After downtime over a wave's day the wave is caught up once while still relevant",
          "[scheduler][postgres]") {
  const Setup setup = Reset();
  SchedulerWorker worker;
  REQUIRE(worker.Configure(setup.config, setup.path).ok());
  std::optional<Instant> next;
  const Status status = worker.RunDue(NewYork(setup.wave1.date, 1, 12), &next);
  INFO(status.ToString());
  REQUIRE(status.ok());
  CHECK(Count("SELECT count(*) FROM nudged.waves WHERE wave = 1 AND state = 'enqueued'") == 1);
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE wave = 1") == kStudents);
  // The nightly sync of the day and the one as of the wave's date that covers it.
  CHECK(Count("SELECT count(*) FROM nudged.sync_runs WHERE status = 'succeeded'") == 2);
  CHECK(Count("SELECT count(*) FROM nudged.sync_runs WHERE as_of = '" +
              FormatIsoDate(setup.wave1.date) + "'") == 1);

  // A second instance, or a restart, at the same moment and later that day: nothing new.
  const std::string before = Footprint();
  SchedulerWorker again;
  REQUIRE(again.Configure(setup.config, setup.path).ok());
  REQUIRE(again.RunDue(NewYork(setup.wave1.date, 1, 12), &next).ok());
  REQUIRE(again.RunDue(NewYork(setup.wave1.date, 1, 20), &next).ok());
  CHECK(Footprint() == before);
}

}  // namespace
}  // namespace nudged
