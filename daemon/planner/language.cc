// Implementation details: a small constant table maps three-letter codes and names of the
// languages most spoken by US families (the census's top languages other than English plus
// the other Ed-Fi sample ones) to ISO 639-1. A value not in it and not shaped like a two-letter
// tag is unknown, and its contact gets the district default: a wrong guess would send a message
// the caregiver cannot read, which is worse than the default.

#include "planner/language.h"

#include <algorithm>
#include <utility>

namespace nudged {
namespace {

// Lowercase spellings (ASCII folded; native names keep their non-ASCII letters as written
// by the SIS in lowercase) and their ISO 639-1 code.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"eng", "en"},        {"english", "en"},
    {"spa", "es"},        {"spanish", "es"},
    {"español", "es"},    {"espanol", "es"},
    {"vie", "vi"},        {"vietnamese", "vi"},
    {"tiếng việt", "vi"}, {"por", "pt"},
    {"portuguese", "pt"}, {"português", "pt"},
    {"fra", "fr"},        {"fre", "fr"},
    {"french", "fr"},     {"français", "fr"},
    {"zho", "zh"},        {"chi", "zh"},
    {"chinese", "zh"},    {"mandarin", "zh"},
    {"cantonese", "zh"},  {"ara", "ar"},
    {"arabic", "ar"},     {"hat", "ht"},
    {"haitian", "ht"},    {"haitian creole", "ht"},
    {"kreyòl", "ht"},     {"rus", "ru"},
    {"russian", "ru"},    {"kor", "ko"},
    {"korean", "ko"},     {"som", "so"},
    {"somali", "so"},     {"tgl", "tl"},
    {"tagalog", "tl"},    {"hin", "hi"},
    {"hindi", "hi"},      {"urd", "ur"},
    {"urdu", "ur"},       {"pol", "pl"},
    {"polish", "pl"},     {"deu", "de"},
    {"ger", "de"},        {"german", "de"},
};

std::string LowerAsciiTrimmed(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsAsciiLetters(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

std::string NormalizeLanguage(std::string_view language) {
  const std::string lowered = LowerAsciiTrimmed(language);
  for (const auto& [alias, code] : kAliases) {
    if (lowered == alias) return std::string(code);
  }
  // A BCP 47 tag (or its POSIX writing with '_'): the primary subtag decides.
  const std::string primary = lowered.substr(0, lowered.find_first_of("-_"));
  if (primary.size() == 2 && IsAsciiLetters(primary)) return primary;
  for (const auto& [alias, code] : kAliases) {
    if (primary == alias) return std::string(code);
  }
  return "";
}

std::string ChooseLanguage(std::string_view preferred,
                           const std::vector<std::string>& template_languages,
                           const std::string& default_language) {
  const std::string code = NormalizeLanguage(preferred);
  if (!code.empty() && std::find(template_languages.begin(), template_languages.end(), code) !=
                           template_languages.end()) {
    return code;
  }
  return default_language;
}

}  // namespace nudged
