// The production clock follows the database server's clock: on a local server the offset to
// the system clock is tiny, and readings never go back across a recalibration.

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "dispatch/database_clock.h"
#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

TEST_CASE("the database clock agrees with the server and never goes back",
          "[dispatch][postgres]") {
  pqxx::connection connection{testing::TestDsn()};
  DatabaseClock clock;
  REQUIRE(clock.Calibrate(connection).ok());
  const auto system_now = std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now());
  CHECK(std::chrono::abs(clock.Now() - system_now) < std::chrono::milliseconds(100));
  Instant last = clock.Now();
  for (int i = 0; i < 20; ++i) {
    REQUIRE(clock.Calibrate(connection).ok());
    const Instant now = clock.Now();
    CHECK(now >= last);
    last = now;
  }
}

}  // namespace
}  // namespace nudged
