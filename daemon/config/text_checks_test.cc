#include "config/text_checks.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("Format predicates accept and reject as documented", "[config]") {
  struct Case {
    const char* text;
    bool e164;
    bool http_url;
    bool listen;
  };
  const Case cases[] = {
      {"+16175550100", true, false, false},
      {"6175550100", false, false, false},
      {"+06175550100", false, false, false},
      {"+1617555010012345", false, false, false},
      {"https://api.twilio.com", false, true, false},
      {"http://127.0.0.1:4010", false, true, false},
      {"ftp://example.org", false, false, false},
      {"https://", false, false, false},
      {"https://exa mple.org", false, false, false},
      {"127.0.0.1:8080", false, false, true},
      {"[::1]:9464", false, false, true},
      {"localhost", false, false, false},
      {"localhost:0", false, false, true},
      {"localhost:65536", false, false, false},
      {":8080", false, false, false},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(IsE164(c.text) == c.e164);
    CHECK(IsHttpUrl(c.text) == c.http_url);
    CHECK(IsListenAddress(c.text) == c.listen);
  }
}

TEST_CASE("Connection strings with a password are recognised", "[config]") {
  const std::pair<const char*, bool> cases[] = {
      {"postgresql:///nudged", false},
      {"postgresql://nudged@db.example.org/nudged", false},
      {"postgresql://nudged:hunter2@db.example.org/nudged", true},
      {"postgresql://db.example.org/nudged?password=hunter2", true},
      {"host=db dbname=nudged password=hunter2", true},
      {"postgresql://db.example.org:5432/nudged", false},
  };
  for (const auto& [text, has_password] : cases) {
    INFO(text);
    CHECK(ConnectionStringHasPassword(text) == has_password);
  }
}

TEST_CASE("Suggestions name the closest candidate only when it is close", "[config]") {
  const std::vector<std::string_view> weekdays = {"Mon", "Tue", "Wed", "Thu", "Fri"};
  CHECK(DidYouMean("Tues", weekdays) == " (did you mean 'Tue'?)");
  CHECK(DidYouMean("thu", weekdays) == " (did you mean 'Thu'?)");
  CHECK(DidYouMean("Holiday", weekdays).empty());
  CHECK(DidYouMean("min_wavs", {"min_waves", "sync_at"}) == " (did you mean 'min_waves'?)");
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(IsTwilioSid("AC0123456789abcdef0123456789ABCDEF", "AC"));
  CHECK_FALSE(IsTwilioSid("MG0123456789abcdef0123456789abcdef", "AC"));
  CHECK(Quote("a\x01\xff") == "'a\\x01\\xff'");
}

}  // namespace
}  // namespace nudged
