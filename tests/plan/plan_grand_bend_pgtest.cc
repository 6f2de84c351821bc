// `nudged plan --dry-run` on the Ed-Fi Grand Bend sample, synced as of wave 2's date: every
// student of the snapshot appears exactly once as message rows or a skip row, and the sum of
// absences_total over the planned students equals the snapshot's sum over the same students.

#include <catch2/catch.hpp>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>

#include <nlohmann/json.hpp>
#include "calendar/schedule.h"
#include "config/loader.h"

#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::TestDsn;

constexpr const char* kSchema = "plan_grand_bend";

TEST_CASE("Grand Bend: every student planned once, planned totals equal the snapshot's",
          "[plan][grand-bend]") {
  const std::string data = testing::SourcePath("../shared/data/edfi-grand-bend");
  const std::string path = testing::LoadGrandBend(kSchema, data);
  pqxx::connection connection{TestDsn()};
  const LoadResult loaded = LoadConfigFile(path);
  REQUIRE(loaded.ok());
  const Wave wave = BuildSchedule(loaded.config->calendar, loaded.config->cadence).waves.at(1);
  const std::string date = FormatIsoDate(wave.date);
  auto nudged = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {testing::NudgedBinary(), "--config", path});
    return testing::RunProcess(args);
  };
  REQUIRE(nudged({"sync", "--as-of", date}).exit_code == 0);
  const auto plan = nudged({"plan", "--date", date, "--dry-run", "--format", "json"});
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  const nlohmann::json document = nlohmann::json::parse(plan.out);
  std::map<std::string, std::set<std::string>> kinds;  // student -> "message" or "skipped"
  std::map<std::string, double> planned_totals;
  for (const auto& row : document["rows"]) {
    const std::string student = row["student_id"];
    kinds[student].insert(row["kind"] == "skipped" ? "skipped" : "message");
    if (row["kind"] != "skipped") planned_totals[student] = row["absences_total"].get<double>();
  }
  pqxx::work tx{connection};
  const auto snapshot = tx.exec(
      "SELECT student_id, absences_through_next::float8 FROM nudged.sync_snapshots "
      "WHERE sync_id = (SELECT max(sync_id) FROM nudged.sync_runs)");
  CHECK(kinds.size() == snapshot.size());
  double expected = 0;
  for (const auto& row : snapshot) {
    const std::string student = row[0].c_str();
    INFO(student);
    REQUIRE(kinds.count(student) == 1);
    CHECK(kinds[student].size() == 1);
    if (planned_totals.count(student)) expected += row[1].as<double>();
  }
  double planned = 0;
  for (const auto& [student, total] : planned_totals) planned += total;
  CHECK(planned == expected);
  CHECK(document["summary"]["students"] == snapshot.size());
}

}  // namespace
}  // namespace nudged
