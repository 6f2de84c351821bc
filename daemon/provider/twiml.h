// The TwiML of a voice call: the message read twice, with a pause between, in a voice that
// speaks the message's language. Pure functions over values; thread-safe.

#ifndef NUDGED_PROVIDER_TWIML_H_
#define NUDGED_PROVIDER_TWIML_H_

#include <string>
#include <string_view>

namespace nudged {

// A text-to-speech voice as Twilio's <Say> names it.
struct SayVoice {
  std::string_view voice;     // e.g. "Polly.Joanna"
  std::string_view language;  // e.g. "en-US"
};

// Returns the voice for a BCP 47 language tag, chosen by its primary subtag ("es-MX" -> the
// Spanish voice). A language without a voice here falls back to English, which Twilio always
// speaks, so a call is never refused for its language.
SayVoice VoiceFor(std::string_view language);

// Returns `text` with &, <, >, " and ' replaced by XML entities.
std::string XmlEscape(std::string_view text);

// Returns <Response><Say ...>text</Say><Pause length="1"/><Say ...>text</Say></Response>.
std::string SayTwiceTwiml(std::string_view text, std::string_view language);

}  // namespace nudged

#endif  // NUDGED_PROVIDER_TWIML_H_
