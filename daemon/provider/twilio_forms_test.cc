// The fields of Twilio requests built from the configuration and one outbox row.

#include "provider/twilio_forms.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

ProviderConfig Config() {
  ProviderConfig config;
  config.account_sid = "AC0123456789abcdef0123456789abcdef";
  config.from_number = "+15005550006";
  config.status_callback_url = "https://nudged.example.org/twilio/status";
  return config;
}

TEST_CASE("The status callback URL carries the outbox id", "[provider]") {
  struct Case {
    std::string url, expected;
  };
  const Case cases[] = {
      {"", ""},
      {"https://h/s", "https://h/s?outbox_id=42"},
      {"https://h/s?tenant=a", "https://h/s?tenant=a&outbox_id=42"},
      {"https://h/s#frag", "https://h/s?outbox_id=42"},
  };
  for (const Case& c : cases) {
    INFO(c.url);
    CHECK(StatusCallbackUrl(c.url, 42) == c.expected);
  }
}

TEST_CASE("An SMS names its sender, text, callback and validity", "[provider]") {
  ProviderConfig config = Config();
  const OutgoingMessage message{42, Channel::kSms, "+15085550123", "Ñandú & co", "es"};
  CHECK(MessageFields(config, message) ==
        std::vector<FormField>{
            {"To", "+15085550123"},
            {"From", "+15005550006"},
            {"Body", "Ñandú & co"},
            {"StatusCallback", "https://nudged.example.org/twilio/status?outbox_id=42"},
            {"ValidityPeriod", "14400"}});
  config.from_number.clear();
  config.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
  config.status_callback_url.clear();
  config.validity_period_s = 600;
  CHECK(MessageFields(config, message) ==
        std::vector<FormField>{{"To", "+15085550123"},
                               {"MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"},
                               {"Body", "Ñandú & co"},
                               {"ValidityPeriod", "600"}});
}

TEST_CASE("A call carries TwiML, and machine detection only when configured", "[provider]") {
  ProviderConfig config = Config();
  const OutgoingMessage message{7, Channel::kVoice, "+15085550123", "Hi", "en"};
  std::vector<FormField> fields = CallFields(config, message);
  REQUIRE(fields.size() == 4);
  CHECK(fields[2].first == "Twiml");
  CHECK(fields[2].second.starts_with("<Response><Say voice=\"Polly.Joanna\""));
  CHECK(fields[3] ==
        FormField{"StatusCallback", "https://nudged.example.org/twilio/status?outbox_id=7"});
  config.machine_detection = true;
  fields = CallFields(config, message);
  CHECK(fields.back() == FormField{"MachineDetection", "Enable"});
}

TEST_CASE("A list asks by recipient and creation time", "[provider]") {
  const std::chrono::sys_seconds since = std::chrono::sys_days{std::chrono::year{2026} / 12 / 4} +
                                         std::chrono::hours{22} + std::chrono::minutes{3} +
                                         std::chrono::seconds{5};
  CHECK(ListFields(Channel::kSms, "+15085550123", since) ==
        std::vector<FormField>{{"To", "+15085550123"}, {"DateSent>", "2026-12-04T22:03:05Z"}});
  CHECK(ListFields(Channel::kVoice, "+15085550123", since) ==
        std::vector<FormField>{{"To", "+15085550123"}, {"StartTime>", "2026-12-04T22:03:05Z"}});
}

}  // namespace
}  // namespace nudged
