#include "callbacks.h"

#include <catch2/catch.hpp>

#include "http/form_body.h"
#include "http/twilio_signature.h"

namespace nudged::fake {
namespace {

TEST_CASE("The fake posts callbacks to loopback URLs only", "[fake]") {
  struct Case {
    std::string url;
    bool loopback;
    std::string host;
    int port;
    std::string target;
  };
  const std::vector<Case> cases = {
      {"http://127.0.0.1:8080/twilio/status?outbox_id=3", true, "127.0.0.1", 8080,
       "/twilio/status?outbox_id=3"},
      {"http://localhost/cb", true, "127.0.0.1", 80, "/cb"},
      {"http://[::1]:9000?x=1", true, "::1", 9000, "/?x=1"},
      {"https://127.0.0.1:8443/twilio/status", false, "", 0, ""},
      {"http://nudged.example.org/twilio/status", false, "", 0, ""},
      {"http://127.0.0.2/twilio/status", false, "", 0, ""},
      {"http://127.0.0.1:99999/x", false, "", 0, ""},
      {"", false, "", 0, ""},
  };
  for (const Case& c : cases) {
    INFO(c.url);
    const auto parsed = ParseLoopbackUrl(c.url);
    REQUIRE(parsed.has_value() == c.loopback);
    if (!parsed) continue;
    CHECK(parsed->host == c.host);
    CHECK(parsed->port == c.port);
    CHECK(parsed->target == c.target);
  }
}

TEST_CASE("The fake's callbacks follow Twilio's statuses and are signed", "[fake]") {
  Record record;
  record.kind = Record::Kind::kSms;
  record.sid = "SM1";
  record.account_sid = "AC1";
  record.to = "+15085550001";
  record.from = "+15085550199";
  record.status_callback = "http://127.0.0.1:8080/twilio/status?outbox_id=3";
  const auto callbacks = CallbacksFor(record, "token", std::chrono::milliseconds(50), {});
  REQUIRE(callbacks.size() == 2);
  CHECK(callbacks[0].status == "sent");
  CHECK(callbacks[1].status == "delivered");
  CHECK(callbacks[0].delay < callbacks[1].delay);
  for (const Callback& callback : callbacks) {
    CHECK(
        ValidTwilioSignature("token", record.status_callback, callback.params, callback.signature));
    CHECK(FormValue(callback.params, "MessageSid") == "SM1");
  }

  record.kind = Record::Kind::kVoice;
  record.sid = "CA1";
  const auto busy = CallbacksFor(record, "token", std::chrono::milliseconds(50), {"busy", ""});
  REQUIRE(busy.size() == 3);
  CHECK(FormValue(busy[2].params, "CallStatus") == "busy");
  CHECK_FALSE(FormValue(busy[2].params, "ErrorCode"));

  record.kind = Record::Kind::kSms;
  const auto failed =
      CallbacksFor(record, "token", std::chrono::milliseconds(50), {"undelivered", "30003"});
  CHECK(FormValue(failed.back().params, "MessageStatus") == "undelivered");
  CHECK(FormValue(failed.back().params, "ErrorCode") == "30003");

  record.status_callback = "https://nudged.example.org/twilio/status";
  CHECK(CallbacksFor(record, "token", std::chrono::milliseconds(50), {}).empty());
}

}  // namespace
}  // namespace nudged::fake
