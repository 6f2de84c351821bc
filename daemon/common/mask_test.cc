#include "common/mask.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("MaskPhone keeps the country and area code and the last two digits") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"+15085550123", "+1508*****23"},
      {"+442079460958", "+4420******58"},
      {"(508) 555-0123", "(508)*******23"},
      {"+1234567", "+1234*67"},
      {"5550123", "*******"},  // too short to show anything safely
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(MaskPhone(c.in) == c.out);
  }
}

TEST_CASE("MaskEmail keeps the first character and the domain") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"maria.lopez@example.org", "m**********@example.org"},
      {"a@b.org", "a@b.org"},
      {"\xC3\xA9lodie@example.fr", "\xC3\xA9*****@example.fr"},  // "élodie": é kept whole
      {"jos\xC3\xA9@example.mx", "j***@example.mx"},              // "josé": é is one star
      {"no-at-sign", "**********"},
      {"@example.org", "************"},
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(MaskEmail(c.in) == c.out);
  }
}

}  // namespace
}  // namespace nudged
