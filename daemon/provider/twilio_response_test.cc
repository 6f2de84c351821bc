// How Twilio's answers map to the dispatcher's outcomes, Retry-After, list pages, masking,
// base URLs and the token source. No network.

#include "provider/twilio_response.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "provider/provider_token.h"
#include "provider/twilio_client.h"
#include "tests/support/files.h"

namespace nudged {
namespace {

using std::chrono::system_clock;

system_clock::time_point At(int hour, int minute, int second) {
  return std::chrono::sys_days{std::chrono::year{2026} / 12 / 4} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

std::string Error(int status, int code) {
  return "{\"code\": " + std::to_string(code) +
         ", \"message\": \"The 'To' number +15085550123 is not valid\", \"more_info\": "
         "\"https://www.twilio.com/docs/errors/" +
         std::to_string(code) + "\", \"status\": " + std::to_string(status) + "}";
}

TEST_CASE("Answers map to the four send outcomes", "[provider]") {
  struct Case {
    int status;
    std::string body;
    SendResult expected;
    std::string code;
  };
  const Case cases[] = {
      {201, R"({"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued"})",
       SendResult::kAccepted, ""},
      {200, R"({"sid": "CA0123456789abcdef0123456789abcdef"})", SendResult::kAccepted, ""},
      {201, R"({"status": "queued"})", SendResult::kAmbiguous, ""},
      {201, "not json", SendResult::kAmbiguous, ""},
      {429, Error(429, 20429), SendResult::kRetryable, "20429"},
      {503, "", SendResult::kRetryable, ""},
      {400, Error(400, 21211), SendResult::kPermanent, "21211"},
      {400, Error(400, 21614), SendResult::kPermanent, "21614"},
      {400, Error(400, 21610), SendResult::kPermanent, "21610"},
      {401, Error(401, 20003), SendResult::kPermanent, "20003"},
      {404, "<html>", SendResult::kPermanent, ""},
      {500, Error(500, 20500), SendResult::kAmbiguous, "20500"},
      {502, "", SendResult::kAmbiguous, ""},
      {504, "", SendResult::kAmbiguous, ""},
  };
  for (const Case& c : cases) {
    INFO(c.status << " " << c.body);
    const SendOutcome outcome = ClassifyResponse(c.status, "", c.body, At(22, 0, 0));
    CHECK(outcome.result == c.expected);
    CHECK(outcome.http_status == c.status);
    CHECK(outcome.provider_code == c.code);
    CHECK(outcome.detail.find("+15085550123") == std::string::npos);
  }
}

TEST_CASE("Retry-After is read as seconds or as an HTTP-date", "[provider]") {
  struct Case {
    std::string value;
    std::optional<std::chrono::milliseconds> expected;
  };
  const Case cases[] = {
      {"7", std::chrono::seconds(7)},
      {" 120 ", std::chrono::seconds(120)},
      {"0", std::chrono::seconds(0)},
      {"Fri, 04 Dec 2026 22:00:30 GMT", std::chrono::seconds(30)},
      {"Fri, 04 Dec 2026 21:59:00 GMT", std::chrono::seconds(0)},  // already past
      {"", std::nullopt},
      {"soon", std::nullopt},
      {"-5", std::nullopt},
      {"99999999999", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.value);
    CHECK(ParseRetryAfter(c.value, At(22, 0, 0)) == c.expected);
  }
  const SendOutcome outcome = ClassifyResponse(429, "3", Error(429, 20429), At(22, 0, 0));
  CHECK(outcome.retry_after == std::chrono::seconds(3));
}

TEST_CASE("Phone numbers in provider messages are masked", "[provider]") {
  CHECK(MaskPhoneNumbersIn("The 'To' number +15085550123 is not valid") ==
        "The 'To' number +1508*****23 is not valid");
  CHECK(MaskPhoneNumbersIn("code +12 and 1+1") == "code +12 and 1+1");
}

TEST_CASE("A list page yields its items and the next page", "[provider]") {
  const std::string page = R"({
    "messages": [
      {"sid": "SM1", "to": "+15085550123", "body": "Hola", "date_created": "Fri, 04 Dec 2026 22:03:05 +0000"},
      {"sid": "SM2", "to": "+15085550123", "body": "Hi", "date_created": "Fri, 04 Dec 2026 17:03:05 -0500"}
    ],
    "next_page_uri": "/2010-04-01/Accounts/AC1/Messages.json?Page=1&PageToken=PA2"})";
  std::vector<SentRecord> records;
  std::string next;
  REQUIRE(ParseListPage(page, Channel::kSms, &records, &next).ok());
  REQUIRE(records.size() == 2);
  CHECK(records[0].sid == "SM1");
  CHECK(records[0].body == "Hola");
  CHECK(records[0].created == At(22, 3, 5));
  CHECK(records[1].created == At(22, 3, 5));
  CHECK(next == "/2010-04-01/Accounts/AC1/Messages.json?Page=1&PageToken=PA2");

  records.clear();
  REQUIRE(ParseListPage(R"({"calls": [], "next_page_uri": null})", Channel::kVoice, &records, &next)
              .ok());
  CHECK(records.empty());
  CHECK(next.empty());
  CHECK(ParseListPage(R"({"calls": []})", Channel::kSms, &records, &next).IsInvalidArgument());
  CHECK(ParseListPage(R"({"messages": [{"sid": "SM1", "date_created": "yesterday"}]})",
                      Channel::kSms, &records, &next)
            .IsInvalidArgument());
}

TEST_CASE("The base URL gives the origin and path prefix", "[provider]") {
  struct Case {
    std::string url;
    bool ok, tls;
    std::string host, port, prefix;
  };
  const Case cases[] = {
      {"https://api.twilio.com", true, true, "api.twilio.com", "443", ""},
      {"http://127.0.0.1:4010/", true, false, "127.0.0.1", "4010", ""},
      {"https://[::1]:8443/twilio/", true, true, "::1", "8443", "/twilio"},
      {"http://localhost", true, false, "localhost", "80", ""},
      {"ftp://example.org", false, false, "", "", ""},
      {"https://user:pw@example.org", false, false, "", "", ""},
      {"https://", false, false, "", "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.url);
    Origin origin;
    std::string prefix;
    const Status status = ParseBaseUrl(c.url, &origin, &prefix);
    REQUIRE(status.ok() == c.ok);
    if (!c.ok) continue;
    CHECK(origin.tls == c.tls);
    CHECK(origin.host == c.host);
    CHECK(origin.port == c.port);
    CHECK(prefix == c.prefix);
  }
}

TEST_CASE("The token comes from the variable or a credentials file, never into a message",
          "[provider]") {
  ProviderConfig config;
  std::string token;
  SECTION("environment variable") {
    config.auth_token_env = "NUDGED_PROVIDER_TEST_TOKEN";
    setenv("NUDGED_PROVIDER_TEST_TOKEN", "from-env-secret", 1);
    REQUIRE(ReadProviderToken(config, &token).ok());
    CHECK(token == "from-env-secret");
    unsetenv("NUDGED_PROVIDER_TEST_TOKEN");
    const Status status = ReadProviderToken(config, &token);
    CHECK(status.IsInvalidArgument());
    CHECK(status.message().find("NUDGED_PROVIDER_TEST_TOKEN") != std::string::npos);
  }
  SECTION("file relative to $CREDENTIALS_DIRECTORY, trailing newline dropped") {
    const std::string directory = testing::NewScratchDirectory("credentials");
    std::ofstream{directory + "/twilio-token"} << "from-file-secret\n";
    config.auth_token_file = "twilio-token";
    setenv("CREDENTIALS_DIRECTORY", directory.c_str(), 1);
    REQUIRE(ReadProviderToken(config, &token).ok());
    CHECK(token == "from-file-secret");
    std::ofstream{directory + "/empty"} << "\n";
    config.auth_token_file = "empty";
    CHECK(ReadProviderToken(config, &token).IsInvalidArgument());
    unsetenv("CREDENTIALS_DIRECTORY");
    config.auth_token_file = "twilio-token";
    CHECK(ReadProviderToken(config, &token).IsInvalidArgument());
  }
}

}  // namespace
}  // namespace nudged
