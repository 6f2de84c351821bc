// Caregivers' phone numbers as the SIS stores them ("(508) 555-0123"), turned into E.164
// ("+15085550123") with libphonenumber, and the rule that decides whether a number may get SMS.
//
// SMS rule (one place, so the plan, the data-quality gate and the tests agree):
//   1. the number must be valid, and its line, as libphonenumber reads it, must be able to take
//      texts: MOBILE or FIXED_LINE_OR_MOBILE (the type of every US number); FIXED_LINE and the
//      other types (toll-free, premium, pager, VoIP, unknown...) never get SMS;
//   2. then the SIS decides: sms_capable true allows, false forbids; when it is NULL (unknown)
//      the SIS phone type must be one of [contacts] sms_phone_types (case-insensitive).
// A "Fax" number (any case) is never texted or called, whatever the flags say.
//
// Thread-safety: the functions are pure and may run on any thread at once. They use
// libphonenumber's PhoneNumberUtil singleton, whose GetInstance() is initialised once under a
// lock and whose methods are const (its regular-expression cache is guarded by a lock).

#ifndef NUDGED_PLANNER_PHONE_H_
#define NUDGED_PLANNER_PHONE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudged/status.h"

namespace nudged {

// What libphonenumber can tell about the line behind a number.
enum class PhoneLine { kMobile, kFixedLineOrMobile, kFixedLine, kOther };

struct NormalizedPhone {
  std::string e164;  // "+15085550123"
  PhoneLine line = PhoneLine::kOther;
};

// Parses `raw` in `default_region` (ISO 3166 alpha-2, e.g. "US"; a number written with "+"
// and a country code is read as such) and stores the E.164 form in *out.
// Returns InvalidArgument naming the reason ("not a number", "too short", "invalid country
// code", "not a valid number with country code +1", ...) when the number cannot be dialled; *out is
// then unchanged.
Status NormalizePhone(std::string_view raw, std::string_view default_region, NormalizedPhone* out);

// Returns whether the SIS phone type names a fax line ("Fax", any case).
bool IsFaxType(std::string_view sis_type);

// Returns whether `phone` may get SMS under the rule above. `sis_type` is the Ed-Fi
// TelephoneNumberType ("Mobile", "Home"...), `sms_capable` the SIS flag (nullopt when NULL).
bool CanTakeSms(const NormalizedPhone& phone, std::string_view sis_type,
                std::optional<bool> sms_capable, const std::vector<std::string>& sms_phone_types);

// Returns whether `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace nudged

#endif  // NUDGED_PLANNER_PHONE_H_
