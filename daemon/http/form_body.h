// Strict reading of an application/x-www-form-urlencoded request body: the webhook endpoints
// answer 400 to a body that is not a well-formed form instead of guessing what it meant.
// Pure; thread-safe.

#ifndef NUDGED_HTTP_FORM_BODY_H_
#define NUDGED_HTTP_FORM_BODY_H_

#include <optional>
#include <string_view>
#include <vector>

#include "provider/form_encoding.h"

namespace nudged {

// Returns the decoded fields of `body`, or nullopt when a piece between '&'s has no '=' or
// an empty name, a '%' is not followed by two hex digits, or a decoded name or value is not
// UTF-8 or holds a NUL (it could not be stored). An empty body is an empty form.
std::optional<std::vector<FormField>> ParseFormBody(std::string_view body);

// Returns the value of the first field named `name`, or nullopt.
std::optional<std::string_view> FormValue(const std::vector<FormField>& fields,
                                          std::string_view name);

}  // namespace nudged

#endif  // NUDGED_HTTP_FORM_BODY_H_
