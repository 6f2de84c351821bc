#include "db/array_literal.h"

namespace nudged {

std::string DateArrayLiteral(const std::vector<Date>& dates) {
  std::string literal = "{";
  for (Date date : dates) {
    if (literal.size() > 1) literal += ',';
    literal += FormatIsoDate(date);
  }
  return literal + "}";
}

}  // namespace nudged
