// /readyz against a real PostgreSQL: ready while the state database answers, 503 naming the
// reason when the configured database does not exist.

#include <catch2/catch.hpp>
#include <chrono>

#include "metrics/ops_handlers.h"
#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

OpsResponse Readyz(const DatabaseConfig& database) {
  OpsSources sources;
  sources.config_loaded = [] { return true; };
  sources.check_database = [database] {
    return CheckStateDatabase(database, std::chrono::milliseconds(2000));
  };
  sources.metrics_text = [] { return std::string(); };
  return HandleOpsRequest({"GET", "/readyz"}, sources);
}

TEST_CASE("readyz is 200 while the state database answers", "[metrics][postgres]") {
  DatabaseConfig database;
  database.url = testing::TestDsn();
  CHECK(CheckStateDatabase(database, std::chrono::milliseconds(2000)).ok());
  const OpsResponse ready = Readyz(database);
  CHECK(ready.status == 200);
  CHECK(ready.body == "ready\n");
}

TEST_CASE("readyz is 503 with the server's reason for a database it cannot use",
          "[metrics][postgres]") {
  DatabaseConfig database;
  // The test DSN is a key=value string or a URL; either way a later dbname wins.
  const std::string dsn = testing::TestDsn();
  if (!dsn.starts_with("postgres")) {
    database.url = dsn + " dbname=missing_for_readyz";
  } else {
    database.url =
        dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "dbname=missing_for_readyz";
  }
  const OpsResponse down = Readyz(database);
  CHECK(down.status == 503);
  CHECK_THAT(down.body, Catch::StartsWith("not ready: cannot connect to the state database"));
  CHECK_THAT(down.body, Catch::Contains("missing_for_readyz"));
  CHECK(down.body.find('\n') == down.body.size() - 1);
}

}  // namespace
}  // namespace nudged
