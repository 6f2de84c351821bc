// The leader lease (scheduler/leader_lease.h) with two contenders on a real PostgreSQL: one
// holder at a time, renewal keeps it, expiry on the database clock hands it over, release
// hands it over at once.

#include "scheduler/leader_lease.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <pqxx/pqxx>
#include <thread>

#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

using testing::TestDsn;

bool Renew(LeaderLease& lease, pqxx::connection& connection) {
  bool held = false;
  REQUIRE(lease.Renew(connection, &held).ok());
  return held;
}

TEST_CASE("The leader lease has one holder at a time and passes on expiry or release",
          "[lease][postgres]") {
  pqxx::connection a_connection{TestDsn()};
  pqxx::connection b_connection{TestDsn()};
  testing::RecreateStateSchema(a_connection);
  LeaderLease a("host-a:1", std::chrono::seconds(1));
  LeaderLease b("host-b:2", std::chrono::seconds(1));

  CHECK(Renew(a, a_connection));
  CHECK_FALSE(Renew(b, b_connection));
  // Renewing keeps it, again and again, past the first ttl.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(Renew(a, a_connection));
    CHECK_FALSE(Renew(b, b_connection));
  }
  // a stops renewing (crashed): once expired on the database clock, b takes it over.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(Renew(b, b_connection));
  CHECK_FALSE(Renew(a, a_connection));
  // A clean stop releases it: a takes it at once.
  REQUIRE(b.Release(b_connection).ok());
  CHECK(Renew(a, a_connection));
  CHECK_FALSE(Renew(b, b_connection));
  // Releasing a lease one does not hold changes nothing.
  REQUIRE(b.Release(b_connection).ok());
  CHECK_FALSE(Renew(b, b_connection));

  pqxx::read_transaction tx{a_connection};
  CHECK(tx.exec1("SELECT holder FROM nudged.leader_lease WHERE name = 'scheduler'")[0]
            .as<std::string>() == "host-a:1");
}

TEST_CASE("Contenders racing for a free lease get exactly one holder", "[lease][postgres]") {
  {
    pqxx::connection connection{TestDsn()};
    testing::RecreateStateSchema(connection);
  }
  constexpr int kContenders = 8;
  std::vector<std::thread> threads;
  std::atomic<int> holders{0};
  std::atomic<int> failures{0};
  for (int i = 0; i < kContenders; ++i) {
    threads.emplace_back([i, &holders, &failures] {
      pqxx::connection connection{TestDsn()};
      LeaderLease lease("contender:" + std::to_string(i), std::chrono::seconds(30));
      bool held = false;
      if (!lease.Renew(connection, &held).ok()) ++failures;
      if (held) ++holders;
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(holders == 1);
}

}  // namespace
}  // namespace nudged
