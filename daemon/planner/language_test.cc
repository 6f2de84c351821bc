#include "planner/language.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("NormalizeLanguage reads the writings SIS use") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"es", "es"},
      {"es-MX", "es"},
      {"ES_mx", "es"},
      {"Spanish", "es"},
      {" spanish ", "es"},
      {"spa", "es"},
      {"Español", "es"},
      {"eng", "en"},
      {"en-US", "en"},
      {"zh-Hant-TW", "zh"},
      {"vie", "vi"},
      {"Vietnamese", "vi"},
      {"Haitian Creole", "ht"},
      {"pt-BR", "pt"},
      {"", ""},
      {"   ", ""},
      {"Klingon", ""},
      {"x1", ""},
      {"e", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(NormalizeLanguage(c.in) == c.out);
  }
}

TEST_CASE("ChooseLanguage falls back to the district default without a template") {
  const std::vector<std::string> templates = {"en", "es"};
  struct Case {
    const char* preferred;
    const char* language;
  };
  const Case cases[] = {
      {"es-MX", "es"}, {"Spanish", "es"}, {"en", "en"}, {"vi", "en"},  // no Vietnamese template
      {"", "en"},      {"Klingon", "en"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.preferred);
    CHECK(ChooseLanguage(c.preferred, templates, "en") == c.language);
  }
}

}  // namespace
}  // namespace nudged
