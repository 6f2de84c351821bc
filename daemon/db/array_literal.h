// PostgreSQL array literals ('{...}') for passing a list as one query parameter ($1::text[],
// $1::date[]), so a query keeps a fixed text whatever the list's length. Pure functions.

#ifndef NUDGED_DB_ARRAY_LITERAL_H_
#define NUDGED_DB_ARRAY_LITERAL_H_

#include <string>
#include <vector>

#include "nudged/date.h"

namespace nudged {

// Returns the text[] literal of `values`, each element quoted and escaped: {"a","b \"c\""}.
template <typename Strings>
std::string TextArrayLiteral(const Strings& values) {
  std::string literal = "{";
  for (const std::string& value : values) {
    if (literal.size() > 1) literal += ',';
    literal += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

// Returns the date[] literal of `dates`: {2026-09-08,2026-09-09}.
std::string DateArrayLiteral(const std::vector<Date>& dates);

}  // namespace nudged

#endif  // NUDGED_DB_ARRAY_LITERAL_H_
