// Length limits of the channels that have them: how many SMS segments a text takes, and
// whether a voice text fits the provider's <Say> verb.
//
// Pure functions over UTF-8 text; thread-safe. SMS follows GSM 03.38: a text made only of
// GSM-7 characters is sent in GSM-7, where characters of the extension table (^ { } \ [ ] ~
// | € and form feed) take two septets; one character outside GSM-7 (an emoji, "á") makes the
// whole text UCS-2, counted in UTF-16 code units (an emoji takes two). A single segment holds
// 160 septets or 70 units; longer texts are split into segments of 153 or 67.

#ifndef NUDGED_RENDER_MESSAGE_LENGTH_H_
#define NUDGED_RENDER_MESSAGE_LENGTH_H_

#include <string_view>

namespace nudged {

// Twilio's limit on the text of one <Say> verb, in characters.
inline constexpr int kVoiceSayLimit = 4096;

struct SmsLength {
  enum class Encoding { kGsm7, kUcs2 };

  Encoding encoding = Encoding::kGsm7;
  int characters = 0;  // Unicode code points, as a person would count them
  int units = 0;       // septets (GSM-7) or UTF-16 code units (UCS-2)
  int segments = 1;    // SMS segments the provider bills; an empty text still takes 1
};

// Returns "GSM-7" or "UCS-2".
std::string_view EncodingName(SmsLength::Encoding encoding);

// Returns the encoding, size and segment count of `text` (UTF-8). An invalid UTF-8 byte
// counts as one UCS-2 character, as the provider would replace it.
SmsLength MeasureSms(std::string_view text);

// Returns the number of Unicode code points in `text` (UTF-8), which is how the provider
// counts the voice limit.
int CountCharacters(std::string_view text);

}  // namespace nudged

#endif  // NUDGED_RENDER_MESSAGE_LENGTH_H_
