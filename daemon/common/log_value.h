// Values for log lines in nudged's form: a short message, then stable key=value pairs
// ("sync finished id=3 students=1200"). A value that may hold spaces, quotes or newlines (an
// error's text, a reason for staff) is written key="..." through LogQuote, so one event stays
// one line and the pairs stay machine-readable. Phone numbers and emails still go through
// common/mask.h first. Pure functions; thread-safe.

#ifndef NUDGED_COMMON_LOG_VALUE_H_
#define NUDGED_COMMON_LOG_VALUE_H_

#include <string>
#include <string_view>

namespace nudged {

// Returns `text` in double quotes, with '"' and '\' escaped by '\' and line breaks and tabs
// written as \n, \r, \t: `say "hi"\n` -> `"say \"hi\"\n"`.
std::string LogQuote(std::string_view text);

// Returns `name` as a log key: lowercase ASCII letters and digits, anything else '_'
// ("no usable channel" -> "no_usable_channel").
std::string LogKey(std::string_view name);

}  // namespace nudged

#endif  // NUDGED_COMMON_LOG_VALUE_H_
