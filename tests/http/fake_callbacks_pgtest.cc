// The fake provider's status callbacks reach the webhook listener and are accepted (signed by
// the same token): messages end delivered, a "callback" fault ends one undelivered with its
// ErrorCode. The rows are marked sent only after the create requests returned, as the
// dispatcher does, so early callbacks wait as pending and are applied by the sweep.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "calendar/test_configs.h"
#include "provider/form_encoding.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/provider_harness.h"
#include "tests/support/webhook_run.h"

namespace nudged {
namespace {

using namespace testing;

TEST_CASE("The fake provider's signed status callbacks are applied", "[webhooks][fake]") {
  ResetOutbox(D(2026, 11, 3));
  const auto ids = InsertReadyRows(3, Instant(D(2027, 6, 30)));
  ProviderHarnessOptions options;
  options.with_prism = false;
  options.extra_args = {"--callback-delay-ms", "20"};
  ProviderHarness fake(options);
  const int port = FreeLoopbackPort();
  Config config = WebhookConfig();
  config.http.listen = "127.0.0.1:" + std::to_string(port);
  config.http.public_url.clear();
  config.provider.status_callback_url =
      "http://127.0.0.1:" + std::to_string(port) + "/twilio/status";
  WebhookRun run(config, TestConnector(), ProviderHarness::kAuthToken);

  pqxx::connection connection{TestDsn()};
  const std::string undelivered_to = "+1508" + std::string("0000002");
  fake.SetFaults({{{"kind", "callback"},
                   {"to", undelivered_to},
                   {"outcome", "undelivered"},
                   {"code", 30003}}});
  for (const std::int64_t id : ids) {
    const std::string to =
        pqxx::read_transaction(connection)
            .exec_params1("SELECT recipient FROM nudged.outbox WHERE outbox_id = $1", id)[0]
            .as<std::string>();
    std::string response;
    const int status = SendRawHttp(
        fake.fake_port(), "POST",
        std::string("/2010-04-01/Accounts/") + ProviderHarness::kAccountSid + "/Messages.json",
        {{"Authorization",
          BasicAuthorization(ProviderHarness::kAccountSid, ProviderHarness::kAuthToken)},
         {"Content-Type", "application/x-www-form-urlencoded"}},
        FormEncode({{"To", to},
                    {"From", ProviderHarness::kFromNumber},
                    {"Body", "Message"},
                    {"StatusCallback",
                     config.provider.status_callback_url + "?outbox_id=" + std::to_string(id)}}),
        &response);
    REQUIRE(status == 201);
    pqxx::work tx{connection};
    tx.exec_params0(
        "UPDATE nudged.outbox SET state = 'sent', attempts = 1, provider_sid = $2 "
        "WHERE outbox_id = $1",
        id, nlohmann::json::parse(response)["sid"].get<std::string>());
    tx.commit();
  }
  CHECK(
      WaitUntil([&] { return CountInState("delivered") == 2 && CountInState("undelivered") == 1; },
                std::chrono::seconds(10)));
  CHECK(RowState(ids[1]) == "undelivered");
  CHECK(pqxx::read_transaction(connection)
            .exec_params1("SELECT provider_code FROM nudged.outbox WHERE outbox_id = $1", ids[1])[0]
            .as<std::string>() == "30003");
  std::string posted;
  REQUIRE(SendRawHttp(fake.fake_port(), "GET", "/_fake/callbacks", {}, "", &posted) == 200);
  const nlohmann::json callbacks = nlohmann::json::parse(posted);
  CHECK(callbacks.size() == 6);
  for (const nlohmann::json& callback : callbacks) CHECK(callback["answer"] == 200);
}

}  // namespace
}  // namespace nudged
