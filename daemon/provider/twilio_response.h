// How nudged reads Twilio's answers: the classification of a create request's response into
// the dispatcher's four outcomes (DESIGN.md "Delivery semantics"), Retry-After, and one page
// of a list. Pure functions over values; thread-safe.

#ifndef NUDGED_PROVIDER_TWILIO_RESPONSE_H_
#define NUDGED_PROVIDER_TWILIO_RESPONSE_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudged/status.h"
#include "provider/provider.h"

namespace nudged {

// Returns the delay a Retry-After header asks for: delta-seconds ("120") or an HTTP-date
// ("Fri, 04 Dec 2026 22:10:00 GMT", counted from `now`, never negative); nullopt when the
// value is neither.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// Returns `text` with every phone-number-like run ('+' and 7 or more digits) masked, so a
// Twilio error message that quotes the number can go into logs and the audit.
std::string MaskPhoneNumbersIn(std::string_view text);

// Classifies a complete response to a create request: 2xx with a sid -> kAccepted;
// 429 and 503 -> kRetryable (with Retry-After); other 4xx -> kPermanent with Twilio's code;
// other 5xx, or 2xx without a sid -> kAmbiguous. `latency` is left to the caller.
SendOutcome ClassifyResponse(int http_status, std::string_view retry_after, std::string_view body,
                             std::chrono::system_clock::time_point now);

// Parses one page of GET .../Messages.json or .../Calls.json into `records` (appended) and
// `next_page_uri` (empty on the last page). InvalidArgument when the body is not such a page.
Status ParseListPage(std::string_view body, Channel channel, std::vector<SentRecord>* records,
                     std::string* next_page_uri);

}  // namespace nudged

#endif  // NUDGED_PROVIDER_TWILIO_RESPONSE_H_
