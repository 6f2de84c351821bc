#include "planner/phone.h"

#include <phonenumbers/phonenumberutil.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace nudged {
namespace {

TEST_CASE("NormalizePhone turns SIS numbers into E.164 or says why not") {
  struct Case {
    const char* raw;
    const char* region;
    const char* e164;    // "" when rejected
    const char* reason;  // "" when accepted
    PhoneLine line;
  };
  const Case cases[] = {
      {"(508) 555-0123", "US", "+15085550123", "", PhoneLine::kFixedLineOrMobile},
      {"508.555.0123", "US", "+15085550123", "", PhoneLine::kFixedLineOrMobile},
      {"1-508-555-0123", "US", "+15085550123", "", PhoneLine::kFixedLineOrMobile},
      {"+1 (508) 555-0123", "MX", "+15085550123", "", PhoneLine::kFixedLineOrMobile},
      {"(950) 342 7522", "US", "", "not a valid number with country code +1", PhoneLine::kOther},
      {"+44 7911 123456", "US", "+447911123456", "", PhoneLine::kMobile},
      {"020 7946 0958", "GB", "+442079460958", "", PhoneLine::kFixedLine},
      {"555-0123", "US", "", "local number without area code", PhoneLine::kOther},
      {"12", "US", "", "too short", PhoneLine::kOther},
      {"508 555 01234 5678", "US", "", "too long", PhoneLine::kOther},
      {"call the office", "US", "", "not a number", PhoneLine::kOther},
      {"(123) 456-7890", "US", "", "not a valid number with country code +1", PhoneLine::kOther},
  };
  for (const Case& c : cases) {
    CAPTURE(c.raw, c.region);
    NormalizedPhone phone;
    const Status status = NormalizePhone(c.raw, c.region, &phone);
    if (*c.e164 != '\0') {
      REQUIRE(status.ok());
      CHECK(phone.e164 == c.e164);
      CHECK(phone.line == c.line);
    } else {
      REQUIRE(status.IsInvalidArgument());
      CHECK(status.message() == c.reason);
      CHECK(phone.e164.empty());
    }
  }
}

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// What libphonenumber itself says of the raw text: the E.164 form and whether a number of
// that type may be texted, or "" when it is not a valid number.
std::pair<std::string, bool> Reference(const std::string& raw, const std::string& region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(raw, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsValidNumber(number)) {
    return {"", false};
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  const auto type = util.GetNumberType(number);
  return {e164, type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE};
}

// NormalizePhone reads plain North American numbers without libphonenumber's Parse (phone.cc):
// on every ten-digit number it must give what Parse gives, including the reason a number is
// refused, which follows from the PhoneNumber Parse returns.
TEST_CASE("NormalizePhone reads ten-digit numbers as libphonenumber's Parse does") {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::mt19937_64 random(20261205);
  int valid = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string ten = std::to_string(random() % 10'000'000'000ULL);
    ten.insert(0, 10 - ten.size(), '0');
    for (const char* region : {"US", "CA", "MX", "GB"}) {
      for (const std::string& raw :
           {ten, "+1" + ten,
            "(" + ten.substr(0, 3) + ") " + ten.substr(3, 3) + "-" + ten.substr(6)}) {
        CAPTURE(raw, region);
        PhoneNumber parsed;
        const bool parses = util.Parse(raw, region, &parsed) == PhoneNumberUtil::NO_PARSING_ERROR;
        NormalizedPhone phone;
        const Status status = NormalizePhone(raw, region, &phone);
        if (!parses) {
          CHECK(!status.ok());
          continue;
        }
        const bool possible =
            util.IsPossibleNumberWithReason(parsed) == PhoneNumberUtil::IS_POSSIBLE;
        const auto type = util.GetNumberType(parsed);
        REQUIRE(status.ok() == (possible && type != PhoneNumberUtil::UNKNOWN));
        if (!status.ok()) continue;
        ++valid;
        std::string e164;
        util.Format(parsed, PhoneNumberUtil::E164, &e164);
        CHECK(phone.e164 == e164);
      }
    }
  }
  CHECK(valid > 2000);  // most random ten-digit numbers are valid North American numbers
}

// NormalizePhone hands libphonenumber the digits without their separators (phone.cc): every
// way a SIS writes a number must still give what libphonenumber reads from the whole text.
TEST_CASE("NormalizePhone agrees with libphonenumber on every way of writing a number") {
  const std::vector<std::string> writings = {
      "5085550123",
      "508-555-0123",
      "(508) 555-0123",
      "508.555.0123",
      "508 555 0123",
      "1-508-555-0123",
      "1 (508) 555-0123",
      "+1 508 555 0123",
      "+1-508-555-0123",
      "(+1) 508 555 0123",
      "011 44 20 7946 0958",
      "+44 (0)20 7946 0958",
      "020 7946 0958",
      "07911 123456",
      "+52 55 1234 5678",
      "555-0123",
      "(950) 342-7522",
      "1-800-555-0199",
      "800.555.0199",
      "12",
      "508 555 01234 5678",
      "()",
      " ",
      "",
      "--508--555--0123--",
      "508-555-0123 x12",
      "508-555-0123 ext. 4",
      "tel:+1-508-555-0123",
      "1-800-FLOWERS",
      "+",
      "++1 508 555 0123",
      "508+555+0123",
      "(508)555-0123",
      "  (508) 555-0123  ",
      "1.508.555.0123",
      "001 508 555 0123",
  };
  for (const char* region : {"US", "GB", "MX"}) {
    for (const std::string& raw : writings) {
      CAPTURE(raw, region);
      const auto [e164, textable] = Reference(raw, region);
      NormalizedPhone phone;
      const Status status = NormalizePhone(raw, region, &phone);
      CHECK(status.ok() == !e164.empty());
      CHECK(phone.e164 == e164);
      if (status.ok()) {
        CHECK((phone.line == PhoneLine::kMobile || phone.line == PhoneLine::kFixedLineOrMobile) ==
              textable);
      }
    }
  }
}

TEST_CASE("CanTakeSms: the SIS flag first, the phone type when it is unknown") {
  const std::vector<std::string> types = {"Mobile"};
  const NormalizedPhone us{"+15085550123", PhoneLine::kFixedLineOrMobile};
  const NormalizedPhone uk_mobile{"+447911123456", PhoneLine::kMobile};
  const NormalizedPhone uk_landline{"+442079460958", PhoneLine::kFixedLine};
  const NormalizedPhone toll_free{"+18005550199", PhoneLine::kOther};
  struct Case {
    const NormalizedPhone* phone;
    const char* type;
    std::optional<bool> sms_capable;
    bool sms;
  };
  const Case cases[] = {
      {&us, "Mobile", std::nullopt, true},
      {&us, "mobile", std::nullopt, true},  // types compare case-insensitively
      {&us, "Home", std::nullopt, false},
      {&us, "Home", true, true},      // the SIS knows this home number takes texts
      {&us, "Mobile", false, false},  // ... or that this mobile does not
      {&us, "Fax", true, false},
      {&uk_mobile, "Home", std::nullopt, false},
      {&uk_mobile, "Mobile", std::nullopt, true},
      {&uk_landline, "Mobile", true, false},  // a fixed line never takes texts
      {&toll_free, "Mobile", true, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.phone->e164, c.type, c.sms_capable.has_value(), c.sms_capable.value_or(false));
    CHECK(CanTakeSms(*c.phone, c.type, c.sms_capable, types) == c.sms);
  }
}

}  // namespace
}  // namespace nudged
