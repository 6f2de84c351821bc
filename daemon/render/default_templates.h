// The built-in message templates: one per channel x language x kind for English ("en") and
// Spanish ("es"), written after the examples of the NCRERN guide. Each carries the guide's
// four core components (the student's name and the school, the absences, why attendance
// matters, an invitation to call) and the optional goal, average and illness note as
// Mustache sections ({{#goal}}, {{#average}}, {{#illness_note}}) that the values switch on.
// Praise templates thank the family and leave out the goal, the average and the illness
// note, as the guide's praise example does.
//
// Email templates start with a "Subject: ..." line and a blank line (see template_set.h).
// The variables they use are listed in message_values.h. Static data; thread-safe.

#ifndef NUDGED_RENDER_DEFAULT_TEMPLATES_H_
#define NUDGED_RENDER_DEFAULT_TEMPLATES_H_

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "nudged/message.h"

namespace nudged {

// Templates of one language, indexed [channel][kind] in the order of the enums.
using DefaultTemplateTable = std::array<std::array<std::string_view, 3>, 4>;

// Returns the languages that have built-in templates: "en", "es".
const std::vector<std::string_view>& DefaultTemplateLanguages();

// Returns the built-in template, or nullopt when `language` has none.
std::optional<std::string_view> DefaultTemplate(Channel channel, std::string_view language,
                                                MessageKind kind);

// The tables themselves, defined one language per file.
extern const DefaultTemplateTable kEnglishTemplates;
extern const DefaultTemplateTable kSpanishTemplates;

}  // namespace nudged

#endif  // NUDGED_RENDER_DEFAULT_TEMPLATES_H_
