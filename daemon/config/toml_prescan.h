// A guard run on configuration text before toml++ parses it.
//
// toml++ 3.3 (Debian bookworm) has undefined behaviour in its Unicode whitespace table
// (is_non_ascii_horizontal_whitespace reaches TOML_UNREACHABLE for most non-ASCII code
// points). The parser asks that table about non-ASCII characters in two places only: outside
// strings and comments (where TOML allows ASCII only, so the text is invalid anyway), and in
// a multi-line basic string right after a backslash (an invalid escape, or the first
// character after a line-ending backslash). FindTextToml33CannotParse() finds those spots so
// the loader can report them instead of handing them to the parser. Pure, thread-safe.

#ifndef NUDGED_CONFIG_TOML_PRESCAN_H_
#define NUDGED_CONFIG_TOML_PRESCAN_H_

#include <optional>
#include <string>
#include <string_view>

#include "config/diagnostic.h"

namespace nudged {

struct PrescanProblem {
  SourcePosition position;  // 1-based; columns count code points, as toml++ does
  std::string message;
};

// Returns the first spot described above, or nullopt when the text is safe to parse.
std::optional<PrescanProblem> FindTextToml33CannotParse(std::string_view text);

}  // namespace nudged

#endif  // NUDGED_CONFIG_TOML_PRESCAN_H_
