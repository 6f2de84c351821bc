// application/x-www-form-urlencoded, as Twilio reads request bodies and query strings: the
// WHATWG URL Standard's serializer over UTF-8 bytes. ASCII letters, digits and "*-._" stay as
// they are, a space becomes '+', every other byte becomes "%XX" (upper-case hex). Parameter
// names are encoded like values, so Twilio's "DateSent>" becomes "DateSent%3E".
// Pure functions over values; thread-safe.

#ifndef NUDGED_PROVIDER_FORM_ENCODING_H_
#define NUDGED_PROVIDER_FORM_ENCODING_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nudged {

// One name=value pair; order is kept, because a form may repeat a name.
using FormField = std::pair<std::string, std::string>;

// Returns `text` percent-encoded as one name or value of a form.
std::string FormEncodeComponent(std::string_view text);

// Returns the fields joined as "name=value&name=value", each part encoded.
std::string FormEncode(const std::vector<FormField>& fields);

// Returns the value of an HTTP Basic Authorization header: "Basic " and base64 of
// "user:password". Twilio authenticates with the account SID and the auth token.
std::string BasicAuthorization(std::string_view user, std::string_view password);

// Decodes a form body or query string (without the leading '?'). '+' is a space; a malformed
// escape ("%4", "%zz") is kept as written rather than rejected, as browsers do. Empty pieces
// between '&'s are skipped.
std::vector<FormField> FormDecode(std::string_view text);

}  // namespace nudged

#endif  // NUDGED_PROVIDER_FORM_ENCODING_H_
