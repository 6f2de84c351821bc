// Implementation details: libphonenumber does the work. Parse() accepts national and
// international writings in the default region; IsPossibleNumberWithReason() then gives a
// precise reason for numbers of the wrong length, and GetNumberType() is UNKNOWN for numbers
// whose digits match no numbering plan of the region (e.g. a US area code starting with 0 or 1).
// That is exactly libphonenumber's IsValidNumber() test, so the type is asked once: both run
// the same regular expressions, which were a third of the plan's CPU time.
// Only this file includes the libphonenumber headers, so their protobuf and Boost
// dependencies stay out of the rest of the build.

#include "planner/phone.h"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace nudged {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

std::string ParseErrorReason(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "invalid country code";
    case PhoneNumberUtil::NOT_A_NUMBER:
      return "not a number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN:
      return "too long";
    case PhoneNumberUtil::NO_PARSING_ERROR:
      break;
  }
  return "unparsable";
}

// Returns the reason a parsed number cannot be dialled from anywhere, or "" when it can.
std::string ImpossibleReason(PhoneNumberUtil::ValidationResult result) {
  switch (result) {
    case PhoneNumberUtil::IS_POSSIBLE:
      return "";
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
      return "local number without area code";
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      return "invalid country code";
    case PhoneNumberUtil::TOO_SHORT:
      return "too short";
    case PhoneNumberUtil::INVALID_LENGTH:
      return "invalid length";
    case PhoneNumberUtil::TOO_LONG:
      return "too long";
  }
  return "impossible number";
}

PhoneLine LineOf(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::MOBILE:
      return PhoneLine::kMobile;
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return PhoneLine::kFixedLineOrMobile;
    case PhoneNumberUtil::FIXED_LINE:
      return PhoneLine::kFixedLine;
    default:
      return PhoneLine::kOther;
  }
}

// Returns `raw` without the separators SISs write between digit groups ("(508) 555-0123" ->
// "5085550123"; a leading '+' stays) when those separators are all it has besides digits:
// libphonenumber strips them itself, and parses the bare digits about a third faster. Any other
// text (letters, an extension, "tel:") is returned whole, for libphonenumber to read.
std::string WithoutSeparators(std::string_view raw) {
  std::string digits;
  digits.reserve(raw.size());
  for (const char c : raw) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty()) {
      digits += c;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::string(raw);
    }
  }
  return digits;
}

// Fills *number without Parse when `digits` (WithoutSeparators' output) is a plain North
// American number: ten digits starting with 2-9 in the region "US" or "CA", or "+1" and such
// ten digits in any region. For these Parse runs half a dozen regular expressions to reach the
// same PhoneNumber, country code 1 and the ten digits, and was 40% of validating a number; the
// library still decides whether the number is possible and valid, and which line it is.
// phone_test.cc compares the two on every such form. Returns false for anything else.
bool ParseNorthAmerican(std::string_view digits, std::string_view default_region,
                        PhoneNumber* number) {
  if (digits.starts_with("+1")) {
    digits.remove_prefix(2);
  } else if (default_region != "US" && default_region != "CA") {
    return false;
  }
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (digits.size() != 10 || digits[0] < '2' ||
      !std::all_of(digits.begin(), digits.end(), is_digit)) {
    return false;
  }
  std::uint64_t national = 0;
  for (char c : digits) national = national * 10 + static_cast<std::uint64_t>(c - '0');
  number->set_country_code(1);
  number->set_national_number(national);
  return true;
}

}  // namespace

Status NormalizePhone(std::string_view raw, std::string_view default_region, NormalizedPhone* out) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const std::string digits = WithoutSeparators(raw);
  if (!ParseNorthAmerican(digits, default_region, &number)) {
    const auto error = util.Parse(digits, std::string(default_region), &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
      return Status::InvalidArgument(ParseErrorReason(error));
    }
  }
  if (std::string reason = ImpossibleReason(util.IsPossibleNumberWithReason(number));
      !reason.empty()) {
    return Status::InvalidArgument(reason);
  }
  const PhoneNumberUtil::PhoneNumberType type = util.GetNumberType(number);
  if (type == PhoneNumberUtil::UNKNOWN) {
    return Status::InvalidArgument("not a valid number with country code +" +
                                   std::to_string(number.country_code()));
  }
  util.Format(number, PhoneNumberUtil::E164, &out->e164);
  out->line = LineOf(type);
  return Status::Ok();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

bool IsFaxType(std::string_view sis_type) { return EqualsIgnoreCase(sis_type, "Fax"); }

bool CanTakeSms(const NormalizedPhone& phone, std::string_view sis_type,
                std::optional<bool> sms_capable, const std::vector<std::string>& sms_phone_types) {
  if (phone.line != PhoneLine::kMobile && phone.line != PhoneLine::kFixedLineOrMobile) {
    return false;
  }
  if (IsFaxType(sis_type)) return false;
  if (sms_capable.has_value()) return *sms_capable;
  return std::any_of(sms_phone_types.begin(), sms_phone_types.end(),
                     [&](const std::string& type) { return EqualsIgnoreCase(type, sis_type); });
}

}  // namespace nudged
