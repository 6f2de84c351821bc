// Tests of the built-in templates and of TemplateSet: every template renders with the
// optional parts on and off, overrides replace defaults, broken overrides are reported at
// their position, and names pass through exactly as written.

#include "render/template_set.h"

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "render/template_check.h"
#include "tests/support/files.h"

namespace nudged {
namespace {

constexpr Channel kChannels[] = {Channel::kSms, Channel::kVoice, Channel::kEmail, Channel::kLetter};
constexpr MessageKind kKinds[] = {MessageKind::kInitial, MessageKind::kRecurring,
                                  MessageKind::kPraise};

MessageValues Values(MessageKind kind, bool optional_parts) {
  MessageValues values;
  values.first_name = "Michaela";
  values.school_name = "Oakdale Elementary School";
  values.school_phone = "+15554301278";
  values.district_name = "Oakdale School District";
  values.district_phone = "+15554301200";
  if (optional_parts) {  // a school without a signature in the configuration, too
    values.sender_name = "Ms. Smith";
    values.sender_role = "Principal";
  }
  values.absences_period = kind == MessageKind::kPraise ? 1 : 4.5;
  values.absences_total = 13;
  values.period_start = MakeDate(2026, 10, 14);
  values.period_end = MakeDate(2026, 11, 13);
  if (optional_parts) {
    values.average = 2.5;
    values.average_place = values.school_name;
    values.goal = 1;
    values.illness_note = true;
  }
  return values;
}

TemplateSet Defaults() {
  TemplateSet templates;
  std::vector<Diagnostic> diagnostics;
  REQUIRE(TemplateSet::Build(MessagesConfig{}, "nudged.toml", &templates, &diagnostics).ok());
  REQUIRE(diagnostics.empty());
  return templates;
}

TEST_CASE("Every built-in template renders with the optional parts on and off", "[render]") {
  const TemplateSet templates = Defaults();
  for (const char* language : {"en", "es"}) {
    for (Channel channel : kChannels) {
      for (MessageKind kind : kKinds) {
        for (bool optional_parts : {false, true}) {
          INFO(language << " " << ChannelName(channel) << " " << MessageKindName(kind) << " "
                        << optional_parts);
          const MessageValues values = Values(kind, optional_parts);
          RenderedMessage message;
          REQUIRE(templates.Render(channel, language, kind, values, &message).ok());
          const TemplateView view = BuildView(channel, language, values);
          const std::string& count = view.variables.at(
              kind == MessageKind::kInitial ? "absences_total" : "absences_period");
          CHECK(message.body.find("Michaela") != std::string::npos);
          CHECK(message.body.find(count) != std::string::npos);
          CHECK(message.body.find("{{") == std::string::npos);
          CHECK(message.body.find("}}") == std::string::npos);
          // Parts switched off leave no gap: paragraphs are one blank line apart.
          CHECK(message.body.find("\n\n\n") == std::string::npos);
          CHECK(message.subject.empty() == (channel != Channel::kEmail));
          if (kind == MessageKind::kPraise) continue;
          // The goal and the average read the same in every text that has them on.
          const TemplateView on = BuildView(channel, language, Values(kind, true));
          for (const char* part : {"goal_days", "average_days"}) {
            INFO(part);
            const std::string& text = on.variables.at(part);
            CHECK((message.body.find(text) != std::string::npos) == optional_parts);
          }
        }
      }
    }
  }
}

TEST_CASE("Initial, recurring and praise messages say different things", "[render]") {
  const TemplateSet templates = Defaults();
  for (const char* language : {"en", "es"}) {
    for (Channel channel : kChannels) {
      std::vector<std::string> texts;
      for (MessageKind kind : kKinds) {
        RenderedMessage message;
        REQUIRE(templates.Render(channel, language, kind, Values(kind, true), &message).ok());
        texts.push_back(message.body);
      }
      INFO(language << " " << ChannelName(channel));
      CHECK(texts[0] != texts[1]);
      CHECK(texts[1] != texts[2]);
      CHECK(texts[0] != texts[2]);
    }
  }
}

TEST_CASE("Names with apostrophes and non-ASCII letters pass through intact", "[render]") {
  const TemplateSet templates = Defaults();
  for (const char* name : {"D'Angelo", "José", "Zoë", "Nguyễn", "<Renée & Ana>"}) {
    for (Channel channel : kChannels) {
      MessageValues values = Values(MessageKind::kInitial, true);
      values.first_name = name;
      values.school_name = "École Saint-Exupéry";
      RenderedMessage message;
      REQUIRE(templates.Render(channel, "es", MessageKind::kInitial, values, &message).ok());
      INFO(name << " " << ChannelName(channel));
      CHECK(message.body.find(name) != std::string::npos);
      CHECK(message.body.find("École Saint-Exupéry") != std::string::npos);
      CHECK(message.body.find("&#39;") == std::string::npos);
      CHECK(message.body.find("&amp;") == std::string::npos);
    }
  }
}

TEST_CASE("Praise thanks for every day only when no day was missed", "[render]") {
  const TemplateSet templates = Defaults();
  MessageValues values = Values(MessageKind::kPraise, false);
  RenderedMessage message;
  values.absences_period = 0;
  REQUIRE(templates.Render(Channel::kSms, "en", MessageKind::kPraise, values, &message).ok());
  CHECK(message.body.find("every day") != std::string::npos);
  values.absences_period = 1;
  REQUIRE(templates.Render(Channel::kSms, "en", MessageKind::kPraise, values, &message).ok());
  CHECK(message.body.find("every day") == std::string::npos);
  CHECK(message.body.find("missed just 1 day") != std::string::npos);
}

TEST_CASE("An email renders to a subject and a body", "[render]") {
  const RenderedMessage message =
      RenderTemplate("Subject: About {{first_name}}\n\nHello\n", Channel::kEmail, "en",
                     Values(MessageKind::kInitial, false));
  CHECK(message.subject == "About Michaela");
  CHECK(message.body == "Hello\n");
}

TEST_CASE("The variable lists name exactly what the view provides", "[render]") {
  const TemplateView view = BuildView(Channel::kSms, "en", Values(MessageKind::kInitial, true));
  CHECK(view.variables.size() == TemplateVariableNames().size());
  for (std::string_view name : TemplateVariableNames()) {
    CHECK(view.variables.count(std::string(name)) == 1);
  }
  CHECK(view.sections.size() == TemplateSectionNames().size());
  for (std::string_view name : TemplateSectionNames()) {
    CHECK(view.sections.count(std::string(name)) == 1);
  }
}

TEST_CASE("A language without built-in templates has only its overrides", "[render]") {
  MessagesConfig messages;
  messages.languages = {"en", "vi"};
  messages.templates.push_back(
      TemplateOverride{"sms", "vi", "praise", "Cảm ơn {{first_name}}!", "", {40, 1}});
  TemplateSet templates;
  std::vector<Diagnostic> diagnostics;
  REQUIRE(TemplateSet::Build(messages, "nudged.toml", &templates, &diagnostics).ok());
  CHECK(templates.Has(Channel::kSms, "vi", MessageKind::kPraise));
  CHECK_FALSE(templates.Has(Channel::kSms, "vi", MessageKind::kInitial));
  CHECK_FALSE(templates.Has(Channel::kSms, "es", MessageKind::kInitial));
  CHECK(templates.Origin(Channel::kSms, "vi", MessageKind::kPraise).line == 40);
  RenderedMessage message;
  CHECK(templates
            .Render(Channel::kSms, "vi", MessageKind::kPraise, Values(MessageKind::kPraise, false),
                    &message)
            .ok());
  CHECK(message.body == "Cảm ơn Michaela!");
  CHECK(templates
            .Render(Channel::kSms, "vi", MessageKind::kInitial,
                    Values(MessageKind::kInitial, false), &message)
            .IsInvalidArgument());
}

TEST_CASE("An override file is read relative to the configuration", "[render]") {
  const std::filesystem::path dir = testing::NewScratchDirectory("template-set");
  std::ofstream(dir / "praise.mustache") << "Bravo, {{first_name}}!";
  MessagesConfig messages;
  messages.templates.push_back(
      TemplateOverride{"letter", "en", "praise", "", "praise.mustache", {12, 1}});
  messages.templates.push_back(
      TemplateOverride{"letter", "es", "praise", "", "missing.mustache", {15, 1}});
  TemplateSet templates;
  std::vector<Diagnostic> diagnostics;
  const std::string config = (dir / "nudged.toml").string();
  CHECK_FALSE(TemplateSet::Build(messages, config, &templates, &diagnostics).ok());
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].position.line == 15);
  CHECK(diagnostics[0].message.find("cannot read template file") != std::string::npos);

  messages.templates.pop_back();
  diagnostics.clear();
  REQUIRE(TemplateSet::Build(messages, config, &templates, &diagnostics).ok());
  RenderedMessage message;
  REQUIRE(templates
              .Render(Channel::kLetter, "en", MessageKind::kPraise,
                      Values(MessageKind::kPraise, false), &message)
              .ok());
  CHECK(message.body == "Bravo, Michaela!");
}

TEST_CASE("Broken overrides are errors at the override's position", "[render]") {
  struct Row {
    const char* channel;
    const char* body;
    const char* problem;
  };
  const Row rows[] = {
      {"sms", "Hi {{frist_name}}",
       "line 1, column 4: unknown placeholder {{frist_name}} "
       "(did you mean 'first_name'?)"},
      {"sms", "Hi\n{{#goal}}aim", "line 2, column 1: Mustache syntax error: unclosed section"},
      {"sms", "{{#goals}}x{{/goals}}", "unknown section {{#goals}}"},
      {"sms", "{{> footer}}", "partial {{>footer}} is not supported"},
      {"sms", "{{=<% %>=}}", "changing the delimiters is not supported"},
      {"voice", "{{{first_name}}} {{&school_name}} {{! note }}", ""},
      {"email", "Hello {{first_name}}", "starts with a line \"Subject: ...\""},
      {"email", "Subject: Hi\n\n{{first_name}}", ""},
  };
  for (const Row& row : rows) {
    INFO(row.body);
    MessagesConfig messages;
    messages.templates.push_back(
        TemplateOverride{row.channel, "en", "initial", row.body, "", {7, 1}});
    TemplateSet templates;
    std::vector<Diagnostic> diagnostics;
    const Status status = TemplateSet::Build(messages, "nudged.toml", &templates, &diagnostics);
    if (*row.problem == '\0') {
      CHECK(status.ok());
      CHECK(diagnostics.empty());
      continue;
    }
    CHECK(status.IsInvalidArgument());
    REQUIRE(diagnostics.size() == 1);
    CHECK(
        diagnostics[0].ToString().starts_with("nudged.toml:7:1: error: "
                                              "messages.templates."));
    CHECK(diagnostics[0].message.find(row.problem) != std::string::npos);
  }
}

TEST_CASE("Tags are scanned with their kind and position", "[render]") {
  const std::vector<TemplateTag> tags =
      ScanTags("A {{ first_name }}\n{{#goal}}{{{school_name}}}{{/goal}} {{^perfect}}");
  REQUIRE(tags.size() == 5);
  CHECK(tags[0].sigil == '\0');
  CHECK(tags[0].name == "first_name");
  CHECK(tags[0].position.line == 1);
  CHECK(tags[0].position.column == 3);
  CHECK(tags[1].sigil == '#');
  CHECK(tags[1].name == "goal");
  CHECK(tags[1].position.line == 2);
  CHECK(tags[2].sigil == '{');
  CHECK(tags[2].name == "school_name");
  CHECK(tags[3].sigil == '/');
  CHECK(tags[4].sigil == '^');
  CHECK(ScanTags("no tags, {{unclosed").empty());
}

}  // namespace
}  // namespace nudged
