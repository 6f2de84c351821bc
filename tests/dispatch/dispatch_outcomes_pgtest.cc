// The dispatcher against PostgreSQL with a scripted Provider double: the order of commits
// around a request, each send outcome's final state and audit trail, Retry-After, the
// reconciliation of ambiguous sends (found at the provider, or not and resent), and expiry.
// The clock is simulated and runs at real speed from a Tuesday noon in New York.

#include <catch2/catch.hpp>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "calendar/test_configs.h"
#include "common/simulated_clock.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

using namespace testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kTimeout = milliseconds(15000);

Instant Noon() { return UtcInstant("2026-11-03T17:00:00Z"); }

TEST_CASE("dispatcher commits sending before the request and the SID right after",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> ids = InsertReadyRows(5, Noon() + std::chrono::hours(48));
  SimulatedClock clock(Noon(), 1.0);
  // Read on its own connection, from inside the double, as each request goes out.
  pqxx::connection observer{TestDsn()};
  std::vector<std::string> seen;
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                    TestDispatcherOptions("order-1"));
  run.provider().OnSend([&](const OutgoingMessage& message) {
    pqxx::read_transaction tx{observer};
    const pqxx::row row = tx.exec_params1(
        "SELECT state, attempts, lease_owner, provider_sid IS NULL FROM nudged.outbox "
        "WHERE outbox_id = $1",
        message.outbox_id);
    seen.push_back(row[0].as<std::string>() + "/" + row[1].as<std::string>() + "/" +
                   row[2].as<std::string>() + "/" + (row[3].as<bool>() ? "no SID" : "SID"));
  });
  REQUIRE(WaitUntil([] { return CountInState("sent") == 5; }, kTimeout));
  REQUIRE(run.StopAndJoin().ok());
  REQUIRE(seen.size() == 5);
  for (const std::string& s : seen) CHECK(s == "sending/1/order-1/no SID");
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  for (std::int64_t id : ids) {
    const pqxx::row row = tx.exec_params1(
        "SELECT provider_sid, lease_owner IS NULL, attempts FROM nudged.outbox "
        "WHERE outbox_id = $1",
        id);
    CHECK_THAT(row[0].as<std::string>(), Catch::StartsWith("SM"));
    CHECK(row[1].as<bool>());
    CHECK(row[2].as<int>() == 1);
    CHECK(AuditTrail(id) == "ready>sending sending>sent");
  }
  CHECK(tx.exec1("SELECT stopped_at IS NOT NULL FROM nudged.dispatcher_instances "
                 "WHERE instance = 'order-1'")[0].as<bool>());
}

TEST_CASE("each send outcome ends in its state with its audit trail", "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> ids = InsertReadyRows(5, Noon() + std::chrono::hours(48));
  // Row by row: accepted; invalid number; unsubscribed; 429 every time; 429 once then accepted.
  const std::int64_t accepted = ids[0], invalid = ids[1], stop = ids[2], busy = ids[3],
                     busy_once = ids[4];
  SimulatedClock clock(Noon(), 1.0);
  DispatcherRun run(
      clock,
      [=](const OutgoingMessage& message, int attempt) {
        if (message.outbox_id == invalid) return Permanent("21211");
        if (message.outbox_id == stop) return Permanent("21610");
        if (message.outbox_id == busy) return Retryable("20429", std::nullopt);
        if (message.outbox_id == busy_once && attempt == 1) return Retryable("20429", std::nullopt);
        return Accepted();
      },
      TestDispatcherOptions("outcomes-1"));
  REQUIRE(WaitUntil([] { return CountInState("sent") == 2 && CountInState("failed") == 3; },
                    kTimeout));
  // Long enough for any wrongful retry of the failed rows (backoff is at most 200 ms).
  std::this_thread::sleep_for(milliseconds(500));
  REQUIRE(run.StopAndJoin().ok());

  CHECK(AuditTrail(accepted) == "ready>sending sending>sent");
  CHECK(AuditTrail(invalid) == "ready>sending sending>failed");
  CHECK(AuditTrail(stop) == "ready>sending sending>failed");
  CHECK(AuditTrail(busy) ==
        "ready>sending sending>ready ready>sending sending>ready ready>sending sending>failed");
  CHECK(AuditTrail(busy_once) == "ready>sending sending>ready ready>sending sending>sent");
  std::map<std::int64_t, int> requests;
  for (const auto& request : run.provider().Requests()) ++requests[request.outbox_id];
  CHECK(requests[invalid] == 1);
  CHECK(requests[stop] == 1);
  CHECK(requests[busy] == 3);

  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  const pqxx::result opt_outs =
      tx.exec("SELECT address, channel, source FROM nudged.opt_outs ORDER BY address");
  REQUIRE(opt_outs.size() == 1);
  CHECK(opt_outs[0][0].as<std::string>() == "+15080000003");
  CHECK(opt_outs[0][1].as<std::string>() == "sms");
  CHECK(opt_outs[0][2].as<std::string>() == "provider_21610");
  const pqxx::row audit = tx.exec_params1(
      "SELECT provider_code, attempt FROM nudged.audit_events WHERE outbox_id = $1 "
      "AND new_state = 'failed'", invalid);
  CHECK(audit[0].as<std::string>() == "21211");
  CHECK(audit[1].as<int>() == 1);
  const pqxx::row gave_up = tx.exec_params1(
      "SELECT detail, attempt FROM nudged.audit_events WHERE outbox_id = $1 "
      "AND new_state = 'failed'", busy);
  CHECK_THAT(gave_up[0].as<std::string>(), Catch::Contains("gave up after 3 attempts"));
  CHECK(gave_up[1].as<int>() == 3);
}

TEST_CASE("dispatcher honors Retry-After to within 10%", "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::int64_t id = InsertReadyRows(1, Noon() + std::chrono::hours(48))[0];
  SimulatedClock clock(Noon(), 1.0);
  DispatcherRun run(
      clock,
      [](const OutgoingMessage&, int attempt) {
        return attempt == 1 ? Retryable("20429", milliseconds(2000)) : Accepted();
      },
      TestDispatcherOptions("retry-after-1"));
  REQUIRE(WaitUntil([id] { return RowState(id) == "sent"; }, kTimeout));
  REQUIRE(run.StopAndJoin().ok());
  const auto requests = run.provider().Requests();
  REQUIRE(requests.size() == 2);
  const auto gap = std::chrono::duration_cast<milliseconds>(requests[1].at - requests[0].at);
  INFO("second attempt " << gap.count() << " ms after the first");
  CHECK(gap >= milliseconds(2000));
  CHECK(gap <= milliseconds(2200));
  CHECK(AuditTrail(id) == "ready>sending sending>ready ready>sending sending>sent");
}

TEST_CASE("an ambiguous send the provider has is reconciled as sent with its SID",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  std::vector<std::int64_t> ids = InsertReadyRows(2, Noon() + std::chrono::hours(48));
  // A call too: the provider's list of calls has no body, so it matches on number and time.
  ids.push_back(InsertReadyRows(1, Noon() + std::chrono::hours(48), Channel::kVoice)[0]);
  SimulatedClock clock(Noon(), 1.0);
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Ambiguous(true); },
                    TestDispatcherOptions("reconcile-found-1"));
  REQUIRE(WaitUntil([] { return CountInState("sent") == 3; }, kTimeout));
  REQUIRE(run.StopAndJoin().ok());
  CHECK(run.provider().Requests().size() == 3);
  CHECK(run.provider().ListCalls() >= 3);
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  for (std::int64_t id : ids) {
    CHECK(AuditTrail(id) == "ready>sending sending>unknown unknown>sent");
    const pqxx::row row = tx.exec_params1(
        "SELECT o.provider_sid, a.provider_sid FROM nudged.outbox o JOIN nudged.audit_events a "
        "USING (outbox_id) WHERE outbox_id = $1 AND a.new_state = 'sent'",
        id);
    CHECK_THAT(row[0].as<std::string>(), Catch::StartsWith(id == ids.back() ? "CA" : "SM"));
    CHECK(row[0].as<std::string>() == row[1].as<std::string>());
  }
}

TEST_CASE("an ambiguous send the provider never got is resent after the grace period",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::int64_t sms = InsertReadyRows(1, Noon() + std::chrono::hours(48))[0];
  SimulatedClock clock(Noon(), 1.0);
  DispatcherRun run(
      clock,
      [](const OutgoingMessage&, int attempt) {
        return attempt == 1 ? Ambiguous(false) : Accepted();
      },
      TestDispatcherOptions("reconcile-lost-1"));
  REQUIRE(WaitUntil([sms] { return RowState(sms) == "sent"; }, kTimeout));
  REQUIRE(run.StopAndJoin().ok());
  const auto requests = run.provider().Requests();
  REQUIRE(requests.size() == 2);
  // Not resent before the 2 s grace period after the ambiguous attempt.
  CHECK(requests[1].at - requests[0].at >= seconds(2));
  CHECK(AuditTrail(sms) ==
        "ready>sending sending>unknown unknown>ready ready>sending sending>sent");
}

TEST_CASE("a ready row past its relevance deadline expires instead of going out",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> late = InsertReadyRows(3, Noon() - seconds(1));
  SimulatedClock clock(Noon(), 1.0);
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                    TestDispatcherOptions("expiry-1"));
  REQUIRE(WaitUntil([] { return CountInState("expired") == 3; }, kTimeout));
  REQUIRE(run.StopAndJoin().ok());
  CHECK(run.provider().Requests().empty());
  for (std::int64_t id : late) CHECK(AuditTrail(id) == "ready>expired");
}

TEST_CASE("dispatch --until-idle stops by itself once everything is sent",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 11, 3));
  InsertReadyRows(20, Noon() + std::chrono::hours(48));
  SimulatedClock clock(Noon(), 1.0);
  DispatcherOptions options = TestDispatcherOptions("idle-1");
  options.until_idle = true;
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); }, options);
  REQUIRE(run.WaitForExit(kTimeout));
  CHECK(run.status().ok());
  CHECK(CountInState("sent") == 20);
}

}  // namespace
}  // namespace nudged
