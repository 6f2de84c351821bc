// Implementation details: the set is a map from (channel, language, kind) to the template
// text, filled with the built-in templates first and then overwritten by the overrides, so
// an override wins whatever its order in the file. Every override is checked with
// CheckTemplate before it is stored and all problems are reported, not only the first.
// Once all are stored, each is parsed into a kainjow template kept beside its text, with
// kainjow's HTML escaper replaced by the identity, because every channel is plain text.
// Rendering looks the values up through LazyView and renders the parsed template under its
// mutex; RenderTemplate, for checks and tests, parses its text on each call.

#include "render/template_set.h"

#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "render/default_templates.h"
#include "render/template_check.h"

namespace nudged {
namespace {

namespace mustache = kainjow::mustache;

// Reads an override's text into *text; returns an error message, or "" on success.
std::string ReadOverride(const TemplateOverride& entry, const std::string& config_path,
                         std::string* text) {
  if (entry.file.empty()) {
    *text = entry.body;
    return "";
  }
  std::filesystem::path path(entry.file);
  if (path.is_relative()) path = std::filesystem::path(config_path).parent_path() / path;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in || in.bad() || std::filesystem::is_directory(path)) {
    return fmt::format("cannot read template file {}", path.string());
  }
  *text = contents.str();
  return "";
}

// Splits "Subject: S\n\nBODY" into its parts; text without the line is all body.
RenderedMessage SplitSubject(std::string text) {
  constexpr std::string_view kSubject = "Subject: ";
  RenderedMessage message;
  if (!text.starts_with(kSubject)) {
    message.body = std::move(text);
    return message;
  }
  const size_t end = text.find('\n');
  message.subject = text.substr(kSubject.size(), end - kSubject.size());
  if (end == std::string::npos) return message;
  size_t body = end + 1;
  if (text.compare(body, 1, "\n") == 0) ++body;
  message.body = text.substr(body);
  return message;
}

// Returns a template of `text` that renders without escaping.
mustache::mustache Parse(std::string_view text) {
  mustache::mustache parsed{std::string(text)};
  parsed.set_custom_escape([](const std::string& plain) { return plain; });
  return parsed;
}

// Collapses runs of blank lines into one. kainjow does not drop the line of a standalone
// section tag as the Mustache spec asks, so a section switched off (no goal, no sender) would
// leave an extra blank line in an email or a letter.
std::string CollapseBlankLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool third_newline = c == '\n' && out.size() >= 2 && out[out.size() - 1] == '\n' &&
                               out[out.size() - 2] == '\n';
    if (!third_newline) out += c;
  }
  return out;
}

// The view of one message as kainjow looks it up: each variable or section is phrased when a
// template first asks for it and kept for the rest of the render. A template uses a handful of
// the names, and building the whole view into a kainjow object per message (a hash map of two
// dozen strings) was most of the rendering cost at a wave of a million messages.
class LazyView : public mustache::basic_context<std::string> {
 public:
  LazyView(Channel channel, std::string_view language, const MessageValues& values)
      : channel_(channel), language_(language), values_(values) {}

  void push(const mustache::data* data) override { sections_.push_back(data); }
  void pop() override { sections_.pop_back(); }

  const mustache::data* get(const std::string& name) const override {
    // Inside a section, its own data comes first (a section of ours is a flag: no names).
    for (auto it = sections_.rbegin(); it != sections_.rend(); ++it) {
      if (const mustache::data* found = (*it)->get(name)) return found;
    }
    for (const auto& [known, value] : phrased_) {
      if (known == name) return &value;
    }
    if (std::optional<std::string> text = ViewVariable(name, channel_, language_, values_)) {
      return &phrased_.emplace_back(name, mustache::data(*text)).second;
    }
    if (std::optional<bool> on = ViewSection(name, values_)) {
      return &phrased_
                  .emplace_back(name, mustache::data(*on ? mustache::data::type::bool_true
                                                         : mustache::data::type::bool_false))
                  .second;
    }
    return nullptr;
  }

  const mustache::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  const Channel channel_;
  const std::string_view language_;
  const MessageValues& values_;
  std::vector<const mustache::data*> sections_;
  // A deque, so the addresses handed to kainjow stay valid as names are added.
  mutable std::deque<std::pair<std::string, mustache::data>> phrased_;
};

// Renders `parsed` with the view of `values`, splitting off an email's subject.
RenderedMessage RenderParsed(mustache::mustache& parsed, Channel channel,
                             std::string_view language, const MessageValues& values) {
  LazyView view(channel, language, values);
  std::string rendered = CollapseBlankLines(parsed.render(view));
  if (channel != Channel::kEmail) return RenderedMessage{{}, std::move(rendered)};
  return SplitSubject(std::move(rendered));
}

}  // namespace

struct TemplateSet::Parsed {
  explicit Parsed(std::string_view text) : tmpl(Parse(text)) {}
  std::mutex mutex;
  mustache::mustache tmpl;  // GUARDED_BY(mutex): kainjow's render is not const
};

std::map<TemplateSet::Key, TemplateSet::Entry> TemplateSet::Defaults(
    const std::vector<std::string>& languages) {
  std::map<Key, Entry> templates;
  for (const std::string& language : languages) {
    for (Channel channel : {Channel::kSms, Channel::kVoice, Channel::kEmail, Channel::kLetter}) {
      for (MessageKind kind :
           {MessageKind::kInitial, MessageKind::kRecurring, MessageKind::kPraise}) {
        if (auto text = DefaultTemplate(channel, language, kind)) {
          templates[{channel, language, kind}] = Entry{std::string(*text), {}, nullptr};
        }
      }
    }
  }
  return templates;
}

Status TemplateSet::Build(const MessagesConfig& messages, const std::string& config_path,
                          TemplateSet* out, std::vector<Diagnostic>* diagnostics) {
  std::map<Key, Entry> templates = Defaults(messages.languages);
  int errors = 0;
  for (const TemplateOverride& entry : messages.templates) {
    const std::optional<Channel> channel = ParseChannel(entry.channel);
    const std::optional<MessageKind> kind = ParseMessageKind(entry.kind);
    if (!channel || !kind) continue;  // the configuration validator reported it
    const std::string where =
        fmt::format("messages.templates.{}.{}.{}", entry.channel, entry.language, entry.kind);
    const auto report = [&](const std::string& problem) {
      diagnostics->push_back(Diagnostic{Diagnostic::Severity::kError, config_path, entry.position,
                                        where + ": " + problem});
      ++errors;
    };
    std::string text;
    if (std::string problem = ReadOverride(entry, config_path, &text); !problem.empty()) {
      report(problem);
      continue;
    }
    const std::string source = entry.file.empty() ? "" : fmt::format("file {}, ", entry.file);
    for (const std::string& problem : CheckTemplate(text, *channel)) report(source + problem);
    templates[{*channel, entry.language, *kind}] = Entry{std::move(text), entry.position, nullptr};
  }
  *out = TemplateSet();
  if (errors > 0) {
    return Status::InvalidArgument(fmt::format("{} problems in message templates", errors));
  }
  for (auto& [key, entry] : templates) entry.parsed = std::make_shared<Parsed>(entry.text);
  out->templates_ = std::move(templates);
  return Status::Ok();
}

TemplateSet TemplateSet::Clone() const {
  TemplateSet clone;
  clone.templates_ = templates_;
  for (auto& [key, entry] : clone.templates_) entry.parsed = std::make_shared<Parsed>(entry.text);
  return clone;
}

const TemplateSet::Entry* TemplateSet::FindEntry(Channel channel, std::string_view language,
                                                 MessageKind kind) const {
  auto it = templates_.find({channel, std::string(language), kind});
  return it == templates_.end() ? nullptr : &it->second;
}

const std::string* TemplateSet::Find(Channel channel, std::string_view language,
                                     MessageKind kind) const {
  const Entry* entry = FindEntry(channel, language, kind);
  return entry == nullptr ? nullptr : &entry->text;
}

bool TemplateSet::Has(Channel channel, std::string_view language, MessageKind kind) const {
  return Find(channel, language, kind) != nullptr;
}

SourcePosition TemplateSet::Origin(Channel channel, std::string_view language,
                                   MessageKind kind) const {
  auto it = templates_.find({channel, std::string(language), kind});
  return it == templates_.end() ? SourcePosition{} : it->second.origin;
}

Status TemplateSet::Render(Channel channel, std::string_view language, MessageKind kind,
                           const MessageValues& values, RenderedMessage* out) const {
  const Entry* entry = FindEntry(channel, language, kind);
  if (entry == nullptr) {
    return Status::InvalidArgument(fmt::format("no {} template for {} in language {}",
                                               MessageKindName(kind), ChannelName(channel),
                                               language));
  }
  std::lock_guard<std::mutex> lock(entry->parsed->mutex);
  *out = RenderParsed(entry->parsed->tmpl, channel, language, values);
  return Status::Ok();
}

RenderedMessage RenderTemplate(std::string_view text, Channel channel, std::string_view language,
                               const MessageValues& values) {
  mustache::mustache parsed = Parse(text);
  return RenderParsed(parsed, channel, language, values);
}

}  // namespace nudged
