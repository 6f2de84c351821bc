// Implementation details: BuildView is the one place that decides how each value reads on
// each channel: voice gets spoken forms (half days as fractions, phones digit by digit),
// every other channel the written ones. The name lists below are the contract checked by
// template validation, so a variable added to BuildView must be added to them too (a test
// compares them).

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

TemplateView BuildView(Channel channel, std::string_view language, const MessageValues& values) {
  const bool voice = channel == Channel::kVoice;
  const auto days = [&](double value) {
    return voice ? SpeakDays(value, language) : PhraseDays(value, language);
  };
  const auto phone = [&](std::string_view text) {
    return voice ? SpeakPhone(text) : WritePhone(text);
  };
  TemplateView view;
  auto& v = view.variables;
  v["first_name"] = values.first_name;
  v["school_name"] = values.school_name;
  v["school_phone"] = phone(values.school_phone);
  v["district_name"] = values.district_name;
  v["district_phone"] = phone(values.district_phone);
  v["sender_name"] = values.sender_name;
  v["sender_role"] = values.sender_role;
  v["signature"] = Signature(values);
  v["absences_period"] = days(values.absences_period);
  v["absences_total"] = days(values.absences_total);
  v["absences_period_number"] = FormatCount(values.absences_period, language);
  v["absences_total_number"] = FormatCount(values.absences_total, language);
  v["period_start"] = PhraseDate(values.period_start, language);
  v["period_end"] = PhraseDate(values.period_end, language);
  v["average_days"] = values.average ? days(*values.average) : "";
  v["average_number"] = values.average ? FormatCount(*values.average, language) : "";
  v["average_place"] = values.average_place;
  v["goal_days"] = values.goal ? days(*values.goal) : "";
  v["goal_number"] = values.goal ? FormatCount(*values.goal, language) : "";
  view.sections = {{"goal", values.goal.has_value()},
                   {"average", values.average.has_value()},
                   {"illness_note", values.illness_note},
                   {"sender", !Signature(values).empty()},
                   {"perfect", values.absences_period == 0}};
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
