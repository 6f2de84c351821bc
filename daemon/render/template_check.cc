// Implementation details: the syntax check is kainjow's own parser, so a template that passes
// here renders; its error messages end in " at OFFSET", which is turned into a line and
// column. kainjow keeps its parse tree private, so the tags are found again by a small
// scanner of the default delimiters; templates that change delimiters are rejected anyway,
// which keeps the scanner honest.

#include "render/template_check.h"

#include <algorithm>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "config/text_checks.h"
#include "render/message_values.h"

namespace nudged {
namespace {

std::string Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

bool Contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// kainjow says "Unclosed section \"goal\" at 42"; returns "line 1, column 43: unclosed
// section \"goal\"".
std::string SyntaxError(std::string_view text, std::string message) {
  SourcePosition position{1, 1};
  const size_t at = message.rfind(" at ");
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (at != std::string::npos && at + 4 < message.size() &&
      std::all_of(message.begin() + at + 4, message.end(), is_digit)) {
    position = PositionOf(text, std::stoul(message.substr(at + 4)));
    message.resize(at);
  }
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
  return fmt::format("line {}, column {}: Mustache syntax error: {}", position.line,
                     position.column, message);
}

// Returns the problem with one tag, or "" when it is fine.
std::string TagProblem(const TemplateTag& tag) {
  switch (tag.sigil) {
    case '!':
    case '/':
      return "";
    case '>':
      return fmt::format("partial {{{{>{}}}}} is not supported; write the text in place", tag.name);
    case '=':
      return "changing the delimiters is not supported";
    case '#':
    case '^':
      if (Contains(TemplateSectionNames(), tag.name)) return "";
      return fmt::format("unknown section {{{{{}{}}}}}{}; sections are: {}", tag.sigil, tag.name,
                         DidYouMean(tag.name, TemplateSectionNames()),
                         fmt::join(TemplateSectionNames(), ", "));
    default:
      if (Contains(TemplateVariableNames(), tag.name)) return "";
      return fmt::format("unknown placeholder {{{{{}}}}}{}", tag.name,
                         DidYouMean(tag.name, TemplateVariableNames()));
  }
}

}  // namespace

SourcePosition PositionOf(std::string_view text, size_t offset) {
  SourcePosition position{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

std::vector<TemplateTag> ScanTags(std::string_view text) {
  std::vector<TemplateTag> tags;
  // Shape: jump from one "{{" to the matching "}}" (or "}}}" for a triple mustache).
  for (size_t open = text.find("{{"); open != std::string_view::npos;
       open = text.find("{{", open)) {
    const bool triple = text.substr(open).starts_with("{{{");
    const size_t content = open + (triple ? 3 : 2);
    const size_t close = text.find(triple ? "}}}" : "}}", content);
    if (close == std::string_view::npos) break;
    std::string inner = Trim(text.substr(content, close - content));
    TemplateTag tag;
    tag.position = PositionOf(text, open);
    if (triple) {
      tag.sigil = '{';
    } else if (!inner.empty() && std::string_view("#^/&!>=").find(inner[0]) != std::string::npos) {
      tag.sigil = inner[0];
      inner = Trim(std::string_view(inner).substr(1));
    }
    tag.name = std::move(inner);
    tags.push_back(std::move(tag));
    open = close + (triple ? 3 : 2);
  }
  return tags;
}

std::vector<std::string> CheckTemplate(std::string_view text, Channel channel) {
  const kainjow::mustache::mustache parsed{std::string(text)};
  if (!parsed.is_valid()) return {SyntaxError(text, parsed.error_message())};
  std::vector<std::string> problems;
  for (const TemplateTag& tag : ScanTags(text)) {
    const std::string problem = TagProblem(tag);
    if (problem.empty()) continue;
    problems.push_back(
        fmt::format("line {}, column {}: {}", tag.position.line, tag.position.column, problem));
  }
  if (channel == Channel::kEmail && !text.starts_with("Subject: ")) {
    problems.push_back(
        "line 1, column 1: an email template starts with a line \"Subject: ...\" and a blank "
        "line");
  }
  return problems;
}

}  // namespace nudged
