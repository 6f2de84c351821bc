// Implementation details: a single pass over the bytes with a small state machine that knows
// just enough TOML to tell strings and comments from the rest: comments run to the end of the
// line; "...", '...', """...""" and '''...''' are strings, and in the two basic forms a
// backslash escapes the next character. A single-line string also ends at a line break, so an
// unterminated string (a syntax error toml++ reports) cannot hide the rest of the file. When in
// doubt the scanner assumes "inside a string", so it never rejects valid TOML it does not
// understand; the only valid TOML it rejects is a non-ASCII character right after a line-ending
// backslash, which the parser cannot read safely.

#include "config/toml_prescan.h"

namespace nudged {
namespace {

enum class State { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };

bool IsAscii(char c) { return static_cast<unsigned char>(c) < 0x80; }
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<PrescanProblem> Run() {
    if (text_.starts_with("\xEF\xBB\xBF")) i_ = 3;  // UTF-8 byte order mark
    // Shape: one byte (or one delimiter) per iteration, advancing line/column as it goes.
    while (i_ < text_.size()) {
      if (std::optional<PrescanProblem> problem = Step()) return problem;
    }
    return std::nullopt;
  }

 private:
  bool At(std::string_view token) const { return text_.substr(i_).starts_with(token); }

  void Advance(size_t bytes) {
    for (size_t end = i_ + bytes; i_ < end && i_ < text_.size(); ++i_) {
      const char c = text_[i_];
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if (!IsContinuation(c)) {
        ++column_;
      }
    }
  }

  PrescanProblem Problem(std::string message) const {
    return {{line_, column_}, "TOML syntax error: " + std::move(message)};
  }

  std::optional<PrescanProblem> Step();
  std::optional<PrescanProblem> StepNormal();
  std::optional<PrescanProblem> StepMultiBasicEscape();

  std::string_view text_;
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
  State state_ = State::kNormal;
};

std::optional<PrescanProblem> Scanner::StepNormal() {
  const char c = text_[i_];
  if (!IsAscii(c)) {
    return Problem("non-ASCII character outside a string or comment");
  }
  if (c == '#') {
    state_ = State::kComment;
  } else if (At("\"\"\"")) {
    state_ = State::kMultiBasic;
    Advance(2);
  } else if (At("'''")) {
    state_ = State::kMultiLiteral;
    Advance(2);
  } else if (c == '"') {
    state_ = State::kBasic;
  } else if (c == '\'') {
    state_ = State::kLiteral;
  }
  Advance(1);
  return std::nullopt;
}

// At a backslash inside """...""".
std::optional<PrescanProblem> Scanner::StepMultiBasicEscape() {
  Advance(1);
  if (i_ >= text_.size()) return std::nullopt;
  if (!IsAscii(text_[i_])) return Problem("invalid escape sequence in a string");
  if (!IsAsciiSpace(text_[i_])) {
    Advance(1);
    return std::nullopt;
  }
  // A line-ending backslash: the parser skips whitespace up to the next character.
  while (i_ < text_.size() && IsAsciiSpace(text_[i_])) Advance(1);
  if (i_ < text_.size() && !IsAscii(text_[i_])) {
    return Problem(
        "a line continued with a backslash must not start with a non-ASCII character "
        "(toml++ 3.3 cannot read it); move the line break or start the line with ASCII text");
  }
  return std::nullopt;
}

std::optional<PrescanProblem> Scanner::Step() {
  const char c = text_[i_];
  switch (state_) {
    case State::kNormal:
      return StepNormal();
    case State::kComment:
      if (c == '\n') state_ = State::kNormal;
      break;
    case State::kBasic:
      if (c == '\\') {
        Advance(1);
        if (i_ < text_.size() && text_[i_] == '\n') state_ = State::kNormal;
      } else if (c == '"' || c == '\n') {
        state_ = State::kNormal;
      }
      break;
    case State::kLiteral:
      if (c == '\'' || c == '\n') state_ = State::kNormal;
      break;
    case State::kMultiBasic:
      if (c == '\\') return StepMultiBasicEscape();
      if (At("\"\"\"")) {
        state_ = State::kNormal;
        Advance(2);
      }
      break;
    case State::kMultiLiteral:
      if (At("'''")) {
        state_ = State::kNormal;
        Advance(2);
      }
      break;
  }
  Advance(1);
  return std::nullopt;
}

}  // namespace

std::optional<PrescanProblem> FindTextToml33CannotParse(std::string_view text) {
  return Scanner(text).Run();
}

}  // namespace nudged
