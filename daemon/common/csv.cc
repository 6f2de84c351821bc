// Implementation details: one scan decides whether quoting is needed; only then is a copy with
// doubled quotes built, so the common unquoted field costs one copy.

#include "common/csv.h"

namespace nudged {

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace nudged
