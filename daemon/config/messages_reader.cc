// Implementation details: in [messages.templates] the keys are data (channel, language and
// kind names), so they are walked with TableReader::Keys() rather than read by name. Whether a
// template's language is one of messages.languages is checked by the validator, which sees
// the final language list whatever the order of the keys in the file.

#include <algorithm>

#include <fmt/format.h>

#include "config/section_readers.h"
#include "config/text_checks.h"

namespace nudged {
namespace {

// Reports `name` unless it is in `allowed`; returns whether it is.
bool CheckName(TableReader& parent, const std::string& name,
               const std::vector<std::string_view>& allowed, std::string_view what) {
  if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) return true;
  parent.sink()->Error(
      parent.Position(name),
      fmt::format("{}: unknown {} {}; expected one of: {}{}", parent.PathOf(name), what,
                  Quote(name), fmt::join(allowed, ", "), DidYouMean(name, allowed)));
  return false;
}

void ReadTemplate(TableReader& reader, TemplateOverride* out) {
  out->position = reader.position();
  reader.String("body", &out->body);
  reader.String("file", &out->file);
  if (out->body.empty() == out->file.empty()) {
    reader.sink()->Error(reader.position(),
                         reader.path() + ": set exactly one of body or file (not empty)");
  }
  reader.Finish();
}

// Shape: templates.<channel>.<language>.<kind> = { body | file }.
void ReadTemplates(TableReader& templates, std::vector<TemplateOverride>* out) {
  for (const std::string& channel : templates.Keys()) {
    if (!CheckName(templates, channel, Channels(), "channel")) continue;
    std::optional<TableReader> by_language = templates.Table(channel);
    if (!by_language) continue;
    for (const std::string& language : by_language->Keys()) {
      std::optional<TableReader> by_kind = by_language->Table(language);
      if (!by_kind) continue;
      for (const std::string& kind : by_kind->Keys()) {
        if (!CheckName(*by_kind, kind, Kinds(), "message kind")) continue;
        std::optional<TableReader> text = by_kind->Table(kind);
        if (!text) continue;
        TemplateOverride entry{channel, language, kind, {}, {}, {}};
        ReadTemplate(*text, &entry);
        out->push_back(std::move(entry));
      }
    }
  }
}

void ReadGoal(TableReader& reader, MessagesConfig* out) {
  std::optional<TableReader> goal = reader.Table("goal");
  if (!goal) return;
  goal->Bool("enabled", &out->goal_enabled);
  goal->Int("days", &out->goal_days, 0, 100);
  goal->Finish();
}

}  // namespace

void ReadMessages(TableReader& reader, MessagesConfig* out) {
  reader.Int("praise_threshold", &out->praise_threshold, 0, 100);
  ReadGoal(reader, out);
  reader.Choice("comparison", &out->comparison, {"school", "district", "none"});
  reader.Bool("illness_note", &out->illness_note);
  if (reader.StringList("languages", &out->languages, Languages()) && out->languages.empty()) {
    reader.sink()->Error(reader.Position("languages"),
                         reader.PathOf("languages") + ": must list at least one language");
  }
  if (std::optional<TableReader> templates = reader.Table("templates")) {
    ReadTemplates(*templates, &out->templates);
    templates->Finish();
  }
}

}  // namespace nudged
