// Implementation details: the body is checked in one pass, then decoded by FormDecode
// (provider/form_encoding.h), which is lenient by itself.

#include "http/form_body.h"

#include <algorithm>
#include <cctype>

namespace nudged {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool WellFormedPiece(std::string_view piece) {
  const size_t equals = piece.find('=');
  if (equals == std::string_view::npos || equals == 0) return false;
  for (size_t i = 0; i < piece.size(); ++i) {
    if (piece[i] != '%') continue;
    if (i + 2 >= piece.size()) return false;
    if (!IsHex(piece[i + 1]) || !IsHex(piece[i + 2])) return false;
    i += 2;
  }
  return true;
}

// Whether `text` is UTF-8 without NUL, as PostgreSQL text columns require.
bool StorableText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == 0) return false;
    size_t length = 1;
    if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0x80) {
      return false;
    }
    if (i + length > text.size()) return false;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    const auto second = static_cast<unsigned char>(length > 1 ? text[i + 1] : 0x80);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)) {
      return false;
    }
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

std::optional<std::vector<FormField>> ParseFormBody(std::string_view body) {
  size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    const size_t end = std::min(body.find('&', start), body.size());
    if (!WellFormedPiece(body.substr(start, end - start))) return std::nullopt;
    start = end + 1;
  }
  std::vector<FormField> fields = FormDecode(body);
  for (const FormField& field : fields) {
    if (!StorableText(field.first) || !StorableText(field.second)) return std::nullopt;
  }
  return fields;
}

std::optional<std::string_view> FormValue(const std::vector<FormField>& fields,
                                          std::string_view name) {
  for (const FormField& field : fields) {
    if (field.first == name) return std::string_view(field.second);
  }
  return std::nullopt;
}

}  // namespace nudged
