// Acceptance (issue 5, "Signatures"): requests signed by Twilio's official helper library (npm
// "twilio", tools/node) are accepted by the webhook listener; the same requests with one
// changed parameter, signed for another URL or with another token, or without the header, get
// 403 and change nothing.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "calendar/test_configs.h"
#include "dispatch/outbox_store.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"
#include "tests/support/webhook_run.h"

namespace nudged {
namespace {

using testing::HttpCall;
using testing::SendHttp;

struct Signed {
  std::string target;
  std::vector<FormField> params;
};

// Returns the library's signatures of `requests` for `base` + target, with `token`.
std::vector<std::string> NpmSignatures(const std::vector<Signed>& requests, const std::string& base,
                                       const std::string& token) {
  nlohmann::json input = nlohmann::json::array();
  for (const Signed& request : requests) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : request.params) params[name] = value;
    input.push_back({{"token", token}, {"url", base + request.target}, {"params", params}});
  }
  const testing::ProcessResult result =
      testing::RunProcess({"/usr/bin/env", "node", testing::SourcePath("tests/http/twilio_sign.js"),
                           testing::SourcePath("tools/node/node_modules/twilio"), input.dump()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return nlohmann::json::parse(result.out).get<std::vector<std::string>>();
}

int Post(const testing::WebhookRun& run, const Signed& request, const std::string& signature) {
  HttpCall call;
  call.target = request.target;
  call.body = FormEncode(request.params);
  if (!signature.empty()) call.headers.emplace_back("X-Twilio-Signature", signature);
  return SendHttp(run.endpoint(), call).status;
}

std::string Count(const std::string& sql) {
  pqxx::connection connection{testing::TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec1(sql)[0].as<std::string>();
}

TEST_CASE("Signatures by the twilio npm library are accepted and altered ones refused",
          "[webhooks][npm]") {
  testing::ResetOutbox(testing::D(2026, 11, 3));
  const auto ids = testing::InsertReadyRows(1, Instant(testing::D(2027, 6, 30)));
  {
    pqxx::connection connection{testing::TestDsn()};
    pqxx::work tx{connection};
    tx.exec0("UPDATE nudged.outbox SET state = 'sent', attempts = 1, provider_sid = 'SMabc'");
    tx.commit();
  }
  const std::vector<Signed> requests = {
      {"/twilio/status?outbox_id=" + std::to_string(ids[0]),
       {{"AccountSid", "AC00000000000000000000000000000000"},
        {"ApiVersion", "2010-04-01"},
        {"From", "+15085550199"},
        {"MessageSid", "SMabc"},
        {"MessageStatus", "delivered"},
        {"SmsSid", "SMabc"},
        {"SmsStatus", "delivered"},
        {"To", "+15085550001"}}},
      {"/twilio/inbound",
       {{"AccountSid", "AC00000000000000000000000000000000"},
        {"Body", "  Stop  "},
        {"From", "+15085550001"},
        {"MessageSid", "SMin1"},
        {"NumMedia", "0"},
        {"To", "+15085550199"}}},
      {"/twilio/inbound",
       {{"Body", "\xC2\xBFQui\xC3\xA9n es? & <3 \xF0\x9F\x99\x82"},
        {"From", "+15085550002"},
        {"MessageSid", "SMin2"},
        {"To", "+15085550199"}}},
  };
  const auto good = NpmSignatures(requests, testing::kWebhookPublicUrl, testing::kWebhookToken);
  const auto other_url =
      NpmSignatures(requests, "https://elsewhere.example.org", testing::kWebhookToken);
  const auto other_token = NpmSignatures(requests, testing::kWebhookPublicUrl, "another-token");
  testing::WebhookRun run;
  for (size_t i = 0; i < requests.size(); ++i) {
    INFO(requests[i].target << " #" << i);
    Signed changed = requests[i];
    changed.params[1].second += "x";
    CHECK(Post(run, changed, good[i]) == 403);
    CHECK(Post(run, requests[i], other_url[i]) == 403);
    CHECK(Post(run, requests[i], other_token[i]) == 403);
    CHECK(Post(run, requests[i], "") == 403);
  }
  CHECK(Count("SELECT count(*) FROM nudged.status_callbacks") == "0");
  CHECK(Count("SELECT count(*) FROM nudged.inbound_messages") == "0");
  for (size_t i = 0; i < requests.size(); ++i) {
    INFO(requests[i].target << " #" << i);
    CHECK(Post(run, requests[i], good[i]) == 200);
  }
  CHECK(testing::RowState(ids[0]) == "delivered");
  CHECK(Count("SELECT count(*) FROM nudged.opt_outs WHERE address = '+15085550001'") == "2");
  CHECK(Count("SELECT count(*) FROM nudged.inbound_messages WHERE action = 'for_staff'") == "1");
}

}  // namespace
}  // namespace nudged
