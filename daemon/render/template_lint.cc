// Implementation details: sample values mirror a typical message: the guide's example
// student ("Michaela"), counts with a half day so the longest phrasing is measured, and the
// first school's real name and phone, since school names are what make an SMS too long.
// Each template is measured once per praise wording (a perfect period or not) and the longer
// result is reported, so one template gives at most one warning.

#include "render/template_lint.h"

#include <algorithm>

#include <fmt/format.h>

#include "render/message_length.h"
#include "render/template_set.h"

namespace nudged {
namespace {

constexpr int kMaxSmsSegments = 3;

std::string LengthWarning(Channel channel, const std::string& label, const std::string& text) {
  if (channel == Channel::kSms) {
    const SmsLength length = MeasureSms(text);
    if (length.segments <= kMaxSmsSegments) return "";
    return fmt::format("{} renders to {} segments ({}, {} characters); keep SMS within {}", label,
                       length.segments, EncodingName(length.encoding), length.characters,
                       kMaxSmsSegments);
  }
  if (channel == Channel::kVoice) {
    const int characters = CountCharacters(text);
    if (characters <= kVoiceSayLimit) return "";
    return fmt::format("{} renders to {} characters; the provider reads at most {} in one call",
                       label, characters, kVoiceSayLimit);
  }
  return "";
}

// Renders one template with both praise wordings and returns the longer text.
std::string LongestRendering(const TemplateSet& templates, const Config& config, Channel channel,
                             const std::string& language, MessageKind kind) {
  std::string longest;
  for (double period : {0.0, 1.5}) {
    MessageValues values = SampleValues(config, kind);
    if (kind == MessageKind::kPraise) values.absences_period = period;
    RenderedMessage message;
    if (!templates.Render(channel, language, kind, values, &message).ok()) continue;
    if (message.body.size() > longest.size()) longest = std::move(message.body);
  }
  return longest;
}

}  // namespace

MessageValues SampleValues(const Config& config, MessageKind kind) {
  const MessagesConfig& messages = config.messages;
  MessageValues values;
  values.first_name = "Michaela";
  values.district_name = config.district.name;
  values.district_phone = config.district.phone;
  values.school_name = config.district.name;
  values.school_phone = config.district.phone;
  if (!config.schools.empty()) {
    const SchoolConfig& school = config.schools.front();
    if (!school.name.empty()) values.school_name = school.name;
    if (!school.phone.empty()) values.school_phone = school.phone;
    values.sender_name = school.sender_name;
    values.sender_role = school.sender_role;
  }
  values.absences_period = kind == MessageKind::kPraise ? 1 : 3.5;
  values.absences_total = kind == MessageKind::kInitial ? values.absences_period : 7.5;
  values.period_start = config.calendar.first_day;
  values.period_end = config.calendar.first_day + std::chrono::days(30);
  if (messages.comparison != "none") {
    values.average = 2.5;
    values.average_place =
        messages.comparison == "district" ? values.district_name : values.school_name;
  }
  if (messages.goal_enabled) values.goal = messages.goal_days > 0 ? messages.goal_days : 1.5;
  values.illness_note = messages.illness_note;
  return values;
}

std::vector<Diagnostic> LintTemplates(const Config& config, const std::string& config_path) {
  std::vector<Diagnostic> diagnostics;
  TemplateSet templates;
  if (!TemplateSet::Build(config.messages, config_path, &templates, &diagnostics).ok()) {
    return diagnostics;
  }
  // Shape: every channel x language x kind that has a template, rendered and measured.
  for (const std::string& language : config.messages.languages) {
    for (Channel channel : {Channel::kSms, Channel::kVoice, Channel::kEmail, Channel::kLetter}) {
      for (MessageKind kind :
           {MessageKind::kInitial, MessageKind::kRecurring, MessageKind::kPraise}) {
        if (!templates.Has(channel, language, kind)) continue;
        const std::string label =
            fmt::format("{}/{}/{}", ChannelName(channel), language, MessageKindName(kind));
        const std::string warning = LengthWarning(
            channel, label, LongestRendering(templates, config, channel, language, kind));
        if (warning.empty()) continue;
        diagnostics.push_back(Diagnostic{Diagnostic::Severity::kWarning, config_path,
                                         templates.Origin(channel, language, kind), warning});
      }
    }
  }
  return diagnostics;
}

}  // namespace nudged
