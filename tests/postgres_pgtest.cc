// Checks the test harness itself: scripts/test starts a throwaway PostgreSQL 15 and passes its
// DSN in NUDGED_TEST_DSN. Every *_pgtest.cc relies on this.

#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "tests/support/pg_mirror.h"

namespace {

using nudged::testing::TestDsn;

TEST_CASE("The test PostgreSQL server is reachable and is version 15") {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  auto version = tx.exec1("SELECT current_setting('server_version_num')::int")[0].as<int>();
  CHECK(version / 10000 == 15);
}

TEST_CASE("The test database is ours to change and is thrown away after the run") {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  tx.exec0("CREATE TEMP TABLE harness_probe (id int PRIMARY KEY)");
  tx.exec0("INSERT INTO harness_probe VALUES (1)");
  CHECK(tx.exec1("SELECT count(*) FROM harness_probe")[0].as<int>() == 1);
}

}  // namespace
