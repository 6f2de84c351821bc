// RFC 4180 fields for the CSV outputs (`schedule --format csv`, `plan --format csv`).
// Pure function; thread-safe.

#ifndef NUDGED_COMMON_CSV_H_
#define NUDGED_COMMON_CSV_H_

#include <string>
#include <string_view>

namespace nudged {

// Returns `field` as is when it holds no comma, double quote, CR or LF; otherwise enclosed in
// double quotes with each double quote doubled. UTF-8 passes through unchanged.
std::string CsvField(std::string_view field);

}  // namespace nudged

#endif  // NUDGED_COMMON_CSV_H_
