// The data-quality gate end to end: a hand-made mirror of ten students synced with the real
// sync, RunWaveGate as the planner will call it, and `nudged approve` as a process. Every check
// trips once (absences on a closure, absences above enrolled days, a wave-1 share above the
// ceiling, a jump in the share and a drop in enrolled students between two waves, contacts
// without a channel); each held wave is released by `nudged approve --wave N`, after which the
// gate lets it through, and approving it again exits 1.
//
// The calendar runs Mon 2026-09-07 to Fri 2026-12-18 with Mon 2026-09-14 closed; the waves come
// from BuildSchedule. In the clean mirror only g01 is absent (2026-09-08): 1 of 10 students.

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "calendar/test_configs.h"
#include "db/connection.h"
#include "quality/wave_gate.h"
#include "sis/snapshot_sync.h"
#include "sis/sync_request.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::D;
using testing::TestDsn;

constexpr const char* kSchema = "gate_cases";
constexpr const char* kSchoolYear = "2026-2026";

constexpr const char* kCleanMirror = R"sql(
INSERT INTO school (school_id, name) VALUES (1, 'North');
INSERT INTO attendance_category VALUES
  ('Excused Absence', true, 1, false), ('Tardy', false, NULL, false);
INSERT INTO student (student_id, first_name, last_surname)
SELECT format('g%s', lpad(n::text, 2, '0')), 'First', 'Last' FROM generate_series(1, 10) n;
INSERT INTO enrollment (student_id, school_id, entry_date, exit_withdraw_date, entry_grade_level)
SELECT student_id, 1, '2026-09-07', NULL, '3' FROM student;
INSERT INTO attendance_event (student_id, event_date, school_id, category, duration)
VALUES ('g01', '2026-09-08', 1, 'Excused Absence', 1), ('g02', '2026-09-08', 1, 'Tardy', NULL);
)sql";

Config TestConfig() {
  Config config;
  config.calendar = testing::Year(D(2026, 9, 7), D(2026, 12, 18));
  config.calendar.closures = {testing::Range("Closed", D(2026, 9, 14), D(2026, 9, 14))};
  config.cadence = testing::Cadence(15, 4, 5, 6);
  config.database.url = TestDsn();
  config.database.sis_schema = kSchema;
  return config;
}

Wave ScheduledWave(int number) {
  const Config config = TestConfig();
  const Schedule schedule = BuildSchedule(config.calendar, config.cadence);
  REQUIRE(static_cast<int>(schedule.waves.size()) >= number);
  return schedule.waves[number - 1];
}

// The first instructional day after wave 1: inside wave 2's period.
std::string DayInPeriod2() {
  const Config config = TestConfig();
  return FormatIsoDate(
      *Calendar(config.calendar, config.cadence).NextInstructionalDay(ScheduledWave(1).date));
}

void Exec(const std::string& sql) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema);
  tx.exec0(sql);
  tx.commit();
}

std::int64_t SyncForWave(int number) {
  const Config config = TestConfig();
  const SyncRequest request =
      MakeSyncRequest(Calendar(config.calendar, config.cadence),
                      BuildSchedule(config.calendar, config.cadence), ScheduledWave(number).date);
  REQUIRE(request.school_year == kSchoolYear);
  std::unique_ptr<pqxx::connection> mirror, state;
  REQUIRE(OpenSisMirror(config.database, &mirror).ok());
  REQUIRE(OpenStateDatabase(config.database, &state).ok());
  SyncSummary summary;
  const Status status = RunSnapshotSync(*mirror, *state, request, &summary);
  INFO(status.ToString());
  REQUIRE(status.ok());
  return summary.sync_id;
}

GateOutcome Gate(int number, std::int64_t sync_id, PlannerCounts counts = {10, 0}) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  GateOutcome outcome;
  const Status status = RunWaveGate(
      tx, TestConfig(), MakeWaveKey(kSchoolYear, ScheduledWave(number)), sync_id, counts, &outcome);
  INFO(status.ToString());
  REQUIRE(status.ok());
  tx.commit();
  return outcome;
}

std::string Query(const std::string& sql) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  return tx.exec1(sql)[0].as<std::string>();
}

std::string WaveColumn(int number, const std::string& column) {
  return Query("SELECT coalesce(" + column + "::text, '') FROM nudged.waves WHERE school_year = '" +
               kSchoolYear + "' AND wave = " + std::to_string(number));
}

std::string WriteConfig(const std::string& url) {
  const std::string path = testing::NewScratchDirectory("gate-test") + "/nudged.toml";
  std::ofstream{path} << "[district]\nname = \"Test\"\ntimezone = \"America/Chicago\"\n"
                      << "[database]\nurl = \"" << url << "\"\n"
                      << "[calendar]\nfirst_day = 2026-09-07\nlast_day = 2026-12-18\n";
  return path;
}

testing::ProcessResult Approve(int number, const std::string& url = TestDsn()) {
  testing::ProcessOptions options;
  options.env["SUDO_USER"] = "principal";
  return testing::RunProcess({testing::NudgedBinary(), "--config", WriteConfig(url), "approve",
                              "--wave", std::to_string(number)},
                             options);
}

struct Scenario {
  const char* name;
  int wave;                     // the wave that is held: 1, or 2 after a clean wave 1
  std::string mirror_change;    // SQL on the mirror before syncing the held wave
  std::string snapshot_change;  // SQL on the held wave's snapshot ("$SYNC" = its sync id)
  PlannerCounts counts;
  const char* check;
  const char* sentence;
};

std::vector<Scenario> Scenarios() {
  const std::string day = DayInPeriod2();
  return {
      {"an absence on a closure",
       1,
       "INSERT INTO attendance_event VALUES ('g03', '2026-09-14', 1, 'Excused Absence', 1)",
       "",
       {10, 0},
       "absences_on_closures",
       "1 attendance events are recorded on closure days (limit 0): check the calendar's "
       "closures against the SIS attendance import"},
      {"absences above enrolled days",
       1,
       "",
       "UPDATE nudged.sync_snapshots SET absences_through_next = days_enrolled_through_next + 1 "
       "WHERE sync_id = $SYNC AND student_id = 'g04'",
       {10, 0},
       "absences_above_enrolled_days",
       "1 students have more absences than enrolled instructional days (limit 0)"},
      {"a wave-1 share above the ceiling",
       1,
       "INSERT INTO attendance_event SELECT student_id, '2026-09-09', 1, 'Excused Absence', 1 "
       "FROM student WHERE student_id BETWEEN 'g02' AND 'g04'",
       "",
       {10, 0},
       "absence_share_ceiling",
       "absence share is 40.0% of 10 qualifying students at wave 1 (ceiling 25.0%)"},
      {"a jump in the absence share",
       2,
       "INSERT INTO attendance_event SELECT student_id, '" + day +
           "', 1, 'Excused Absence', 1 FROM student WHERE student_id BETWEEN 'g02' AND 'g06'",
       "",
       {10, 0},
       "absence_share_jump",
       "absence share rose from 10.0% to 50.0% since wave 1 (limit +10.0 points): check today's "
       "attendance import"},
      {"a drop in enrolled students",
       2,
       "UPDATE enrollment SET exit_withdraw_date = '" + day + "' WHERE student_id >= 'g08'",
       "",
       {10, 0},
       "enrolled_drop",
       "enrolled students fell from 10 to 7 (-30.0%) since wave 1 (limit -10.0%)"},
      {"contacts without a channel",
       1,
       "",
       "",
       {10, 5},
       "contacts_without_channel",
       "5 of 10 contacts (50.0%) have no usable channel (limit 20.0%)"},
  };
}

// Syncs and gates wave `s.wave` with the scenario's change; returns its sync id.
std::int64_t HoldScenario(const Scenario& s) {
  if (s.wave == 2) {
    const GateOutcome first = Gate(1, SyncForWave(1));
    INFO((first.result.failures.empty() ? "" : first.result.failures[0].sentence));
    REQUIRE(first.wave_state == "planned");
  }
  if (!s.mirror_change.empty()) Exec(s.mirror_change);
  const std::int64_t sync_id = SyncForWave(s.wave);
  std::string change = s.snapshot_change;
  if (const size_t at = change.find("$SYNC"); at != std::string::npos) {
    change.replace(at, 5, std::to_string(sync_id));
  }
  if (!change.empty()) Exec(change);
  return sync_id;
}

TEST_CASE("Every quality check holds its wave until nudged approve releases it", "[quality]") {
  for (const Scenario& s : Scenarios()) {
    SECTION(s.name) {
      testing::ResetMirrorAndState(kSchema, kCleanMirror);
      const std::int64_t sync_id = HoldScenario(s);
      const GateOutcome held = Gate(s.wave, sync_id, s.counts);
      REQUIRE(held.result.failures.size() == 1);
      CHECK(held.result.failures[0].check == s.check);
      CHECK_THAT(held.result.failures[0].sentence, Catch::StartsWith(s.sentence));
      CHECK(held.hold);
      CHECK(WaveColumn(s.wave, "state") == "held");
      CHECK(WaveColumn(s.wave, "held_reason") == held.result.failures[0].sentence);
      CHECK(WaveColumn(s.wave, "sync_id") == std::to_string(sync_id));

      const testing::ProcessResult approved = Approve(s.wave);
      INFO(approved.err);
      CHECK(approved.exit_code == 0);
      CHECK_THAT(approved.out, Catch::Contains("approved by principal") &&
                                   Catch::Contains(held.result.failures[0].sentence));
      CHECK(WaveColumn(s.wave, "state") == "approved");
      CHECK(WaveColumn(s.wave, "approved_by") == "principal");

      const GateOutcome again = Gate(s.wave, sync_id, s.counts);
      CHECK_FALSE(again.hold);
      CHECK(again.wave_state == "approved");
      CHECK(again.result.failures.size() == 1);
      CHECK(Query("SELECT string_agg(new_state, ',' ORDER BY wave_event_id) FROM "
                  "nudged.wave_events WHERE wave = " +
                  std::to_string(s.wave)) == "held,approved");

      const testing::ProcessResult twice = Approve(s.wave);
      CHECK(twice.exit_code == 1);
      CHECK_THAT(twice.err, Catch::Contains("is approved, not held"));
    }
  }
}

TEST_CASE("A clean wave is planned, compared with the last one and cannot be approved",
          "[quality]") {
  testing::ResetMirrorAndState(kSchema, kCleanMirror);
  const GateOutcome first = Gate(1, SyncForWave(1));
  CHECK(first.result.passed());
  CHECK_FALSE(first.hold);
  CHECK(first.wave_state == "planned");
  CHECK(first.stats.students_enrolled == 10);
  CHECK(first.stats.students_qualifying == 10);
  CHECK(first.stats.students_with_absences == 1);
  CHECK_FALSE(first.previous_wave.has_value());

  const GateOutcome second = Gate(2, SyncForWave(2));
  CHECK(second.result.passed());
  CHECK(second.stats.students_with_absences == 0);  // g01's absence was in wave 1's period
  REQUIRE(second.previous_wave.has_value());
  CHECK(second.previous_wave->students_with_absences == 1);
  CHECK(Query("SELECT count(*) FROM nudged.wave_quality WHERE failures = '{}'") == "2");

  const testing::ProcessResult planned = Approve(2);
  CHECK(planned.exit_code == 1);
  CHECK_THAT(planned.err, Catch::Contains("is planned, not held"));
  const testing::ProcessResult unknown = Approve(5);
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("wave 5 of 2026-2026 has not been planned"));
}

TEST_CASE("A held wave whose data is fixed and synced again returns to planned", "[quality]") {
  testing::ResetMirrorAndState(kSchema, kCleanMirror);
  Exec("INSERT INTO attendance_event VALUES ('g03', '2026-09-14', 1, 'Excused Absence', 1)");
  CHECK(Gate(1, SyncForWave(1)).hold);
  Exec("DELETE FROM attendance_event WHERE event_date = '2026-09-14'");
  const GateOutcome fixed = Gate(1, SyncForWave(1));
  CHECK_FALSE(fixed.hold);
  CHECK(WaveColumn(1, "state") == "planned");
  CHECK(WaveColumn(1, "held_reason").empty());
}

TEST_CASE("The gate refuses a sync run that did not count through the wave", "[quality]") {
  testing::ResetMirrorAndState(kSchema, kCleanMirror);
  const std::int64_t sync_id = SyncForWave(1);
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  GateOutcome outcome;
  const Status status = RunWaveGate(tx, TestConfig(), MakeWaveKey(kSchoolYear, ScheduledWave(2)),
                                    sync_id, {}, &outcome);
  CHECK(status.IsInvalidArgument());
  CHECK_THAT(status.message(), Catch::Contains("run `nudged sync`"));
}

TEST_CASE("nudged approve exits 3 when the database cannot be reached", "[quality]") {
  const testing::ProcessResult result =
      Approve(1, "postgresql:///nudged_test?host=/nonexistent-nudged-socket-dir");
  CHECK(result.exit_code == 3);
}

}  // namespace
}  // namespace nudged
