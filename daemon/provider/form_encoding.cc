// Implementation details: a byte-wise table-free encoder; the decoder splits on '&' first and
// on the first '=' of each piece second, so '=' inside an encoded value never confuses it.
// Base64 for Basic authorization is OpenSSL's.

#include "provider/form_encoding.h"

#include <openssl/evp.h>

namespace nudged {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

bool StaysAsIs(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
         c == '-' || c == '.' || c == '_';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeComponent(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      decoded += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      decoded += c;
    }
  }
  return decoded;
}

}  // namespace

std::string FormEncodeComponent(std::string_view text) {
  std::string encoded;
  encoded.reserve(text.size() * 3 / 2);
  for (unsigned char c : text) {
    if (StaysAsIs(c)) {
      encoded += static_cast<char>(c);
    } else if (c == ' ') {
      encoded += '+';
    } else {
      encoded += '%';
      encoded += kHexDigits[c >> 4];
      encoded += kHexDigits[c & 0xF];
    }
  }
  return encoded;
}

std::string FormEncode(const std::vector<FormField>& fields) {
  std::string encoded;
  for (const auto& [name, value] : fields) {
    if (!encoded.empty()) encoded += '&';
    encoded += FormEncodeComponent(name);
    encoded += '=';
    encoded += FormEncodeComponent(value);
  }
  return encoded;
}

std::vector<FormField> FormDecode(std::string_view text) {
  std::vector<FormField> fields;
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view piece = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (piece.empty()) continue;
    const size_t equals = piece.find('=');
    if (equals == std::string_view::npos) {
      fields.emplace_back(DecodeComponent(piece), "");
    } else {
      fields.emplace_back(DecodeComponent(piece.substr(0, equals)),
                          DecodeComponent(piece.substr(equals + 1)));
    }
  }
  return fields;
}

std::string BasicAuthorization(std::string_view user, std::string_view password) {
  const std::string plain = std::string(user) + ":" + std::string(password);
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                     reinterpret_cast<const unsigned char*>(plain.data()),
                                     static_cast<int>(plain.size()));
  encoded.resize(static_cast<size_t>(length));
  return "Basic " + encoded;
}

}  // namespace nudged
