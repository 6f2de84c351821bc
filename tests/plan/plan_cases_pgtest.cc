// `nudged plan` end to end on a tiny hand-made mirror, through the binary: wave 1 is synced and
// enqueued, then wave 2 is synced and planned. Cases (one student each unless said): a period
// with 0, 1, 2 and 2.5 absences (praise, praise, recurring, recurring "2.5 days"), entries
// after wave 1 with 1 and with 2 absences since entry (first message praise, then initial;
// both counted from entry), a withdrawal, a transfer between schools (planned once, under the
// new school, absences of both stays counted once a day), a student with only tardies, a caregiver
// with two students, a restricted contact, an opted-out number (falls back to voice), a caregiver
// with no usable channel, a language without a template (district default), a name with non-ASCII
// letters and an apostrophe, and the control group. Then: the CSV header, planning twice, two
// processes at once. The mirror lives in schema kSchema; schema "nudged" is recreated per test.

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "calendar/schedule.h"
#include "config/loader.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::ReadFile;
using testing::TestDsn;

constexpr const char* kSchema = "plan_cases";

constexpr const char* kMirrorRows = R"sql(
INSERT INTO school (school_id, name) VALUES (1, 'North Elementary'), (2, 'South Middle');
INSERT INTO attendance_category VALUES ('Absence', true, 1, false), ('Half', true, 0.5, false),
  ('Tardy', false, NULL, false);
INSERT INTO student (student_id, first_name, preferred_first_name, last_surname) VALUES
  ('p0', 'Zoe', 'Zoë D''Arcy', 'X'), ('p1', 'One', NULL, 'X'), ('p2', 'Two', NULL, 'X'),
  ('p25', 'TwoHalf', NULL, 'X'), ('late', 'Late', NULL, 'X'), ('gone', 'Gone', NULL, 'X'),
  ('sibA', 'Ann', NULL, 'X'), ('sibB', 'Ben', NULL, 'X'), ('restricted', 'R', NULL, 'X'),
  ('optout', 'O', NULL, 'X'), ('nochannel', 'N', NULL, 'X'), ('lang', 'L', NULL, 'X'),
  ('late2', 'Late2', NULL, 'X'), ('moved', 'Moved', NULL, 'X'), ('tardy', 'Tardy', NULL, 'X');
INSERT INTO enrollment (student_id, school_id, entry_date, exit_withdraw_date, entry_grade_level)
SELECT id, 1, '2026-09-07', NULL, '3' FROM unnest(ARRAY['p0', 'p1', 'p2', 'p25', 'sibA', 'sibB',
  'restricted', 'optout', 'nochannel', 'lang', 'tardy']) AS id;
INSERT INTO contact (contact_id, first_name, last_surname, preferred_language) VALUES
  ('c0', 'A', 'X', 'en'), ('c1', 'A', 'X', 'es'), ('c2', 'A', 'X', NULL), ('c25', 'A', 'X', NULL),
  ('clate', 'A', 'X', NULL), ('cgone', 'A', 'X', NULL), ('cshared', 'A', 'X', NULL),
  ('crestricted', 'A', 'X', NULL), ('coptout', 'A', 'X', NULL), ('cnone', 'A', 'X', NULL),
  ('clang', 'A', 'X', 'vi'), ('clate2', 'A', 'X', NULL), ('cmoved', 'A', 'X', NULL),
  ('ctardy', 'A', 'X', NULL);
INSERT INTO student_contact (student_id, contact_id, contact_priority, contact_restrictions) VALUES
  ('p0', 'c0', 1, NULL), ('p1', 'c1', 1, NULL), ('p2', 'c2', 1, NULL), ('p25', 'c25', 1, NULL),
  ('late', 'clate', 1, NULL), ('gone', 'cgone', 1, NULL), ('sibA', 'cshared', 1, NULL),
  ('sibB', 'cshared', 1, NULL), ('restricted', 'crestricted', 1, 'No Contact'),
  ('optout', 'coptout', 1, NULL), ('nochannel', 'cnone', 1, NULL), ('lang', 'clang', 1, NULL),
  ('late2', 'clate2', 1, NULL), ('moved', 'cmoved', 1, NULL), ('tardy', 'ctardy', 1, NULL);
INSERT INTO contact_phone (contact_id, telephone_number, telephone_number_type, sms_capable)
SELECT c, format('(508) 555-01%s', lpad(n::text, 2, '0')), 'Mobile', true
FROM unnest(ARRAY['c0', 'c1', 'c2', 'c25', 'clate', 'cgone', 'cshared', 'coptout', 'clang',
                  'crestricted', 'clate2', 'cmoved', 'ctardy']) WITH ORDINALITY AS t(c, n);
)sql";

// Returns the first `n` weekdays after `day`.
std::vector<Date> WeekdaysAfter(Date day, int n) {
  std::vector<Date> days;
  while (static_cast<int>(days.size()) < n) {
    day += std::chrono::days(1);
    const std::chrono::weekday weekday{day};
    if (weekday != std::chrono::Saturday && weekday != std::chrono::Sunday) days.push_back(day);
  }
  return days;
}

struct Setup {
  std::string config_path;
  Wave wave1;
  Wave wave2;
};

// `extra` is appended: more sections, such as [quality] thresholds.
std::string WriteConfig(bool experiment, const std::string& extra) {
  const std::string path = testing::NewScratchDirectory("plan-cases") + "/plan.toml";
  std::ofstream{path} << "[district]\nname = \"Test ISD\"\ntimezone = \"America/New_York\"\n"
                      << "phone = \"(508) 555-0100\"\n[database]\nurl = \"" << TestDsn()
                      << "\"\nsis_schema = \"" << kSchema << "\"\n"
                      << "[calendar]\nfirst_day = 2026-09-07\nlast_day = 2027-01-29\n"
                      << "[cadence]\nfirst_wave_after_instructional_days = 10\n"
                      << "[experiment]\nenabled = " << (experiment ? "true" : "false")
                      << "\nseed = 7\n"
                      << extra;
  return path;
}

Setup Reset(bool experiment = false, const std::string& extra_config = "") {
  Setup setup;
  setup.config_path = WriteConfig(experiment, extra_config);
  const LoadResult loaded = LoadConfigFile(setup.config_path);
  REQUIRE(loaded.ok());
  const Schedule schedule = BuildSchedule(loaded.config->calendar, loaded.config->cadence);
  REQUIRE(schedule.waves.size() >= 2);
  setup.wave1 = schedule.waves[0];
  setup.wave2 = schedule.waves[1];
  pqxx::connection connection{TestDsn()};
  {
    pqxx::work tx{connection};
    tx.exec0(std::string("DROP SCHEMA IF EXISTS ") + kSchema + " CASCADE");
    tx.exec0(std::string("CREATE SCHEMA ") + kSchema);
    tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema);
    tx.exec0(ReadFile(testing::SourcePath("sql/sis/001_mirror.sql")));
    tx.exec0(kMirrorRows);
    // Periods of wave 2: p1 one day, p2 two, p25 two and a half; late and late2 enter after
    // wave 1; moved leaves school 1 after days[2] for school 2, where both schools record the
    // absence of days[4]; tardy is only late.
    const std::vector<Date> days = WeekdaysAfter(setup.wave1.count_through, 8);
    const Date entry = WeekdaysAfter(setup.wave1.date, 1)[0];
    tx.exec_params0(
        "INSERT INTO enrollment VALUES ('late', 1, $1, NULL, '3', false), "
        "('late2', 1, $1, NULL, '3', false), ('gone', 1, '2026-09-07', $2, '3', false), "
        "('moved', 1, '2026-09-07', $3, '3', false), ('moved', 2, $4, NULL, '3', false)",
        FormatIsoDate(entry), FormatIsoDate(days[7]), FormatIsoDate(days[2]),
        FormatIsoDate(days[3]));
    const std::vector<std::tuple<const char*, int, int, const char*>> events = {
        {"p1", 0, 1, "Absence"},    {"p2", 1, 1, "Absence"},    {"p2", 2, 1, "Absence"},
        {"p25", 3, 1, "Absence"},   {"p25", 4, 1, "Absence"},   {"moved", 1, 1, "Absence"},
        {"moved", 4, 2, "Absence"}, {"moved", 4, 1, "Absence"}, {"tardy", 0, 1, "Tardy"},
        {"tardy", 1, 1, "Tardy"}};
    for (const auto& [student, i, school, category] : events) {
      tx.exec_params0("INSERT INTO attendance_event VALUES ($1, $2, $3, $4, NULL, NULL)", student,
                      FormatIsoDate(days[i]), school, category);
    }
    tx.exec_params0("INSERT INTO attendance_event VALUES ('p25', $1, 1, 'Half', NULL, NULL)",
                    FormatIsoDate(days[5]));
    tx.exec_params0("INSERT INTO attendance_event VALUES ('late', $1, 1, 'Absence', NULL, NULL)",
                    FormatIsoDate(WeekdaysAfter(entry, 3)[2]));
    // Three absences before wave 1 count toward totals, not wave 2's period: the school's
    // average total (0.9) then differs from its average period (0.7).
    tx.exec0("INSERT INTO attendance_event SELECT 'lang', d, 1, 'Absence', NULL, NULL "
             "FROM unnest('{2026-09-08,2026-09-09,2026-09-10}'::date[]) AS d");
    for (const Date day : WeekdaysAfter(entry, 2)) {
      tx.exec_params0("INSERT INTO attendance_event VALUES ('late2', $1, 1, 'Absence', NULL, NULL)",
                      FormatIsoDate(day));
    }
    tx.commit();
  }
  testing::RecreateStateSchema(connection);
  pqxx::work tx{connection};
  tx.exec0("INSERT INTO nudged.opt_outs (address, channel, source) "
           "VALUES ('+15085550108', 'sms', 'staff')");
  tx.commit();
  return setup;
}

testing::ProcessResult Nudged(const Setup& setup, std::vector<std::string> args) {
  std::vector<std::string> argv = {testing::NudgedBinary(), "--config", setup.config_path};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::RunProcess(argv);
}

void SyncAndEnqueue(const Setup& setup, const Wave& wave) {
  auto sync = Nudged(setup, {"sync", "--as-of", FormatIsoDate(wave.date)});
  INFO(sync.out << sync.err);
  REQUIRE(sync.exit_code == 0);
  auto plan = Nudged(setup, {"plan", "--date", FormatIsoDate(wave.date)});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
}

// Parses the dry-run CSV: student_id -> its rows, each row's fields (text with quotes removed).
std::multimap<std::string, std::vector<std::string>> ParseCsv(const std::string& csv) {
  std::multimap<std::string, std::vector<std::string>> rows;
  std::vector<std::string> fields(1);
  bool quoted = false;
  bool header = true;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      if (!header) rows.emplace(fields[2], fields);
      header = false;
      fields.assign(1, "");
    } else {
      fields.back() += c;
    }
  }
  return rows;
}

std::int64_t OutboxRows() {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  return tx.exec1("SELECT count(*) FROM nudged.outbox")[0].as<std::int64_t>();
}

struct Expected {
  const char* student;
  size_t rows;
  const char* kind;
  const char* channel;
  const char* language;
  const char* period;
  const char* total;
  const char* text_part;
};

TEST_CASE("plan: one row per message, skip rows with reasons", "[plan]") {
  const Setup setup = Reset();
  SyncAndEnqueue(setup, setup.wave1);
  REQUIRE(Nudged(setup, {"sync", "--as-of", FormatIsoDate(setup.wave2.date)}).exit_code == 0);
  const auto plan = Nudged(setup, {"plan", "--date", FormatIsoDate(setup.wave2.date), "--dry-run"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK_THAT(plan.out,
             Catch::StartsWith("wave,date,student_id,school_id,contact_id,channel,language,kind,"
                               "absences_period,absences_total,average,goal,recipient,text\n"));
  const auto rows = ParseCsv(plan.out);
  const std::vector<Expected> expected = {
      {"p0", 1, "praise", "sms", "en", "0", "0", "Zoë D'Arcy"},
      {"p1", 1, "praise", "sms", "es", "1", "1", ""},
      {"p2", 1, "recurring", "sms", "en", "2", "2", "2 days"},
      {"p25", 1, "recurring", "sms", "en", "2.5", "2.5", "2.5 days"},
      {"late", 1, "praise", "sms", "en", "1", "1", ""},          // first message, 1 day since entry
      {"late2", 1, "initial", "sms", "en", "2", "2", "2 days"},  // first message, 2 days
      {"moved", 1, "recurring", "sms", "en", "2", "2", "2 days"},  // days[1] and days[4]
      {"tardy", 1, "praise", "sms", "en", "0", "0", ""},
      {"gone", 1, "skipped", "", "", "", "", "not enrolled on the wave date"},
      {"sibA", 1, "praise", "sms", "en", "0", "0", ""},
      {"sibB", 1, "praise", "sms", "en", "0", "0", ""},
      {"restricted", 1, "skipped", "", "", "0", "0", "contact restricted"},
      {"optout", 1, "praise", "voice", "en", "0", "0", ""},
      {"nochannel", 1, "skipped", "", "", "0", "0", "no usable channel"},
      {"lang", 1, "praise", "sms", "en", "0", "3", ""},
  };
  CHECK(rows.size() == expected.size());
  for (const Expected& e : expected) {
    INFO(e.student);
    REQUIRE(rows.count(e.student) == e.rows);
    const std::vector<std::string>& row = rows.find(e.student)->second;
    REQUIRE(row.size() == 14);
    CHECK(row[7] == e.kind);
    CHECK(row[5] == e.channel);
    CHECK(row[6] == e.language);
    CHECK(row[8] == e.period);
    CHECK(row[9] == e.total);
    CHECK_THAT(row[13], Catch::Contains(e.text_part));
    if (row[5] == "sms") CHECK_THAT(row[12], Catch::Contains("*"));
  }
  CHECK(rows.find("sibA")->second[4] == "cshared");
  CHECK(rows.find("sibB")->second[4] == "cshared");
  CHECK(rows.find("moved")->second[3] == "2");  // the school of the wave date

  // The average a message quotes covers the same days as its count: the year's total for an
  // initial message, the period otherwise; per school, over the students who qualify.
  std::map<std::string, std::pair<double, double>> sums;  // school -> (period, total)
  std::map<std::string, int> qualifying;
  for (const auto& [student, row] : rows) {
    if (row[9].empty()) continue;
    sums[row[3]].first += std::stod(row[8]);
    sums[row[3]].second += std::stod(row[9]);
    ++qualifying[row[3]];
  }
  int initial_rows = 0;
  for (const auto& [student, row] : rows) {
    if (row[7] != "initial" && row[7] != "recurring" && row[7] != "praise") continue;
    INFO(student << " school " << row[3] << " average " << row[10]);
    const auto& [period, total] = sums.at(row[3]);
    const double mean = (row[7] == "initial" ? total : period) / qualifying.at(row[3]);
    CHECK(std::stod(row[10]) == Approx(mean).margin(0.051));
    initial_rows += row[7] == "initial";
  }
  CHECK(initial_rows > 0);
}

TEST_CASE("plan: planning twice enqueues nothing the second time", "[plan]") {
  const Setup setup = Reset();
  SyncAndEnqueue(setup, setup.wave1);
  const std::int64_t first = OutboxRows();
  // 13 students (late and late2 enter later); restricted and nochannel skipped
  CHECK(first == 11);
  const auto again = Nudged(setup, {"plan", "--date", FormatIsoDate(setup.wave1.date)});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("nothing enqueued"));
  CHECK(OutboxRows() == first);
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  CHECK(tx.exec1("SELECT max(messages_received) FROM nudged.student_cadence")[0].as<int>() == 1);
}

TEST_CASE("plan: a wave the data-quality gate holds enqueues nothing until approved", "[plan]") {
  // One caregiver of thirteen has no usable channel: 8% is over a 5% limit.
  const Setup setup = Reset(false, "[quality]\nmax_contacts_without_channel_share = 0.05\n");
  REQUIRE(Nudged(setup, {"sync", "--as-of", FormatIsoDate(setup.wave1.date)}).exit_code == 0);
  const std::vector<std::string> plan = {"plan", "--date", FormatIsoDate(setup.wave1.date)};
  const auto held = Nudged(setup, plan);
  INFO(held.out << held.err);
  CHECK(held.exit_code == 0);
  CHECK_THAT(held.out, Catch::Contains("HELD by the data-quality gate"));
  CHECK_THAT(held.out, Catch::Contains("have no usable channel"));
  CHECK_THAT(held.err, Catch::Contains("wave held wave=1 check=contacts_without_channel"));
  CHECK(OutboxRows() == 0);
  const auto dry_run = Nudged(setup, {"plan", "--date", FormatIsoDate(setup.wave1.date),
                                      "--dry-run"});
  CHECK_THAT(dry_run.err, Catch::Contains("the wave is HELD"));

  const auto approve = Nudged(setup, {"approve", "--wave", "1"});
  INFO(approve.out << approve.err);
  CHECK(approve.exit_code == 0);
  const auto released = Nudged(setup, plan);
  CHECK(released.exit_code == 0);
  CHECK_THAT(released.out, Catch::Contains("enqueued 11 new messages"));
  CHECK(OutboxRows() == 11);
}

TEST_CASE("plan: two processes at once enqueue each message once", "[plan]") {
  const Setup setup = Reset();
  REQUIRE(Nudged(setup, {"sync", "--as-of", FormatIsoDate(setup.wave1.date)}).exit_code == 0);
  const std::vector<std::string> args = {"plan", "--date", FormatIsoDate(setup.wave1.date)};
  auto a = std::async(std::launch::async, [&] { return Nudged(setup, args); });
  auto b = std::async(std::launch::async, [&] { return Nudged(setup, args); });
  const auto ra = a.get();
  const auto rb = b.get();
  INFO(ra.out << ra.err << rb.out << rb.err);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  CHECK(OutboxRows() == 11);
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  // Each message's creation is its row, the first of its events; nothing happened to them yet.
  CHECK(tx.exec1("SELECT count(*) FROM nudged.message_events WHERE old_state IS NULL AND "
                 "new_state = 'ready' AND detail = 'planned in wave 1'")[0]
            .as<int>() == 11);
  CHECK(tx.exec1("SELECT count(*) FROM nudged.audit_events")[0].as<int>() == 0);
}

// The sync's and the wave's bulk writes have no foreign keys (sql/007_bulk_writes.sql); these
// triggers keep what the keys guaranteed.
TEST_CASE("plan: enqueued outbox rows and waves are never deleted", "[plan]") {
  const Setup setup = Reset();
  SyncAndEnqueue(setup, setup.wave1);
  pqxx::connection connection{TestDsn()};
  const auto refused = [&](const std::string& statement, const std::string& message) {
    pqxx::work tx{connection};
    INFO(statement);
    CHECK_THROWS_WITH(tx.exec0(statement), Catch::Contains(message));
  };
  refused("DELETE FROM nudged.outbox WHERE outbox_id = (SELECT min(outbox_id) FROM nudged.outbox)",
          "rows of an enqueued wave or with audit events are never deleted");
  refused("TRUNCATE nudged.outbox CASCADE", "never truncated");
  refused("DELETE FROM nudged.waves", "never deleted");
  refused("TRUNCATE nudged.waves CASCADE", "never deleted");
  CHECK(OutboxRows() == 11);
}

TEST_CASE("sync: deleting a sync run deletes its snapshot rows", "[sync]") {
  const Setup setup = Reset();
  for (const Wave& wave : {setup.wave1, setup.wave2}) {
    REQUIRE(Nudged(setup, {"sync", "--as-of", FormatIsoDate(wave.date)}).exit_code == 0);
  }
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  const auto snapshot_rows = [&](const char* which) {
    return tx
        .exec1(std::string("SELECT count(*) FROM nudged.sync_snapshots WHERE sync_id ") + which +
               " (SELECT min(sync_id) FROM nudged.sync_runs)")[0]
        .as<int>();
  };
  const int others = snapshot_rows("<>");
  REQUIRE(snapshot_rows("=") > 0);
  REQUIRE(others > 0);
  tx.exec0("DELETE FROM nudged.sync_anomalies");
  tx.exec0(
      "DELETE FROM nudged.sync_runs WHERE sync_id = (SELECT min(sync_id) FROM nudged.sync_runs)");
  CHECK(tx.exec1("SELECT count(*) FROM nudged.sync_snapshots s WHERE NOT EXISTS "
                 "(SELECT 1 FROM nudged.sync_runs r WHERE r.sync_id = s.sync_id)")[0]
            .as<int>() == 0);
  CHECK(tx.exec1("SELECT count(*) FROM nudged.sync_snapshots")[0].as<int>() == others);
}

TEST_CASE("plan: control students are skipped with the experiment on", "[plan]") {
  const Setup setup = Reset(true);
  REQUIRE(Nudged(setup, {"sync", "--as-of", FormatIsoDate(setup.wave1.date)}).exit_code == 0);
  const auto plan = Nudged(setup, {"plan", "--date", FormatIsoDate(setup.wave1.date), "--dry-run"});
  REQUIRE(plan.exit_code == 0);
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  const auto control = tx.exec(
      "SELECT student_id FROM nudged.experiment_assignments WHERE arm = 'control'");
  CHECK(control.size() > 0);
  const auto rows = ParseCsv(plan.out);
  for (const auto& row : control) {
    INFO(row[0].c_str());
    REQUIRE(rows.count(row[0].c_str()) == 1);
    CHECK(rows.find(row[0].c_str())->second[13] == "control group");
  }
  CHECK(tx.exec1("SELECT count(DISTINCT arm) FROM nudged.experiment_assignments "
                 "WHERE student_id IN ('sibA', 'sibB')")[0].as<int>() == 1);
}

}  // namespace
}  // namespace nudged
