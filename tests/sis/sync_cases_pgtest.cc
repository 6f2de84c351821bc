// Counting rules of `nudged sync` on a tiny hand-made mirror, table-driven: duplicate events on
// one day, half days, an absence on a closure and on a weekend, only tardies, a mid-year entry, a
// withdrawal, a transfer between schools and overlapping stays (each day counted once). Also the
// mirror connection's read-only guarantees and a sync through a SELECT-only role.
//
// The calendar runs Mon 2026-09-07 to 2026-10-30 with Mon 2026-09-14 closed; through Fri
// 2026-09-25 it has 14 instructional days (7-11, 15-18, 21-25 September).
// The mirror lives in its own schema (kSchema); schema "nudged" is recreated per test.

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <tuple>

#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "calendar/test_configs.h"
#include "db/connection.h"
#include "sis/snapshot_sync.h"
#include "sis/sync_request.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::D;
using testing::TestDsn;

constexpr const char* kSchema = "sync_cases";
constexpr const char* kReader = "nudged_sync_cases_reader";

// The mirror's rows: students, their stays and their events, by case.
constexpr const char* kMirrorRows = R"sql(
INSERT INTO school (school_id, name) VALUES (1, 'North'), (2, 'South');
INSERT INTO attendance_category VALUES
  ('Excused Absence', true, 1, false), ('Unexcused Absence', true, 1, false),
  ('Partial', true, 0.5, false), ('Tardy', false, NULL, false);
INSERT INTO student (student_id, first_name, last_surname)
SELECT id, 'First', 'Last' FROM unnest(ARRAY['dup', 'half', 'closure', 'tardy', 'late',
  'withdrew', 'transfer', 'overlap', 'future']) AS id;
INSERT INTO enrollment (student_id, school_id, entry_date, exit_withdraw_date, entry_grade_level)
VALUES ('dup', 1, '2026-09-07', NULL, '3'), ('half', 1, '2026-09-07', NULL, '3'),
       ('closure', 1, '2026-09-07', NULL, '3'), ('tardy', 1, '2026-09-07', NULL, '3'),
       ('late', 1, '2026-09-21', NULL, '4'), ('withdrew', 1, '2026-09-07', '2026-09-11', '4'),
       ('transfer', 1, '2026-09-07', '2026-09-15', '5'), ('transfer', 2, '2026-09-16', NULL, '5'),
       ('overlap', 1, '2026-09-07', '2026-09-18', '6'), ('overlap', 2, '2026-09-14', NULL, '6'),
       ('future', 1, '2026-09-28', NULL, '6');
INSERT INTO attendance_event (student_id, event_date, school_id, category, duration) VALUES
  ('dup', '2026-09-08', 1, 'Excused Absence', NULL), ('dup', '2026-09-08', 1, 'Unexcused Absence', 1),
  ('half', '2026-09-08', 1, 'Partial', NULL),
  ('half', '2026-09-09', 1, 'Partial', 0.5), ('half', '2026-09-09', 1, 'Unexcused Absence', 0.5),
  ('half', '2026-09-10', 1, 'Excused Absence', 1), ('half', '2026-09-10', 1, 'Partial', 0.5),
  ('closure', '2026-09-14', 1, 'Excused Absence', 1), ('closure', '2026-09-12', 1, 'Unexcused Absence', 1),
  ('closure', '2026-09-15', 1, 'Excused Absence', 1),
  ('tardy', '2026-09-08', 1, 'Tardy', NULL), ('tardy', '2026-09-09', 1, 'Tardy', NULL),
  ('late', '2026-09-16', 1, 'Excused Absence', 1), ('late', '2026-09-22', 1, 'Excused Absence', 1),
  ('withdrew', '2026-09-10', 1, 'Excused Absence', 1), ('withdrew', '2026-09-16', 1, 'Excused Absence', 1),
  ('transfer', '2026-09-09', 1, 'Excused Absence', 1), ('transfer', '2026-09-17', 2, 'Excused Absence', 1),
  ('transfer', '2026-09-18', 1, 'Excused Absence', 1),
  ('overlap', '2026-09-16', 1, 'Excused Absence', 1), ('overlap', '2026-09-16', 2, 'Excused Absence', 1),
  ('future', '2026-09-22', 1, 'Excused Absence', 1);
)sql";

void ResetDatabase() { testing::ResetMirrorAndState(kSchema, kMirrorRows); }

CalendarConfig TestYear() {
  CalendarConfig year = testing::Year(D(2026, 9, 7), D(2026, 10, 30));
  year.closures = {testing::Range("Closed", D(2026, 9, 14), D(2026, 9, 14))};
  return year;
}

DatabaseConfig TestDatabase() {
  DatabaseConfig database;
  database.url = TestDsn();
  database.sis_schema = kSchema;
  return database;
}

SyncSummary SyncAsOf(Date as_of, const DatabaseConfig& database = TestDatabase()) {
  const CalendarConfig year = TestYear();
  const CadenceConfig cadence = testing::Cadence(15, 4, 5, 6);
  const SyncRequest request =
      MakeSyncRequest(Calendar(year, cadence), BuildSchedule(year, cadence), as_of);
  std::unique_ptr<pqxx::connection> mirror, state;
  REQUIRE(OpenSisMirror(database, &mirror).ok());
  REQUIRE(OpenStateDatabase(database, &state).ok());
  SyncSummary summary;
  const Status status = RunSnapshotSync(*mirror, *state, request, &summary);
  INFO(status.ToString());
  REQUIRE(status.ok());
  return summary;
}

struct Expected {
  const char* student;
  long school_id;
  int enrolled_days;
  double absences;
  bool enrolled_on_as_of;
};

struct Snapshot {
  long school_id = 0;
  int enrolled_days = 0;
  double absences = 0;
  bool enrolled_on_as_of = false;
};

std::map<std::string, Snapshot> ReadSnapshots(std::int64_t sync_id) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  std::map<std::string, Snapshot> snapshots;
  for (const auto& row : tx.exec_params(
           "SELECT student_id, school_id, instructional_days_enrolled, absences_total::float8, "
           "enrolled_on_as_of FROM nudged.sync_snapshots WHERE sync_id = $1",
           sync_id)) {
    snapshots[row[0].as<std::string>()] = {row[1].as<long>(), row[2].as<int>(), row[3].as<double>(),
                                           row[4].as<bool>()};
  }
  return snapshots;
}

void CheckSnapshots(std::int64_t sync_id, const std::vector<Expected>& expected) {
  const std::map<std::string, Snapshot> snapshots = ReadSnapshots(sync_id);
  CHECK(snapshots.size() == expected.size());
  for (const Expected& e : expected) {
    INFO(e.student);
    auto it = snapshots.find(e.student);
    REQUIRE(it != snapshots.end());
    CHECK(it->second.school_id == e.school_id);
    CHECK(it->second.enrolled_days == e.enrolled_days);
    CHECK(it->second.absences == e.absences);
    CHECK(it->second.enrolled_on_as_of == e.enrolled_on_as_of);
  }
}

TEST_CASE("sync counts days, not events, inside enrollments on instructional days only", "[sync]") {
  ResetDatabase();
  SECTION("as of Friday 2026-09-25") {
    const SyncSummary summary = SyncAsOf(D(2026, 9, 25));
    CheckSnapshots(
        summary.sync_id,
        {
            {"dup", 1, 14, 1, true},       // two absence events on one day: 1
            {"half", 1, 14, 2.5, true},    // 0.5 (default) + (0.5 + 0.5) + min(1 + 0.5, 1)
            {"closure", 1, 14, 1, true},   // closure and Saturday not counted; 09-15 is
            {"tardy", 1, 14, 0, true},     // tardies are not absences
            {"late", 1, 5, 1, true},       // entered 09-21: 5 days; 09-16 was before entry
            {"withdrew", 1, 5, 1, false},  // left 09-11: 5 days; 09-16 was after exit
            {"transfer", 2, 14, 2, true},  // 1 then 2: every day once; 09-18 at the old school
            {"overlap", 2, 14, 1, true},   // overlapping stays: each day once, 09-16 once
        });
    CHECK(summary.students == 8);
    CHECK(summary.absences == 9.5);
  }
  SECTION("as of Friday 2026-09-11, before the entry and after the withdrawal") {
    const SyncSummary summary = SyncAsOf(D(2026, 9, 11));
    CheckSnapshots(summary.sync_id,
                   {
                       {"dup", 1, 5, 1, true},
                       {"half", 1, 5, 2.5, true},
                       {"closure", 1, 5, 0, true},
                       {"tardy", 1, 5, 0, true},
                       {"withdrew", 1, 5, 1, true},  // the exit day itself is still enrolled
                       {"transfer", 1, 5, 1, true},
                       {"overlap", 1, 5, 0, true},
                   });
  }
}

TEST_CASE("sync reports every event it could not count as it stands", "[sync]") {
  ResetDatabase();
  const SyncSummary summary = SyncAsOf(D(2026, 9, 25));
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  std::set<std::tuple<std::string, std::string, std::string>> found;
  for (const auto& row :
       tx.exec_params("SELECT student_id, event_date::text, kind FROM nudged.sync_anomalies "
                      "WHERE sync_id = $1",
                      summary.sync_id)) {
    found.insert({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  const std::set<std::tuple<std::string, std::string, std::string>> expected = {
      {"dup", "2026-09-08", "duplicate_events"},
      {"half", "2026-09-09", "duplicate_events"},
      {"half", "2026-09-10", "duplicate_events"},
      {"closure", "2026-09-12", "non_instructional_day"},
      {"closure", "2026-09-14", "non_instructional_day"},
      {"late", "2026-09-16", "outside_enrollment"},
      {"withdrew", "2026-09-16", "outside_enrollment"},
      {"transfer", "2026-09-18", "outside_enrollment"},
      {"overlap", "2026-09-16", "duplicate_events"},
      {"future", "2026-09-22", "outside_enrollment"},
  };
  CHECK(found == expected);
  CHECK(summary.anomalies == static_cast<std::int64_t>(expected.size()));
}

TEST_CASE("sync without a migrated state schema says to run nudged migrate", "[sync]") {
  ResetDatabase();
  {
    pqxx::connection connection{TestDsn()};
    pqxx::work tx{connection};
    tx.exec0("DROP SCHEMA nudged CASCADE");
    tx.commit();
  }
  const CalendarConfig year = TestYear();
  const CadenceConfig cadence = testing::Cadence(15, 4, 5, 6);
  std::unique_ptr<pqxx::connection> mirror, state;
  REQUIRE(OpenSisMirror(TestDatabase(), &mirror).ok());
  REQUIRE(OpenStateDatabase(TestDatabase(), &state).ok());
  SyncSummary summary;
  const Status status = RunSnapshotSync(
      *mirror, *state,
      MakeSyncRequest(Calendar(year, cadence), BuildSchedule(year, cadence), D(2026, 9, 25)),
      &summary);
  CHECK_THAT(status.message(), Catch::Contains("run `nudged migrate`"));
}

TEST_CASE("The mirror connection is read-only and resolves names in sis_schema", "[sync]") {
  ResetDatabase();
  std::unique_ptr<pqxx::connection> mirror;
  REQUIRE(OpenSisMirror(TestDatabase(), &mirror).ok());
  pqxx::work tx{*mirror};
  CHECK(tx.exec1("SELECT count(*) FROM student")[0].as<int>() == 9);
  CHECK_THROWS_AS(tx.exec0("CREATE TABLE sync_cases_probe (id int)"), pqxx::sql_error);
}

TEST_CASE("sync works when the mirror role may only SELECT", "[sync]") {
  ResetDatabase();
  {
    pqxx::connection connection{TestDsn()};
    pqxx::work tx{connection};
    if (tx.exec1(std::string("SELECT count(*) FROM pg_roles WHERE rolname = '") + kReader + "'")[0]
            .as<int>() == 0) {
      tx.exec0(std::string("CREATE ROLE ") + kReader + " LOGIN");
    }
    tx.commit();
  }
  const std::string grant = std::string("psql -X -q -v ON_ERROR_STOP=1 -d '") + TestDsn() +
                            "' -v schema=" + kSchema + " -v reader=" + kReader + " -f " +
                            testing::SourcePath("sql/sis/readonly_role.sql");
  const int status = std::system(grant.c_str());
  REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  DatabaseConfig database = TestDatabase();
  const std::string user_key = "user=";
  std::string sis_url = TestDsn();
  const size_t user_at = sis_url.find(user_key);
  REQUIRE(user_at != std::string::npos);
  sis_url.replace(user_at, sis_url.find('&', user_at) - user_at, user_key + kReader);
  database.sis_url = sis_url;
  const SyncSummary summary = SyncAsOf(D(2026, 9, 25), database);
  CHECK(summary.students == 8);
}

}  // namespace
}  // namespace nudged
