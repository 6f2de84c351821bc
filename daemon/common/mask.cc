// Implementation details: both functions work on bytes but count UTF-8 code points where a
// character is replaced, by skipping continuation bytes (10xxxxxx), so a masked string is
// always valid UTF-8 when its input was. Phone numbers reaching the logs are E.164 (ASCII)
// in practice, but raw SIS values are masked by the same function, hence the same care.

#include "common/mask.h"

namespace nudged {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Returns one '*' per code point of `text`.
std::string Stars(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!IsContinuationByte(c)) out.push_back('*');
  }
  return out;
}

// Returns the byte length of the first code point of non-empty `text`.
size_t FirstCodePointLength(std::string_view text) {
  size_t length = 1;
  while (length < text.size() && IsContinuationByte(text[length])) ++length;
  return length;
}

}  // namespace

std::string MaskPhone(std::string_view phone) {
  constexpr size_t kKeepFront = 5;
  constexpr size_t kKeepBack = 2;
  constexpr size_t kShortest = 8;
  if (phone.size() < kShortest) return Stars(phone);
  const std::string_view middle = phone.substr(kKeepFront, phone.size() - kKeepFront - kKeepBack);
  std::string out(phone.substr(0, kKeepFront));
  out += Stars(middle);
  out += phone.substr(phone.size() - kKeepBack);
  return out;
}

std::string MaskEmail(std::string_view email) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0) return Stars(email);
  const std::string_view local = email.substr(0, at);
  const size_t first = FirstCodePointLength(local);
  std::string out(local.substr(0, first));
  out += Stars(local.substr(first));
  out += email.substr(at);
  return out;
}

}  // namespace nudged
