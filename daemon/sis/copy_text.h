// PostgreSQL's COPY text format, one line at a time: fields separated by tabs, NULL written as
// \N, and backslash escapes (\\ \t \n \r \b \f \v, octal \NNN and hex \xHH) inside values.
// Needed because libpqxx 6.4 can hand over a COPY line but not write one back unparsed (its
// stream_to << stream_from doubles the line's newline). Thread-safe (pure).

#ifndef NUDGED_SIS_COPY_TEXT_H_
#define NUDGED_SIS_COPY_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nudged {

// Splits one COPY text line (a trailing "\n" is ignored) into its fields, unescaped;
// nullopt for a NULL field. Replaces the contents of *fields.
void ParseCopyLine(std::string_view line, std::vector<std::optional<std::string>>* fields);

}  // namespace nudged

#endif  // NUDGED_SIS_COPY_TEXT_H_
