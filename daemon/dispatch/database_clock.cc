// Implementation details: the server reads clock_timestamp() somewhere between our two local
// readings; taking the midpoint bounds the error by half the round trip (well under a
// millisecond on a local server). Monotonicity is a compare-and-swap on the last instant.

#include "dispatch/database_clock.h"

#include <pqxx/pqxx>

#include "db/errors.h"

namespace nudged {
namespace {

std::int64_t SystemMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Instant DatabaseClock::Now() {
  std::int64_t now = SystemMicros() + offset_us_.load();
  std::int64_t last = last_us_.load();
  while (now > last && !last_us_.compare_exchange_weak(last, now)) {
  }
  return Instant(std::chrono::microseconds(std::max(now, last)));
}

Status DatabaseClock::Calibrate(pqxx::connection& connection) {
  try {
    pqxx::nontransaction tx(connection);
    const std::int64_t before = SystemMicros();
    const pqxx::row row =
        tx.exec1("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint");
    const std::int64_t after = SystemMicros();
    offset_us_ = row[0].as<std::int64_t>() - (before + after) / 2;
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("read the database clock");
  }
}

}  // namespace nudged
