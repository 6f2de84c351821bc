// Form encoding as Twilio reads it (application/x-www-form-urlencoded over UTF-8), both ways.

#include "provider/form_encoding.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("Form components are percent-encoded as UTF-8, space as '+'", "[provider]") {
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {"", ""},
      {"Hello", "Hello"},
      {"a-b_c.d*e", "a-b_c.d*e"},
      {"a b", "a+b"},
      {"+15085550123", "%2B15085550123"},
      {"a&b=c", "a%26b%3Dc"},
      {"100%", "100%25"},
      {"~/?#", "%7E%2F%3F%23"},
      {"Ñandú días", "%C3%91and%C3%BA+d%C3%ADas"},
      {"DateSent>", "DateSent%3E"},
      {"line\nbreak", "line%0Abreak"},
      {"😀", "%F0%9F%98%80"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(FormEncodeComponent(c.text) == c.expected);
  }
}

TEST_CASE("A form joins encoded fields with '&' in order, and decodes back", "[provider]") {
  const std::vector<FormField> fields{
      {"To", "+15085550123"}, {"Body", "Ñandú & días = 3 + 1"}, {"Empty", ""}, {"To", "again"}};
  const std::string encoded = FormEncode(fields);
  CHECK(encoded ==
        "To=%2B15085550123&Body=%C3%91and%C3%BA+%26+d%C3%ADas+%3D+3+%2B+1&Empty=&To=again");
  CHECK(FormDecode(encoded) == fields);
}

TEST_CASE("Decoding tolerates what browsers tolerate", "[provider]") {
  struct Case {
    std::string text;
    std::vector<FormField> expected;
  };
  const Case cases[] = {
      {"", {}},
      {"a=1&&b=2&", {{"a", "1"}, {"b", "2"}}},
      {"flag", {{"flag", ""}}},
      {"a=x=y", {{"a", "x=y"}}},
      {"a=%4", {{"a", "%4"}}},
      {"a=%zz", {{"a", "%zz"}}},
      {"a=%41%62", {{"a", "Ab"}}},
      {"a+b=c+d", {{"a b", "c d"}}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(FormDecode(c.text) == c.expected);
  }
}

}  // namespace
}  // namespace nudged
