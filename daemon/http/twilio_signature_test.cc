// The expected signatures below were computed by Twilio's official helper library (npm
// "twilio" 6.3.1, getExpectedTwilioSignature); tests/http/twilio_npm_signature_pgtest.cc
// checks the server against the library live.

#include "http/twilio_signature.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("TwilioSignature matches the helper library", "[signature]") {
  struct Case {
    std::string token;
    std::string url;
    std::vector<FormField> params;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"12345",
       "https://mycompany.com/myapp.php?foo=1&bar=2",
       {{"To", "+18005551212"},
        {"From", "+12349013030"},
        {"Digits", "1234"},
        {"CallSid", "CA1234567890ABCDE"},
        {"Caller", "+12349013030"}},
       "0/KCTR6DLpKmkAf8muzZqo1nDgQ="},
      {"secret token",
       "https://hooks.example.org/twilio/status?outbox_id=42",
       {{"MessageStatus", "delivered"}, {"MessageSid", "SM0123"}},
       "arn63/XgtFS/5vXxEpv54QOr/+w="},
      {"secret token",
       "https://hooks.example.org/twilio/inbound",
       {{"Body", "H\xC3\xA9llo & <bye> \xF0\x9F\x98\x80"},
        {"From", "+15085550123"},
        {"To", "+15085550199"},
        {"MessageSid", "SM9"}},
       "HwDv8a2nf7SKeLa7mICC4u8auXA="},
      {"k", "http://127.0.0.1:8080/twilio/status", {}, "47gvqyly6xfZGLp5Tod2zRaypzY="},
  };
  for (const Case& c : cases) {
    INFO(c.url);
    CHECK(TwilioSignature(c.token, c.url, c.params) == c.expected);
    CHECK(ValidTwilioSignature(c.token, c.url, c.params, c.expected));
  }
}

TEST_CASE("ValidTwilioSignature refuses any change", "[signature]") {
  const std::string token = "secret token";
  const std::string url = "https://hooks.example.org/twilio/status?outbox_id=42";
  const std::vector<FormField> params = {{"MessageSid", "SM0123"}, {"MessageStatus", "delivered"}};
  const std::string good = TwilioSignature(token, url, params);
  std::vector<FormField> changed = params;
  changed[1].second = "failed";
  std::vector<FormField> added = params;
  added.emplace_back("ErrorCode", "30003");
  CHECK_FALSE(ValidTwilioSignature(token, url, changed, good));
  CHECK_FALSE(ValidTwilioSignature(token, url, added, good));
  CHECK_FALSE(ValidTwilioSignature("other token", url, params, good));
  CHECK_FALSE(ValidTwilioSignature(token, url + "3", params, good));
  CHECK_FALSE(ValidTwilioSignature(token, url, params, ""));
  CHECK_FALSE(ValidTwilioSignature(token, url, params, good.substr(0, 27)));
  CHECK_FALSE(ValidTwilioSignature(token, url, params, good + "="));
}

TEST_CASE("SignedUrl takes the public URL, else the callback URL's origin", "[signature]") {
  struct Case {
    std::string public_url, callback_url, target, expected;
  };
  const std::vector<Case> cases = {
      {"https://hooks.example.org", "", "/twilio/status?outbox_id=1",
       "https://hooks.example.org/twilio/status?outbox_id=1"},
      {"https://hooks.example.org/", "", "/twilio/inbound",
       "https://hooks.example.org/twilio/inbound"},
      {"", "https://cb.example.org:8443/twilio/status", "/twilio/status?outbox_id=7",
       "https://cb.example.org:8443/twilio/status?outbox_id=7"},
      {"", "http://127.0.0.1:9000", "/twilio/inbound", "http://127.0.0.1:9000/twilio/inbound"},
      {"https://a.example/prefix", "https://b.example/x", "/twilio/status",
       "https://a.example/prefix/twilio/status"},
  };
  for (const Case& c : cases) {
    CHECK(SignedUrl(c.public_url, c.callback_url, c.target) == c.expected);
  }
}

}  // namespace
}  // namespace nudged
