#include "http/form_body.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("ParseFormBody decodes well-formed bodies", "[form]") {
  const auto fields = ParseFormBody("From=%2B15085550123&Body=Stop+now&Empty=");
  REQUIRE(fields);
  CHECK(FormValue(*fields, "From") == "+15085550123");
  CHECK(FormValue(*fields, "Body") == "Stop now");
  CHECK(FormValue(*fields, "Empty") == "");
  CHECK_FALSE(FormValue(*fields, "To"));
  REQUIRE(ParseFormBody(""));
  CHECK(ParseFormBody("")->empty());
  CHECK(ParseFormBody("Body=H%C3%A9llo%20%F0%9F%98%80"));
}

TEST_CASE("ParseFormBody refuses malformed bodies", "[form]") {
  for (const char* body : {"From", "=x", "a=1&&b=2", "a=1&", "a=%4", "a=%zz", "a=%", "a=%00",
                           "a=%FF", "a=%C3", "a=%ED%A0%80", "{\"json\": true}"}) {
    INFO(body);
    CHECK_FALSE(ParseFormBody(body));
  }
}

}  // namespace
}  // namespace nudged
