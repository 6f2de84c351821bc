// Implementation details: Amazon Polly voices through Twilio (<Say voice="Polly.NAME">), one per
// language the district templates are likely to use; the table is searched by primary subtag.

#include "provider/twiml.h"

#include <fmt/format.h>

#include <cctype>

namespace nudged {
namespace {

struct LanguageVoice {
  std::string_view primary_subtag;
  SayVoice voice;
};

constexpr LanguageVoice kVoices[] = {
    {"en", {"Polly.Joanna", "en-US"}},  {"es", {"Polly.Lupe", "es-US"}},
    {"fr", {"Polly.Lea", "fr-FR"}},     {"pt", {"Polly.Camila", "pt-BR"}},
    {"de", {"Polly.Vicki", "de-DE"}},   {"it", {"Polly.Bianca", "it-IT"}},
    {"zh", {"Polly.Zhiyu", "cmn-CN"}},  {"ar", {"Polly.Zeina", "arb"}},
    {"ru", {"Polly.Tatyana", "ru-RU"}}, {"pl", {"Polly.Ewa", "pl-PL"}},
};

}  // namespace

SayVoice VoiceFor(std::string_view language) {
  std::string primary;
  for (char c : language.substr(0, language.find_first_of("-_"))) {
    primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const LanguageVoice& entry : kVoices) {
    if (entry.primary_subtag == primary) return entry.voice;
  }
  return kVoices[0].voice;
}

std::string XmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string SayTwiceTwiml(std::string_view text, std::string_view language) {
  const SayVoice voice = VoiceFor(language);
  const std::string say = fmt::format(R"(<Say voice="{}" language="{}">{}</Say>)", voice.voice,
                                      voice.language, XmlEscape(text));
  return fmt::format(R"(<Response>{}<Pause length="1"/>{}</Response>)", say, say);
}

}  // namespace nudged
