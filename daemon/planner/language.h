// Which template language a caregiver gets. The SIS holds preferred languages in many
// writings: BCP 47 tags ("es", "es-MX", "zh-Hant-TW"), ISO 639-2/3 codes as Ed-Fi
// LanguageDescriptors carry them ("spa", "eng"), or English and native names ("Spanish",
// "Español"). Templates are keyed by ISO 639-1 codes ("en", "es"), as [messages] languages.
// Pure functions over values; thread-safe.

#ifndef NUDGED_PLANNER_LANGUAGE_H_
#define NUDGED_PLANNER_LANGUAGE_H_

#include <string>
#include <string_view>
#include <vector>

namespace nudged {

// Returns the two-letter ISO 639-1 code of `language`, lowercase: the primary subtag of a
// BCP 47 tag ("es-MX" -> "es", "pt_BR" -> "pt"), a known ISO 639-2/3 code ("spa" -> "es"), or a
// known English or native name ("Spanish", "Español"). ASCII letters compare in any case;
// non-ASCII letters of native names must be lowercase. Returns "" when the value is blank or
// not recognised.
std::string NormalizeLanguage(std::string_view language);

// Returns the language a message is written in: NormalizeLanguage(preferred) when it is one of
// `template_languages`, else `default_language`.
std::string ChooseLanguage(std::string_view preferred,
                           const std::vector<std::string>& template_languages,
                           const std::string& default_language);

}  // namespace nudged

#endif  // NUDGED_PLANNER_LANGUAGE_H_
