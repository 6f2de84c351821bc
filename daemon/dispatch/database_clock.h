// The production Clock: the state database's clock, so several dispatcher hosts agree on due
// times whatever their own clocks say. Now() is the local system clock plus an offset measured
// against the server's clock_timestamp() (half the round trip counted as the server's delay);
// Calibrate measures it again, e.g. after each dispatcher heartbeat. Now() never goes back,
// even when a new measurement would move it back a little. Thread-safe.

#ifndef NUDGED_DISPATCH_DATABASE_CLOCK_H_
#define NUDGED_DISPATCH_DATABASE_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <pqxx/connection>

#include "nudged/clock.h"
#include "nudged/status.h"

namespace nudged {

class DatabaseClock : public Clock {
 public:
  // Until the first Calibrate, the offset is zero (the local clock).
  DatabaseClock() = default;

  Instant Now() override;

  // Measures the offset on `connection`. REQUIRES: not used by another thread meanwhile.
  Status Calibrate(pqxx::connection& connection);

 private:
  std::atomic<std::int64_t> offset_us_{0};
  std::atomic<std::int64_t> last_us_{0};  // the latest instant returned, microseconds
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_DATABASE_CLOCK_H_
