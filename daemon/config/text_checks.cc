// Implementation details: the checks are hand-written scans rather than std::regex, which is
// slow to build and can overflow its stack on long input; configuration strings come from
// people and, in the fuzzer, from anywhere. Case is folded only for suggestions.

#include "config/text_checks.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace nudged {
namespace {

constexpr int kMaxDistance = 100;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  if (a.size() > kMaxDistance || b.size() > kMaxDistance) return kMaxDistance;
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  // One row of the dynamic-programming table at a time; `diagonal` holds row[j-1] of the
  // previous row.
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return std::min(row[b.size()], kMaxDistance);
}

std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::string lower_word = Lower(word);
  std::string_view best;
  int best_distance = kMaxDistance;
  for (std::string_view candidate : candidates) {
    const std::string lower = Lower(candidate);
    int distance = EditDistance(lower_word, lower);
    // A prefix ("Tues" for "Tue") counts as close as one edit.
    if (lower_word.size() >= 3 && lower.size() >= 3 &&
        (lower_word.starts_with(lower) || lower.starts_with(lower_word))) {
      distance = std::min(distance, 1);
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  const int limit = std::max<int>(1, static_cast<int>(best.size()) / 3);
  if (best.empty() || best_distance > limit) return "";
  return fmt::format(" (did you mean '{}'?)", best);
}

bool IsE164(std::string_view text) {
  if (text.size() < 3 || text.size() > 16 || text[0] != '+' || text[1] == '0') return false;
  return std::all_of(text.begin() + 1, text.end(), IsDigit);
}

bool IsTwilioSid(std::string_view text, std::string_view prefix) {
  if (text.size() != prefix.size() + 32 || !text.starts_with(prefix)) return false;
  return std::all_of(text.begin() + static_cast<long>(prefix.size()), text.end(), IsHex);
}

bool IsHttpUrl(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == ':') return false;
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

bool IsListenAddress(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) {
    return false;
  }
  const int number = std::stoi(std::string(port));
  if (number > 65535) return false;
  if (host.front() == '[') return host.size() > 2 && host.back() == ']';
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

bool ConnectionStringHasPassword(std::string_view text) {
  const std::string lower = Lower(text);
  if (lower.find("password=") != std::string::npos) return true;
  const size_t scheme = lower.find("://");
  if (scheme == std::string::npos) return false;
  std::string_view rest = std::string_view(text).substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?"));
  const size_t at = rest.rfind('@');
  if (at == std::string_view::npos) return false;
  return rest.substr(0, at).find(':') != std::string_view::npos;
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

}  // namespace nudged
