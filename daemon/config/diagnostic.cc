#include "config/diagnostic.h"

namespace nudged {

std::string Diagnostic::ToString() const {
  const int line = position.line > 0 ? position.line : 1;
  const int column = position.column > 0 ? position.column : 1;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         (severity == Severity::kError ? "error: " : "warning: ") + message;
}

}  // namespace nudged
