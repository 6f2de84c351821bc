// Implementation details: the body is trimmed of ASCII white space and compared letter by
// letter without case against short keyword lists; no allocation.

#include "http/inbound_keyword.h"

#include <array>

namespace nudged {
namespace {

constexpr std::array<std::string_view, 8> kOptOut = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL",
                                                     "END",  "QUIT",    "REVOKE",      "OPTOUT"};
constexpr std::array<std::string_view, 3> kOptIn = {"START", "YES", "UNSTOP"};
constexpr std::array<std::string_view, 2> kHelp = {"HELP", "INFO"};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsUpper(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

template <size_t N>
bool OneOf(std::string_view text, const std::array<std::string_view, N>& keywords) {
  for (std::string_view keyword : keywords) {
    if (EqualsUpper(text, keyword)) return true;
  }
  return false;
}

}  // namespace

std::string_view InboundActionName(InboundAction action) {
  switch (action) {
    case InboundAction::kOptOut:
      return "opt_out";
    case InboundAction::kOptIn:
      return "opt_in";
    case InboundAction::kHelp:
      return "help";
    case InboundAction::kForStaff:
      return "for_staff";
  }
  return "for_staff";
}

InboundAction ClassifyInbound(std::string_view body) {
  const std::string_view word = Trim(body);
  if (OneOf(word, kOptOut)) return InboundAction::kOptOut;
  if (OneOf(word, kOptIn)) return InboundAction::kOptIn;
  if (OneOf(word, kHelp)) return InboundAction::kHelp;
  return InboundAction::kForStaff;
}

}  // namespace nudged
