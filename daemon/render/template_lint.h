// The template checks of `nudged check-config`: builds the TemplateSet of a configuration
// and renders every template (each channel x language x kind) with sample values, so that
// problems show up when IT edits the file, not on the evening a wave goes out.
//
// Pure apart from reading override files (TemplateSet::Build). Thread-safe.

#ifndef NUDGED_RENDER_TEMPLATE_LINT_H_
#define NUDGED_RENDER_TEMPLATE_LINT_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "config/diagnostic.h"
#include "render/message_values.h"

namespace nudged {

// Returns the diagnostics of the templates of `config`, naming `config_path`:
// - errors from TemplateSet::Build (unknown placeholders, Mustache syntax errors, unreadable
//   files) at the override's position;
// - a warning for an SMS that renders to more than 3 segments, or a voice text longer than
//   the <Say> limit, with the count, e.g. "sms/es/initial renders to 4 segments (UCS-2,
//   243 characters); keep SMS within 3". Lengths are measured with the optional sections
//   as the configuration sets them (goal, average, illness note), and both praise wordings.
std::vector<Diagnostic> LintTemplates(const Config& config, const std::string& config_path);

// Returns typical values for a message of `kind` from this configuration (the first school's
// name, phone and sender), with the optional sections as the configuration sets them.
MessageValues SampleValues(const Config& config, MessageKind kind);

}  // namespace nudged

#endif  // NUDGED_RENDER_TEMPLATE_LINT_H_
