// Implementation details: the texts live in one file per language (default_templates_en.cc,
// default_templates_es.cc) so each reads as a whole; this file only maps a language code to
// its table and the enums to indexes.

#include "render/default_templates.h"

namespace nudged {

const std::vector<std::string_view>& DefaultTemplateLanguages() {
  static const std::vector<std::string_view> kLanguages = {"en", "es"};
  return kLanguages;
}

std::optional<std::string_view> DefaultTemplate(Channel channel, std::string_view language,
                                                MessageKind kind) {
  const DefaultTemplateTable* table = nullptr;
  if (language == "en") table = &kEnglishTemplates;
  if (language == "es") table = &kSpanishTemplates;
  if (table == nullptr) return std::nullopt;
  return (*table)[static_cast<size_t>(channel)][static_cast<size_t>(kind)];
}

}  // namespace nudged
