// Implementation details: the text is decoded from UTF-8 one code point at a time; each code
// point is looked up in the GSM-7 basic table (one septet) and extension table (two septets)
// while the UTF-16 length is accumulated alongside, so one pass gives both sizes and the
// encoding is decided at the end. The tables are the Unicode values of GSM 03.38.

#include "render/message_length.h"

#include <string_view>

namespace nudged {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at text[*at] and advances *at; invalid bytes give U+FFFD.
char32_t NextCodePoint(std::string_view text, size_t* at) {
  const auto lead = static_cast<unsigned char>(text[(*at)++]);
  if (lead < 0x80) return lead;
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0 || lead > 0xF4) return kReplacement;
  char32_t code = lead & (0x3F >> extra);
  for (int i = 0; i < extra; ++i) {
    if (*at >= text.size()) return kReplacement;
    const auto next = static_cast<unsigned char>(text[*at]);
    if ((next & 0xC0) != 0x80) return kReplacement;
    code = (code << 6) | (next & 0x3F);
    ++*at;
  }
  return code;
}

bool InBasicTable(char32_t c) {
  // Printable ASCII except the characters GSM-7 lacks or keeps in its extension table.
  if (c >= 0x20 && c < 0x7F) {
    return c != '`' && c != '^' && c != '{' && c != '}' && c != '\\' && c != '[' && c != ']' &&
           c != '~' && c != '|';
  }
  static constexpr std::u32string_view kOthers = U"\n\r£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
  return kOthers.find(c) != std::u32string_view::npos;
}

bool InExtensionTable(char32_t c) {
  static constexpr std::u32string_view kExtension = U"^{}\\[]~|€\f";
  return kExtension.find(c) != std::u32string_view::npos;
}

int SegmentsFor(int units, int single, int multi) {
  if (units <= single) return 1;
  return (units + multi - 1) / multi;
}

}  // namespace

std::string_view EncodingName(SmsLength::Encoding encoding) {
  return encoding == SmsLength::Encoding::kGsm7 ? "GSM-7" : "UCS-2";
}

SmsLength MeasureSms(std::string_view text) {
  SmsLength length;
  int septets = 0;
  int utf16_units = 0;
  bool gsm7 = true;
  // Shape: one pass over the code points, counting both encodings at once.
  for (size_t at = 0; at < text.size();) {
    const char32_t c = NextCodePoint(text, &at);
    ++length.characters;
    utf16_units += c > 0xFFFF ? 2 : 1;
    if (InBasicTable(c)) {
      septets += 1;
    } else if (InExtensionTable(c)) {
      septets += 2;
    } else {
      gsm7 = false;
    }
  }
  if (gsm7) {
    length.encoding = SmsLength::Encoding::kGsm7;
    length.units = septets;
    length.segments = SegmentsFor(septets, 160, 153);
  } else {
    length.encoding = SmsLength::Encoding::kUcs2;
    length.units = utf16_units;
    length.segments = SegmentsFor(utf16_units, 70, 67);
  }
  return length;
}

int CountCharacters(std::string_view text) {
  int count = 0;
  for (size_t at = 0; at < text.size(); ++count) NextCodePoint(text, &at);
  return count;
}

}  // namespace nudged
