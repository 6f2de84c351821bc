// A problem found in an input file, reported the way compilers do so editors can jump to it:
// "FILE:LINE:COL: error: MESSAGE". Plain value type.

#ifndef NUDGED_CONFIG_DIAGNOSTIC_H_
#define NUDGED_CONFIG_DIAGNOSTIC_H_

#include <string>

namespace nudged {

// 1-based line and column in a source file; 0 means unknown (the whole file).
struct SourcePosition {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  enum class Severity { kError, kWarning };

  Severity severity = Severity::kError;
  std::string file;
  SourcePosition position;
  std::string message;

  // Returns "file:line:col: error: message" ("file:1:1" when the position is unknown, so
  // every line has the same shape for tools that parse it).
  std::string ToString() const;
};

}  // namespace nudged

#endif  // NUDGED_CONFIG_DIAGNOSTIC_H_
