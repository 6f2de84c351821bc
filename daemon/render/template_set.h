// The message templates in use: the built-in ones (default_templates.h) with the
// configuration's overrides in place, checked once at startup, and the renderer that turns a
// template and a MessageValues into the text of one message.
//
// Rendering is pure: values in, text out. The only I/O is reading an override's `file`, once,
// in Build. Output is plain text: nothing is HTML-escaped ("D'Angelo" stays as written) and
// UTF-8 passes through unchanged; voice text is escaped for XML by the provider client, not
// here. Email templates start with "Subject: ...", a line of its own, then a blank line: the
// renderer returns that line's text as the subject and the rest as the body.
//
// Each template is parsed once, in Build, and the parsed form is reused by every Render: at a
// wave of a million students the parse was most of the rendering cost.
//
// Thread-safe after Build: Render is const; a parsed template is rendered under its own mutex
// (kainjow's renderer is not const), so concurrent renders of one template run one at a time and
// renders of different templates in parallel. Copies share the parsed templates.

#ifndef NUDGED_RENDER_TEMPLATE_SET_H_
#define NUDGED_RENDER_TEMPLATE_SET_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "config/config.h"
#include "config/diagnostic.h"
#include "nudged/message.h"
#include "nudged/status.h"
#include "render/message_values.h"

namespace nudged {

struct RenderedMessage {
  std::string subject;  // email only; empty for the other channels
  std::string body;
};

class TemplateSet {
 public:
  TemplateSet() = default;

  // Builds the set for `messages`: the built-in templates of each of messages.languages that
  // has them, replaced by the overrides. `config_path` names the configuration file in the
  // diagnostics; an override's relative `file` is read from that file's directory.
  // Appends one error per problem (unreadable file, syntax error, unknown placeholder...) to
  // *diagnostics, at the override's position, and returns InvalidArgument when there is any;
  // *out is then left empty. REQUIRES: `messages` passed the configuration validator.
  static Status Build(const MessagesConfig& messages, const std::string& config_path,
                      TemplateSet* out, std::vector<Diagnostic>* diagnostics);

  // Returns a set with the same templates, parsed anew: rendering from one set takes a lock per
  // template, so each thread that renders many messages should use its own clone.
  TemplateSet Clone() const;

  // Returns whether there is a template for this channel, language and kind. A language
  // without built-in templates has only the ones its overrides give.
  bool Has(Channel channel, std::string_view language, MessageKind kind) const;

  // Renders one message into *out. Returns InvalidArgument when Has() is false.
  Status Render(Channel channel, std::string_view language, MessageKind kind,
                const MessageValues& values, RenderedMessage* out) const;

  // Returns the template text itself, or nullptr when Has() is false.
  const std::string* Find(Channel channel, std::string_view language, MessageKind kind) const;

  // Where a template came from: the override's position, or position 0:0 for a built-in one.
  SourcePosition Origin(Channel channel, std::string_view language, MessageKind kind) const;

 private:
  using Key = std::tuple<Channel, std::string, MessageKind>;
  struct Parsed;  // the kainjow template and its mutex; defined in template_set.cc
  struct Entry {
    std::string text;
    SourcePosition origin;
    std::shared_ptr<Parsed> parsed;  // set by Build for every entry
  };

  // Returns the entry for the key, or nullptr.
  const Entry* FindEntry(Channel channel, std::string_view language, MessageKind kind) const;

  // Returns the built-in templates of `languages`.
  static std::map<Key, Entry> Defaults(const std::vector<std::string>& languages);

  std::map<Key, Entry> templates_;
};

// Renders `text` as a template for `channel` with the view of `values`. Exposed for the
// checks of check-config and for tests; TemplateSet::Render is the usual entry point.
// REQUIRES: CheckTemplate(text, channel) found no problem.
RenderedMessage RenderTemplate(std::string_view text, Channel channel, std::string_view language,
                               const MessageValues& values);

}  // namespace nudged

#endif  // NUDGED_RENDER_TEMPLATE_SET_H_
