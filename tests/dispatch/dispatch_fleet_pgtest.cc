// Several dispatchers on one database: a crashed instance's rows are rescued within 15 s (on
// the simulated clock) and end sent once; a restart under the same name rescues its own
// leftovers at once; a second live instance with the same name is refused; of two dispatchers
// sharing a sender one sends and the other takes over, each row once and never two in one
// rate-limit window; a standby waits out a dead holder's sender lease.

#include <catch2/catch.hpp>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "calendar/test_configs.h"
#include "common/simulated_clock.h"
#include "dispatch/outbox_store.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

using namespace testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kTimeout = milliseconds(30000);

Instant Noon() { return UtcInstant("2026-11-03T17:00:00Z"); }

// Leaves `ids` as a crashed dispatcher `instance` would: registered with a last heartbeat at
// `at`, the rows claimed (sending, attempt 1) at that instant.
void Crash(const std::string& instance, const std::vector<std::int64_t>& ids, Instant at) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  tx.exec_params0(
      "INSERT INTO nudged.dispatcher_instances (instance, host, pid, started_at, heartbeat_at) "
      "VALUES ($1, 'gone', 1, $2::timestamptz, $2::timestamptz)",
      instance, SqlTimestamp(at));
  for (std::int64_t id : ids) {
    tx.exec_params0(
        "UPDATE nudged.outbox SET state = 'sending', attempts = 1, lease_owner = $2, "
        "lease_until = $3::timestamptz + interval '80 seconds', "
        "sending_started_at = $3::timestamptz "
        "WHERE outbox_id = $1",
        id, instance, SqlTimestamp(at));
    tx.exec_params0(
        "INSERT INTO nudged.audit_events (at, outbox_id, old_state, new_state, attempt) "
        "VALUES ($2::timestamptz, $1, 'ready', 'sending', 1)",
        id, SqlTimestamp(at));
  }
  tx.commit();
}

// Returns the clock time of the row's move to unknown, as seconds after `since`.
double SecondsToUnknown(std::int64_t id, Instant since) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec_params1(
               "SELECT extract(epoch FROM at - $2::timestamptz)::float8 FROM nudged.audit_events "
               "WHERE outbox_id = $1 AND new_state = 'unknown'",
               id, SqlTimestamp(since))[0]
      .as<double>();
}

TEST_CASE("a crashed dispatcher's sending rows are rescued within 15 seconds",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> ids = InsertReadyRows(4, Noon() + std::chrono::hours(48));
  const std::vector<std::int64_t> crashed(ids.begin(), ids.begin() + 3);
  Crash("crashed-1", crashed, Noon());
  // The clock stands still; the test moves it a second at a time.
  SimulatedClock clock(Noon());
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                    TestDispatcherOptions("rescuer-1"));
  REQUIRE(WaitUntil([&] { return RowState(ids[3]) == "sent"; }, kTimeout));
  for (int second = 1; second <= 15 && CountInState("sending") > 0; ++second) {
    clock.Advance(seconds(1));
    // Heartbeats and rescues run every 100 ms of real time.
    std::this_thread::sleep_for(milliseconds(250));
  }
  for (std::int64_t id : crashed) {
    const double after = SecondsToUnknown(id, Noon());
    INFO("row " << id << " rescued " << after << " s after the crash");
    CHECK(after <= 15.0);
  }
  // The requests may have gone out, so they are resent only after the provider was asked and
  // the grace period (2 s here) had passed; the double never got them, so they go out once.
  REQUIRE(WaitUntil([] { return CountInState("sent") == 4; }, kTimeout));
  REQUIRE(run.StopAndJoin().ok());
  CHECK(run.provider().Requests().size() == 4);
  for (std::int64_t id : crashed) {
    CHECK(AuditTrail(id) ==
          "ready>sending sending>unknown unknown>ready ready>sending sending>sent");
  }
}

TEST_CASE("a restart under the same name rescues its own leftovers at once",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> ids = InsertReadyRows(2, Noon() + std::chrono::hours(48));
  Crash("restarted-1", ids, Noon() - seconds(30));
  SimulatedClock clock(Noon());
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                    TestDispatcherOptions("restarted-1"));
  // The attempts were 30 s ago, past the grace period: reconciled and sent again at once.
  REQUIRE(WaitUntil([] { return CountInState("sent") == 2; }, kTimeout));
  for (std::int64_t id : ids) {
    CHECK(SecondsToUnknown(id, Noon()) == 0.0);
    CHECK(AuditTrail(id) ==
          "ready>sending sending>unknown unknown>ready ready>sending sending>sent");
  }
  REQUIRE(run.StopAndJoin().ok());
}

TEST_CASE("a second live dispatcher with the same name is refused", "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  SimulatedClock clock(Noon(), 1.0);
  DispatcherRun first(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                      TestDispatcherOptions("twin-1"));
  REQUIRE(WaitUntil(
      [] {
        pqxx::connection connection{TestDsn()};
        pqxx::read_transaction tx{connection};
        return tx.exec1("SELECT count(*) FROM nudged.dispatcher_instances")[0].as<int>() == 1;
      },
      kTimeout));
  DispatcherRun second(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                       TestDispatcherOptions("twin-1"));
  REQUIRE(second.WaitForExit(kTimeout));
  CHECK(second.status().IsConflict());
  CHECK(first.StopAndJoin().ok());
}

TEST_CASE("two dispatchers share a sender: one sends, the other takes over one window after",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> ids = InsertReadyRows(600, Noon() + std::chrono::hours(48));
  SimulatedClock clock(Noon(), 1.0);
  ProviderConfig provider = TestProviderConfig();
  provider.concurrency = 16;
  provider.rate_per_second = 200;
  DispatcherOptions a_options = TestDispatcherOptions("pair-a");
  DispatcherOptions b_options = TestDispatcherOptions("pair-b");
  b_options.until_idle = true;
  const auto accept = [](const OutgoingMessage&, int) { return Accepted(); };
  DispatcherRun a(clock, accept, a_options, provider, EveryDayGate(), milliseconds(2));
  REQUIRE(WaitUntil([&] { return a.provider().Requests().size() >= 100; }, kTimeout));
  DispatcherRun b(clock, accept, b_options, provider, EveryDayGate(), milliseconds(2));
  // pair-b stands by while pair-a holds the sender (heartbeats every 100 ms).
  REQUIRE(WaitUntil([&] { return a.provider().Requests().size() >= 300; }, kTimeout));
  CHECK(b.provider().Requests().empty());
  REQUIRE(a.StopAndJoin().ok());
  REQUIRE(b.WaitForExit(kTimeout));
  CHECK(b.status().ok());

  const auto a_requests = a.provider().Requests();
  const auto b_requests = b.provider().Requests();
  INFO("pair-a sent " << a_requests.size() << ", pair-b " << b_requests.size());
  REQUIRE(!a_requests.empty());
  REQUIRE(!b_requests.empty());
  std::map<std::int64_t, int> sends;
  Instant a_last{};
  Instant b_first = b_requests.front().at;
  for (const auto& request : a_requests) {
    ++sends[request.outbox_id];
    a_last = std::max(a_last, request.at);
  }
  for (const auto& request : b_requests) {
    ++sends[request.outbox_id];
    b_first = std::min(b_first, request.at);
  }
  CHECK(sends.size() == ids.size());
  int twice = 0;
  for (const auto& [id, count] : sends) twice += count > 1 ? 1 : 0;
  CHECK(twice == 0);
  CHECK(CountInState("sent") == 600);
  // The two never send in one rate-limit window: pair-b's first request comes at least a
  // second after pair-a's last.
  CHECK(std::chrono::duration<double>(b_first - a_last).count() >= 1.0);
}

TEST_CASE("a standby takes the sender over once a dead holder's lease has run out",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  InsertReadyRows(20, Noon() + std::chrono::hours(48));
  {
    // A holder that died: its lease runs until Noon + 4 s.
    pqxx::connection connection{TestDsn()};
    pqxx::work tx{connection};
    tx.exec_params0(
        "INSERT INTO nudged.sender_leases (sender, instance, started_at, taken_at, lease_until) "
        "VALUES ($1, 'gone', $2::timestamptz, $2::timestamptz, $2::timestamptz + interval '4 s')",
        TestProviderConfig().from_number, SqlTimestamp(Noon()));
    tx.commit();
  }
  SimulatedClock clock(Noon(), 1.0);
  DispatcherOptions options = TestDispatcherOptions("standby");
  options.until_idle = true;
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); }, options);
  REQUIRE(run.WaitForExit(kTimeout));
  CHECK(run.status().ok());
  const auto requests = run.provider().Requests();
  REQUIRE(requests.size() == 20);
  // Not before the lease's end plus one rate-limit period (1 s at 1/s, plus the margin).
  CHECK(std::chrono::duration<double>(requests.front().at - Noon()).count() >= 5.0);
}

}  // namespace
}  // namespace nudged
