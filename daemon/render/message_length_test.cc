// Table tests of SMS segment counting (GSM-7, its extension table, UCS-2) and of character
// counts for the voice limit.

#include "render/message_length.h"

#include <string>

#include <catch2/catch.hpp>

namespace nudged {
namespace {

using Encoding = SmsLength::Encoding;

TEST_CASE("SMS texts are measured in the encoding the provider will use", "[render]") {
  struct Row {
    std::string text;
    Encoding encoding;
    int characters;
    int units;
    int segments;
  };
  const std::string emoji = "\xF0\x9F\x98\x80";  // U+1F600, outside the BMP
  const Row rows[] = {
      {"", Encoding::kGsm7, 0, 0, 1},
      {std::string(160, 'a'), Encoding::kGsm7, 160, 160, 1},
      {std::string(161, 'a'), Encoding::kGsm7, 161, 161, 2},
      {std::string(306, 'a'), Encoding::kGsm7, 306, 306, 2},
      {std::string(307, 'a'), Encoding::kGsm7, 307, 307, 3},
      {"€", Encoding::kGsm7, 1, 2, 1},
      {"[", Encoding::kGsm7, 1, 2, 1},
      {std::string(159, 'a') + "€", Encoding::kGsm7, 160, 161, 2},
      {"José, Renée, Ñoño, ¿qué?", Encoding::kGsm7, 24, 24, 1},  // all in GSM-7
      {"Zoë", Encoding::kUcs2, 3, 3, 1},                         // ë is not
      {"¿sí?", Encoding::kUcs2, 4, 4, 1},                        // nor í
      {emoji, Encoding::kUcs2, 1, 2, 1},
      {std::string(69, 'a') + emoji, Encoding::kUcs2, 70, 71, 2},
      {std::string(70, 'a') + "\xC3\xA1", Encoding::kUcs2, 71, 71, 2},  // á
      {std::string(134, 'a') + "\xC3\xA1", Encoding::kUcs2, 135, 135, 3},
      {"Nguy\xE1\xBB\x85n", Encoding::kUcs2, 6, 6, 1},
      {"\xFF", Encoding::kUcs2, 1, 1, 1},  // invalid UTF-8
  };
  for (const Row& row : rows) {
    INFO(row.text);
    const SmsLength length = MeasureSms(row.text);
    CHECK(length.encoding == row.encoding);
    CHECK(length.characters == row.characters);
    CHECK(length.units == row.units);
    CHECK(length.segments == row.segments);
  }
}

TEST_CASE("Encodings have their usual names", "[render]") {
  CHECK(EncodingName(Encoding::kGsm7) == "GSM-7");
  CHECK(EncodingName(Encoding::kUcs2) == "UCS-2");
}

TEST_CASE("Voice length counts characters, not bytes", "[render]") {
  CHECK(CountCharacters("") == 0);
  CHECK(CountCharacters("José") == 4);
  CHECK(CountCharacters("Nguy\xE1\xBB\x85n") == 6);
  CHECK(CountCharacters(std::string(kVoiceSayLimit, 'a')) == kVoiceSayLimit);
}

}  // namespace
}  // namespace nudged
