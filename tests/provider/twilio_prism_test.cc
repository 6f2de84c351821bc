// TwilioClient against the fake provider through Prism with Twilio's official spec: what the
// client sends must be valid for Twilio, and the fake must receive exactly that. A request
// Prism rejects comes back as 422 (kPermanent), so these tests fail on any spec violation.
// All cases share one Prism (tag [prism]; ctest runs them in one process).

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "provider/twiml.h"
#include "tests/provider/client_runner.h"

namespace nudged::testing {
namespace {

ProviderHarness& Prism() {
  ProviderHarness& harness = ProviderHarness::Shared();
  harness.Reset();
  return harness;
}

std::string BasicAuth() {
  // base64("AC0123456789abcdef0123456789abcdef:test-token-0123456789")
  return "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0ZXN0LXRva2VuLTAxMjM0NTY3ODk=";
}

TEST_CASE("An SMS with non-ASCII text and form metacharacters passes Prism as sent", "[prism]") {
  ProviderHarness& provider = Prism();
  ClientRunner runner(provider.Config());
  const std::string body = "Ñandú días: Ana faltó 3 días & más + 1 = 4? 100% sí. <b>";
  const SendOutcome outcome = runner.Send(Sms("+15085550123", body, 42));
  INFO(outcome.detail);
  REQUIRE(outcome.result == SendResult::kAccepted);
  CHECK(outcome.http_status == 201);
  CHECK(outcome.sid.starts_with("SM"));
  CHECK(outcome.sid.size() == 34);

  const std::vector<FakeMessage> sent = provider.Messages();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].sid == outcome.sid);
  CHECK(sent[0].kind == "sms");
  const std::map<std::string, std::string> expected{
      {"To", "+15085550123"},
      {"From", ProviderHarness::kFromNumber},
      {"Body", body},
      {"StatusCallback", "https://nudged.example.org/twilio/status?outbox_id=42"},
      {"ValidityPeriod", "14400"}};
  CHECK(sent[0].params == expected);
}

TEST_CASE("An SMS from a messaging service names no From and passes Prism", "[prism]") {
  ProviderHarness& provider = Prism();
  ProviderConfig config = provider.Config();
  config.from_number.clear();
  config.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
  config.status_callback_url.clear();
  ClientRunner runner(config);
  const SendOutcome outcome = runner.Send(Sms("+15085550124", "Hello"));
  INFO(outcome.detail);
  REQUIRE(outcome.result == SendResult::kAccepted);
  const std::vector<FakeMessage> sent = provider.Messages();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].params == std::map<std::string, std::string>{
                              {"To", "+15085550124"},
                              {"MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"},
                              {"Body", "Hello"},
                              {"ValidityPeriod", "14400"}});
}

TEST_CASE("A voice call carries escaped TwiML that reads the message twice and passes Prism",
          "[prism]") {
  ProviderHarness& provider = Prism();
  ProviderConfig config = provider.Config();
  config.machine_detection = true;
  ClientRunner runner(config);
  const std::string text = "Hola: Ñandú faltó 2 días <de 10> & \"ya\"";
  const SendOutcome outcome = runner.Send(Call("+15085550125", text, "es", 7));
  INFO(outcome.detail);
  REQUIRE(outcome.result == SendResult::kAccepted);
  CHECK(outcome.sid.starts_with("CA"));

  const std::vector<FakeMessage> sent = provider.Messages();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].kind == "voice");
  const std::string say =
      "<Say voice=\"Polly.Lupe\" language=\"es-US\">Hola: Ñandú faltó 2 días &lt;de 10&gt; "
      "&amp; &quot;ya&quot;</Say>";
  CHECK(sent[0].twiml == "<Response>" + say + "<Pause length=\"1\"/>" + say + "</Response>");
  CHECK(sent[0].params.at("From") == ProviderHarness::kFromNumber);
  CHECK(sent[0].params.at("MachineDetection") == "Enable");
  CHECK(sent[0].status_callback == "https://nudged.example.org/twilio/status?outbox_id=7");
}

TEST_CASE("Prism rejects a message without To, so the spec check is live", "[prism]") {
  ProviderHarness& provider = Prism();
  const int prism_port =
      std::stoi(provider.prism_url().substr(provider.prism_url().rfind(':') + 1));
  const std::string target =
      std::string("/2010-04-01/Accounts/") + ProviderHarness::kAccountSid + "/Messages.json";
  const std::map<std::string, std::string> headers{
      {"Authorization", BasicAuth()}, {"Content-Type", "application/x-www-form-urlencoded"}};
  std::string answer;
  // The same request with To goes through, so only the missing To makes the difference.
  CHECK(SendRawHttp(prism_port, "POST", target, headers,
                    "To=%2B15085550126&From=%2B15005550006&Body=Hi", &answer) == 201);
  CHECK(SendRawHttp(prism_port, "POST", target, headers, "From=%2B15005550006&Body=Hi", &answer) ==
        422);
  CHECK(answer.find("To") != std::string::npos);
  CHECK(provider.Messages().size() == 1);
}

TEST_CASE("ListSent finds what was sent to a number since a time, over several pages", "[prism]") {
  ProviderHarness& provider = Prism();  // its fake pages by 2
  ClientRunner runner(provider.Config());
  const std::string to = "+15085550127";
  for (int i = 0; i < 2; ++i)
    REQUIRE(runner.Send(Sms(to, "early")).result == SendResult::kAccepted);
  // Wait into the next whole second: Twilio's dates have whole seconds, and the fake (like
  // Twilio) filters by day only, so the client must drop the two early ones itself.
  const auto now = std::chrono::system_clock::now();
  const auto since = std::chrono::ceil<std::chrono::seconds>(now);
  std::this_thread::sleep_until(since + std::chrono::milliseconds(20));
  std::vector<std::string> sids;
  for (int i = 0; i < 5; ++i) {
    const SendOutcome outcome = runner.Send(Sms(to, "late " + std::to_string(i)));
    REQUIRE(outcome.result == SendResult::kAccepted);
    sids.push_back(outcome.sid);
  }
  REQUIRE(runner.Send(Sms("+15085550128", "someone else")).result == SendResult::kAccepted);

  std::vector<SentRecord> records;
  const Status status = runner.List(Channel::kSms, to, std::chrono::sys_seconds{since}, &records);
  INFO(status.ToString());
  REQUIRE(status.ok());
  std::vector<std::string> listed;
  for (const SentRecord& record : records) {
    CHECK(record.to == to);
    CHECK(record.body.starts_with("late "));
    CHECK(record.created >= since);
    listed.push_back(record.sid);
  }
  std::sort(listed.begin(), listed.end());
  std::sort(sids.begin(), sids.end());
  CHECK(listed == sids);
  CHECK(provider.Stats()["requests"].get<int>() >= 8 + 4);  // 8 sends, then 4 pages of 2
}

TEST_CASE("ListSent lists calls through Prism", "[prism]") {
  ProviderHarness& provider = Prism();
  ClientRunner runner(provider.Config());
  const auto since = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const SendOutcome outcome = runner.Send(Call("+15085550129", "Hello", "en"));
  REQUIRE(outcome.result == SendResult::kAccepted);
  std::vector<SentRecord> records;
  const Status status = runner.List(Channel::kVoice, "+15085550129", since, &records);
  INFO(status.ToString());
  REQUIRE(status.ok());
  REQUIRE(records.size() == 1);
  CHECK(records[0].sid == outcome.sid);
  CHECK(records[0].body.empty());
}

}  // namespace
}  // namespace nudged::testing
