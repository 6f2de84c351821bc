// X-Twilio-Signature: how the provider signs every webhook request, and its check.
// The signature is base64(HMAC-SHA1(auth token, URL + the POST parameters' names and values
// concatenated in name order)), where URL is the full URL the provider requested (scheme,
// authority, path and query). Pure functions over values; thread-safe.

#ifndef NUDGED_HTTP_TWILIO_SIGNATURE_H_
#define NUDGED_HTTP_TWILIO_SIGNATURE_H_

#include <string>
#include <string_view>
#include <vector>

#include "provider/form_encoding.h"

namespace nudged {

// Returns the signature of a request to `url` carrying the form `params` (decoded), signed
// with `auth_token`. Parameters are sorted by name, then by value for a repeated name.
std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            const std::vector<FormField>& params);

// Returns whether `signature` (the header's value) is the signature of the request. The
// comparison takes the same time wherever the first difference is (CRYPTO_memcmp). An empty
// signature never matches.
bool ValidTwilioSignature(std::string_view auth_token, std::string_view url,
                          const std::vector<FormField>& params, std::string_view signature);

// Returns the URL the provider signs for a request to `target` (path and query), given the
// listener's public base URL (`[http] public_url`, scheme and authority, maybe a path prefix) or,
// when that is empty, the scheme and authority of `status_callback_url`. A trailing '/' of the
// base is dropped so "https://h/" + "/twilio/status" is "https://h/twilio/status".
std::string SignedUrl(std::string_view public_url, std::string_view status_callback_url,
                      std::string_view target);

}  // namespace nudged

#endif  // NUDGED_HTTP_TWILIO_SIGNATURE_H_
