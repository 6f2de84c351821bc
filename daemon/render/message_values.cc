// Implementation details: ViewVariable is the one place that decides how each value reads on
// each channel: voice gets spoken forms (half days as fractions, phones digit by digit),
// every other channel the written ones. The name lists below are the contract checked by
// template validation, and BuildView asks ViewVariable and ViewSection for every name in them,
// so a name listed but not handled fails every render test.

#include "render/message_values.h"

#include "render/phrasing.h"

namespace nudged {
namespace {

std::string Signature(const MessageValues& values) {
  if (values.sender_name.empty()) return values.sender_role;
  if (values.sender_role.empty()) return values.sender_name;
  return values.sender_name + ", " + values.sender_role;
}

}  // namespace

std::optional<std::string> ViewVariable(std::string_view name, Channel channel,
                                        std::string_view language, const MessageValues& values) {
  const bool voice = channel == Channel::kVoice;
  const auto days = [&](double value) {
    return voice ? SpeakDays(value, language) : PhraseDays(value, language);
  };
  const auto phone = [&](std::string_view text) {
    return voice ? SpeakPhone(text) : WritePhone(text);
  };
  const auto optional_days = [&](const std::optional<double>& value) {
    return value ? days(*value) : std::string();
  };
  const auto optional_count = [&](const std::optional<double>& value) {
    return value ? FormatCount(*value, language) : std::string();
  };
  if (name == "first_name") return values.first_name;
  if (name == "school_name") return values.school_name;
  if (name == "school_phone") return phone(values.school_phone);
  if (name == "district_name") return values.district_name;
  if (name == "district_phone") return phone(values.district_phone);
  if (name == "sender_name") return values.sender_name;
  if (name == "sender_role") return values.sender_role;
  if (name == "signature") return Signature(values);
  if (name == "absences_period") return days(values.absences_period);
  if (name == "absences_total") return days(values.absences_total);
  if (name == "absences_period_number") return FormatCount(values.absences_period, language);
  if (name == "absences_total_number") return FormatCount(values.absences_total, language);
  if (name == "period_start") return PhraseDate(values.period_start, language);
  if (name == "period_end") return PhraseDate(values.period_end, language);
  if (name == "average_days") return optional_days(values.average);
  if (name == "average_number") return optional_count(values.average);
  if (name == "average_place") return values.average_place;
  if (name == "goal_days") return optional_days(values.goal);
  if (name == "goal_number") return optional_count(values.goal);
  return std::nullopt;
}

std::optional<bool> ViewSection(std::string_view name, const MessageValues& values) {
  if (name == "goal") return values.goal.has_value();
  if (name == "average") return values.average.has_value();
  if (name == "illness_note") return values.illness_note;
  if (name == "sender") return !Signature(values).empty();
  if (name == "perfect") return values.absences_period == 0;
  return std::nullopt;
}

TemplateView BuildView(Channel channel, std::string_view language, const MessageValues& values) {
  TemplateView view;
  for (std::string_view name : TemplateVariableNames()) {
    view.variables.emplace(name, ViewVariable(name, channel, language, values).value());
  }
  for (std::string_view name : TemplateSectionNames()) {
    view.sections.emplace(name, ViewSection(name, values).value());
  }
  return view;
}

const std::vector<std::string_view>& TemplateVariableNames() {
  static const std::vector<std::string_view> kNames = {"first_name",
                                                       "school_name",
                                                       "school_phone",
                                                       "district_name",
                                                       "district_phone",
                                                       "sender_name",
                                                       "sender_role",
                                                       "signature",
                                                       "absences_period",
                                                       "absences_total",
                                                       "absences_period_number",
                                                       "absences_total_number",
                                                       "period_start",
                                                       "period_end",
                                                       "average_days",
                                                       "average_number",
                                                       "average_place",
                                                       "goal_days",
                                                       "goal_number"};
  return kNames;
}

const std::vector<std::string_view>& TemplateSectionNames() {
  static const std::vector<std::string_view> kNames = {"goal", "average", "illness_note", "sender",
                                                       "perfect"};
  return kNames;
}

}  // namespace nudged
