// Small predicates on configuration strings, shared by the reader and the validator.
// Pure functions, thread-safe.

#ifndef NUDGED_CONFIG_TEXT_CHECKS_H_
#define NUDGED_CONFIG_TEXT_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

namespace nudged {

// Returns the Levenshtein distance between `a` and `b`, capped at 100.
int EditDistance(std::string_view a, std::string_view b);

// Returns " (did you mean 'X'?)" for the candidate closest to `word` when it is close
// enough to be a likely typo (case differences count as close), else "".
std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates);

// "+" then 2 to 15 digits, the first not 0.
bool IsE164(std::string_view text);

// `prefix` followed by exactly 32 lowercase or uppercase hex digits ("AC", "MG").
bool IsTwilioSid(std::string_view text, std::string_view prefix);

// "http://" or "https://" followed by a non-empty host, no spaces.
bool IsHttpUrl(std::string_view text);

// "HOST:PORT" with a non-empty host (or "[v6]") and a port 0..65535 (0: the system picks a
// free port, which the listener logs; for tests).
bool IsListenAddress(std::string_view text);

// True when a libpq connection string carries a password: "scheme://user:PASS@host",
// a "password=" query parameter, or a "password=" keyword in key=value form.
bool ConnectionStringHasPassword(std::string_view text);

// Quotes `text` for messages: 'text', with control and non-ASCII bytes escaped.
std::string Quote(std::string_view text);

}  // namespace nudged

#endif  // NUDGED_CONFIG_TEXT_CHECKS_H_
