// Static checks of one template's text, run once when the templates are loaded: Mustache
// syntax, placeholders that are not in the variable list (message_values.h), tags nudged
// does not support, and the subject line of email templates.
//
// Pure functions; thread-safe. Positions are 1-based line and column inside the template
// text, so a problem in a long `file` override can be found.

#ifndef NUDGED_RENDER_TEMPLATE_CHECK_H_
#define NUDGED_RENDER_TEMPLATE_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"
#include "nudged/message.h"

namespace nudged {

// One {{...}} tag of a template. `sigil` is the character that gives the tag its meaning
// ('#', '^', '/', '&', '!', '>', '=', '{') or '\0' for a plain variable.
struct TemplateTag {
  char sigil = '\0';
  std::string name;
  SourcePosition position;
};

// Returns the tags of `text` in order, assuming the default {{ }} delimiters. A tag left
// unclosed ends the scan (the syntax check reports it).
std::vector<TemplateTag> ScanTags(std::string_view text);

// Returns the problems of a template for `channel`, each as a message such as
// "line 2, column 5: unknown placeholder {{frist_name}}"; empty when the template is usable.
// Checks, in order: Mustache syntax (via kainjow; nothing else is checked after a syntax
// error), unknown variable and section names, partials and delimiter changes (unsupported:
// templates are self-contained), and for email a first line "Subject: ...".
std::vector<std::string> CheckTemplate(std::string_view text, Channel channel);

// Returns the 1-based line and column of byte `offset` in `text`, counting columns in bytes
// as the TOML diagnostics do.
SourcePosition PositionOf(std::string_view text, size_t offset);

}  // namespace nudged

#endif  // NUDGED_RENDER_TEMPLATE_CHECK_H_
