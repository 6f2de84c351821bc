// Masking of caregivers' phone numbers and email addresses for logs and staff previews.
// Every log line that names a recipient goes through these, so a log file never holds a
// whole number or address, yet two masked values can still be told apart by an operator.
// Pure functions over values; thread-safe.

#ifndef NUDGED_COMMON_MASK_H_
#define NUDGED_COMMON_MASK_H_

#include <string>
#include <string_view>

namespace nudged {

// Returns `phone` with all but its first 5 and last 2 characters replaced by '*':
// "+15085550123" -> "+1508*****23" (country code and area code stay readable). A value
// shorter than 8 characters shows nothing but its length: every character becomes '*'.
std::string MaskPhone(std::string_view phone);

// Returns `email` with its local part reduced to its first character followed by one '*' per
// remaining character, the domain kept: "maria.lopez@example.org" -> "m**********@example.org".
// Counts characters as UTF-8 code points, so a non-ASCII address is never cut mid-character.
// A value without '@' is masked entirely.
std::string MaskEmail(std::string_view email);

}  // namespace nudged

#endif  // NUDGED_COMMON_MASK_H_
