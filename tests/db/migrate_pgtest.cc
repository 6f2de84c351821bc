// `nudged migrate` against a real PostgreSQL: idempotence, two processes at once, checksum and
// unknown-version detection, a failing migration leaving nothing behind, and exit code 3 when the
// database cannot be reached. Each test drops schema "nudged" first, so none depends on what
// another test file left.

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "db/migrations.h"
#include "db/migrator.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::NudgedBinary;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TestDsn;

void DropStateSchema() {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  tx.exec0("DROP SCHEMA IF EXISTS nudged CASCADE");
  tx.commit();
}

int CountRows(const std::string& query) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  return tx.exec1(query)[0].as<int>();
}

// Writes a minimal configuration whose state database is `url`; returns its path.
std::string WriteConfig(const std::string& url) {
  const std::string path = testing::NewScratchDirectory("migrate-test") + "/nudged.toml";
  std::ofstream{path} << "[district]\nname = \"Test\"\ntimezone = \"America/Chicago\"\n"
                      << "[database]\nurl = \"" << url << "\"\n"
                      << "[calendar]\nfirst_day = 2026-09-08\nlast_day = 2027-06-25\n";
  return path;
}

ProcessResult RunMigrateProcess(const std::string& config_path) {
  return RunProcess({NudgedBinary(), "--config", config_path, "migrate"});
}

TEST_CASE("migrate applies every migration once, running it again does nothing", "[migrate]") {
  DropStateSchema();
  pqxx::connection connection{TestDsn()};
  MigrateResult first;
  REQUIRE(Migrate(connection, EmbeddedMigrations(), &first).ok());
  CHECK(first.applied.size() == EmbeddedMigrations().size());
  CHECK(first.already_applied == 0);

  MigrateResult second;
  REQUIRE(Migrate(connection, EmbeddedMigrations(), &second).ok());
  CHECK(second.applied.empty());
  CHECK(second.already_applied == static_cast<int>(EmbeddedMigrations().size()));
  CHECK(CountRows(
            "SELECT count(*) FROM nudged.schema_migrations WHERE checksum ~ '^[0-9a-f]{64}$'") ==
        static_cast<int>(EmbeddedMigrations().size()));
  for (const char* table :
       {"waves", "student_cadence", "sync_runs", "sync_snapshots", "sync_anomalies", "outbox",
        "audit_events", "opt_outs", "experiment_assignments"}) {
    INFO(table);
    CHECK(CountRows(std::string("SELECT count(*) FROM pg_tables WHERE schemaname = 'nudged' AND "
                                "tablename = '") +
                    table + "'") == 1);
  }
}

TEST_CASE("Two nudged migrate processes at once both succeed, each migration applies once",
          "[migrate]") {
  DropStateSchema();
  const std::string config = WriteConfig(TestDsn());
  ProcessResult results[2];
  {
    std::thread a([&] { results[0] = RunMigrateProcess(config); });
    std::thread b([&] { results[1] = RunMigrateProcess(config); });
    a.join();
    b.join();
  }
  for (const ProcessResult& result : results) {
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
  }
  // Each migration is its own locked step, so with several migrations the two processes may
  // take turns; between them they apply each one exactly once.
  int applied = 0;
  for (const ProcessResult& result : results) {
    int applied_here = -1, already = -1;
    REQUIRE(std::sscanf(result.out.c_str(), "migrate: %d applied, %d already in place",
                        &applied_here, &already) == 2);
    CHECK(applied_here + already == static_cast<int>(EmbeddedMigrations().size()));
    applied += applied_here;
  }
  CHECK(applied == static_cast<int>(EmbeddedMigrations().size()));
  CHECK(CountRows("SELECT count(*) FROM nudged.schema_migrations") ==
        static_cast<int>(EmbeddedMigrations().size()));
}

TEST_CASE("A changed or unknown applied migration is refused", "[migrate]") {
  DropStateSchema();
  pqxx::connection connection{TestDsn()};
  MigrateResult result;
  REQUIRE(Migrate(connection, EmbeddedMigrations(), &result).ok());

  SECTION("the embedded text differs from what was applied") {
    const Migration edited[] = {{1, "state", "CREATE TABLE nudged.edited (id int)"}};
    Status status = Migrate(connection, edited, &result);
    CHECK(status.IsConflict());
    CHECK_THAT(status.message(), Catch::Contains("was changed after it was applied"));
  }
  SECTION("the recorded checksum differs (the binary's migration was edited)") {
    {
      pqxx::work tx{connection};
      tx.exec0("UPDATE nudged.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1");
      tx.commit();
    }
    const ProcessResult process = RunMigrateProcess(WriteConfig(TestDsn()));
    CHECK(process.exit_code == 3);
    CHECK_THAT(process.err, Catch::Contains("migration 1 (state) was changed"));
  }
  SECTION("the database holds a migration this binary does not know") {
    {
      pqxx::work tx{connection};
      tx.exec0(
          "INSERT INTO nudged.schema_migrations (version, name, checksum) "
          "VALUES (999, 'future', repeat('a', 64))");
      tx.commit();
    }
    Status status = Migrate(connection, EmbeddedMigrations(), &result);
    CHECK(status.IsConflict());
    CHECK_THAT(status.message(), Catch::Contains("migration 999"));
  }
}

TEST_CASE("A failing migration leaves neither its objects nor its record", "[migrate]") {
  DropStateSchema();
  std::vector<Migration> migrations(EmbeddedMigrations().begin(), EmbeddedMigrations().end());
  const int broken_version = migrations.back().version + 1;
  migrations.push_back({broken_version, "broken",
                        "CREATE TABLE nudged.half_done (id int); "
                        "SELECT 1 / 0;"});
  pqxx::connection connection{TestDsn()};
  MigrateResult result;
  Status status = Migrate(connection, migrations, &result);
  CHECK(status.code() == Status::Code::kInternal);
  CHECK(result.applied.size() == EmbeddedMigrations().size());
  CHECK(CountRows("SELECT count(*) FROM nudged.schema_migrations WHERE version = " +
                  std::to_string(broken_version)) == 0);
  CHECK(CountRows("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'") == 0);
}

TEST_CASE("migrate and sync exit 3 with a clear message when the database is unreachable",
          "[migrate]") {
  const std::string config = WriteConfig("postgresql:///nudged?host=/nonexistent-socket-dir");
  const std::vector<std::vector<std::string>> commands = {{"migrate"},
                                                          {"sync", "--as-of", "2026-09-25"}};
  for (const auto& command : commands) {
    INFO(command[0]);
    std::vector<std::string> argv = {NudgedBinary(), "--config", config};
    argv.insert(argv.end(), command.begin(), command.end());
    const ProcessResult result = RunProcess(argv);
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Catch::Contains("cannot connect to the state database"));
  }
}

TEST_CASE("migrate exits 1 when the configured password variable is not set", "[migrate]") {
  const std::string path = WriteConfig(TestDsn());
  std::ofstream{path, std::ios::app} << "";
  std::string text;
  {
    std::ifstream in{path};
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("[calendar]"), 0, "password_env = \"NUDGED_TEST_UNSET_PASSWORD\"\n");
  std::ofstream{path} << text;
  testing::ProcessOptions options;
  options.unset_env = {"NUDGED_TEST_UNSET_PASSWORD"};
  const ProcessResult result = RunProcess({NudgedBinary(), "--config", path, "migrate"}, options);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("NUDGED_TEST_UNSET_PASSWORD is not set"));
}

}  // namespace
}  // namespace nudged
