// TwiML for voice calls: escaping, the voice per language, the message read twice.

#include "provider/twiml.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("XML escaping covers the five special characters and nothing else", "[provider]") {
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {"", ""},
      {"plain text", "plain text"},
      {"Tom & Jerry", "Tom &amp; Jerry"},
      {"<Say>", "&lt;Say&gt;"},
      {"\"quoted\" 'single'", "&quot;quoted&quot; &apos;single&apos;"},
      {"Ñandú días", "Ñandú días"},
      {"&amp;", "&amp;amp;"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(XmlEscape(c.text) == c.expected);
  }
}

TEST_CASE("Each language gets its voice; unknown ones fall back to English", "[provider]") {
  struct Case {
    std::string language, voice, voice_language;
  };
  const Case cases[] = {
      {"en", "Polly.Joanna", "en-US"}, {"en-US", "Polly.Joanna", "en-US"},
      {"es", "Polly.Lupe", "es-US"},   {"es-MX", "Polly.Lupe", "es-US"},
      {"ES", "Polly.Lupe", "es-US"},   {"pt-BR", "Polly.Camila", "pt-BR"},
      {"fr", "Polly.Lea", "fr-FR"},    {"zh-Hans", "Polly.Zhiyu", "cmn-CN"},
      {"ht", "Polly.Joanna", "en-US"}, {"", "Polly.Joanna", "en-US"},
  };
  for (const Case& c : cases) {
    INFO(c.language);
    const SayVoice voice = VoiceFor(c.language);
    CHECK(voice.voice == c.voice);
    CHECK(voice.language == c.voice_language);
  }
}

TEST_CASE("The TwiML says the escaped message twice with a pause between", "[provider]") {
  struct Case {
    std::string text, language, expected;
  };
  const Case cases[] = {
      {"Hi", "en",
       R"(<Response><Say voice="Polly.Joanna" language="en-US">Hi</Say><Pause length="1"/>)"
       R"(<Say voice="Polly.Joanna" language="en-US">Hi</Say></Response>)"},
      {"Ana & <Luis>", "es",
       R"(<Response><Say voice="Polly.Lupe" language="es-US">Ana &amp; &lt;Luis&gt;</Say>)"
       R"(<Pause length="1"/><Say voice="Polly.Lupe" language="es-US">Ana &amp; &lt;Luis&gt;)"
       R"(</Say></Response>)"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(SayTwiceTwiml(c.text, c.language) == c.expected);
  }
}

}  // namespace
}  // namespace nudged
