// Implementation details: the qualification checks run first and end in one skip row; a
// qualifying student's counts and kind are computed once and shared by its message rows. The
// template language is the one planner/contacts.h chose when a template exists for the channel
// and kind, else the district default, so a language listed in [messages] but lacking a
// template for one channel still gets a message.

#include "plan/student_plan.h"

#include <algorithm>
#include <chrono>

#include "planner/kind.h"
#include "render/message_values.h"

namespace nudged {
namespace {

bool Listed(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

std::string_view QualifySkip(const StudentSnapshot& student, const PlanSettings& settings) {
  const Config& config = *settings.config;
  if (!Listed(config.audience.schools, student.school_id) ||
      !Listed(config.audience.grades, student.grade)) {
    return kSkipNotInAudience;
  }
  if (student.entry_date > settings.wave_date ||
      (student.exit_date && *student.exit_date < settings.wave_date)) {
    return kSkipNotEnrolledOnWaveDate;
  }
  if (student.days_enrolled < config.cadence.min_enrolled_instructional_days) {
    return kSkipNotEnrolledLongEnough;
  }
  if (student.arm == Arm::kControl) return kSkipControlGroup;
  return {};
}

const SchoolConfig* FindSchool(const Config& config, const std::string& school_id) {
  for (const SchoolConfig& school : config.schools) {
    if (school.id == school_id) return &school;
  }
  return nullptr;
}

// The values every message about the student shares; the caller adds nothing per contact.
MessageValues StudentValues(const StudentSnapshot& student, const StudentMirror& mirror,
                            const PlanSettings& settings, const PlanRow& counts) {
  const Config& config = *settings.config;
  const SchoolConfig* school = FindSchool(config, student.school_id);
  MessageValues values;
  values.first_name = mirror.first_name;
  values.school_name = school && !school->name.empty() ? school->name : [&] {
    auto it = settings.mirror_school_names.find(student.school_id);
    return it == settings.mirror_school_names.end() ? std::string() : it->second;
  }();
  values.school_phone =
      school && !school->phone.empty() ? school->phone : config.district.phone;
  values.district_name = config.district.name;
  values.district_phone = config.district.phone;
  if (school) {
    values.sender_name = school->sender_name;
    values.sender_role = school->sender_role;
  }
  values.absences_period = *counts.absences_period;
  values.absences_total = *counts.absences_total;
  values.period_start = std::max(settings.period_first_day, student.entry_date);
  values.period_end = settings.count_through;
  values.average = counts.average;
  values.average_place =
      config.messages.comparison == "district" ? config.district.name : values.school_name;
  if (counts.goal) values.goal = *counts.goal;
  values.illness_note = config.messages.illness_note;
  return values;
}

// Returns the average the message compares the student with: of the same span of days as the
// count the message reports (the year's total for an initial message, else the period).
std::optional<double> AverageFor(const StudentSnapshot& student, MessageKind kind,
                                 const PlanSettings& settings) {
  const std::string& comparison = settings.config->messages.comparison;
  std::optional<GroupAverage> group;
  if (comparison == "district") {
    group = settings.averages.district;
  } else if (comparison == "school") {
    auto it = settings.averages.by_school.find(student.school_id);
    if (it != settings.averages.by_school.end()) group = it->second;
  }
  if (!group) return std::nullopt;
  return kind == MessageKind::kInitial ? group->total : group->period;
}

Status RenderRow(const PlannedContact& contact, const MessageValues& values,
                 const PlanSettings& settings, PlanRow* row) {
  const std::string& fallback = settings.config->district.default_language;
  row->language = settings.templates->Has(contact.channel, contact.language, *row->kind)
                      ? contact.language
                      : fallback;
  RenderedMessage rendered;
  Status status = settings.templates->Render(contact.channel, row->language, *row->kind,
                                             values, &rendered);
  if (!status.ok()) return status;
  row->text = rendered.subject.empty()
                  ? std::move(rendered.body)
                  : "Subject: " + rendered.subject + "\n\n" + rendered.body;
  return Status::Ok();
}

}  // namespace

StudentDraft DraftStudent(const StudentSnapshot& student, const StudentMirror& mirror,
                          const PlanSettings& settings) {
  StudentDraft draft;
  PlanRow& base = draft.base;
  base.student_id = student.student_id;
  base.school_id = student.school_id;
  const std::string_view early = QualifySkip(student, settings);
  const bool qualifies = early.empty() || early == kSkipControlGroup;
  if (qualifies) {
    const double period = std::max(0.0, student.absences_through - student.absences_previous);
    const MessagesConfig& messages = settings.config->messages;
    const MessageKind kind =
        ChooseKind(student.messages_received, period, messages.praise_threshold);
    base.absences_period = period;
    base.absences_total = student.absences_through;
    base.average = AverageFor(student, kind, settings);
    base.goal = ChooseGoal(messages, kind, period);
    base.kind = kind;
  }
  const auto skip = [&](std::string_view reason) {
    PlanRow row = std::move(base);
    row.kind.reset();
    row.skip_reason = reason;
    row.text = std::string(reason);
    draft.outcome.rows.push_back(std::move(row));
    return std::move(draft);
  };
  if (!early.empty()) return skip(early);
  ContactPlan contacts = PlanContacts(mirror.caregivers, *settings.opt_outs, settings.rules);
  draft.outcome.contacts_considered = static_cast<int>(mirror.caregivers.size());
  draft.outcome.contacts_without_channel = static_cast<int>(
      std::count_if(contacts.skipped.begin(), contacts.skipped.end(),
                    [](const SkippedContact& s) { return s.reason == kSkipNoUsableChannel; }));
  if (contacts.messages.empty()) return skip(contacts.skip_reason);
  draft.messages = std::move(contacts.messages);
  return draft;
}

StudentOutcome RenderStudent(StudentDraft draft, const StudentSnapshot& student,
                             const StudentMirror& mirror, const PlanSettings& settings,
                             Status* status) {
  *status = Status::Ok();
  StudentOutcome outcome = std::move(draft.outcome);
  if (draft.messages.empty()) return outcome;
  const MessageValues values = StudentValues(student, mirror, settings, draft.base);
  // Shape: one rendered row per planned contact, in the planner's order.
  for (PlannedContact& contact : draft.messages) {
    PlanRow row = draft.base;
    row.channel = contact.channel;
    *status = RenderRow(contact, values, settings, &row);
    if (!status->ok()) return {};
    row.contact_id = std::move(contact.contact_id);
    row.recipient = std::move(contact.recipient);
    outcome.rows.push_back(std::move(row));
  }
  return outcome;
}

StudentOutcome PlanStudent(const StudentSnapshot& student, const StudentMirror& mirror,
                           const PlanSettings& settings, Status* status) {
  return RenderStudent(DraftStudent(student, mirror, settings), student, mirror, settings, status);
}

}  // namespace nudged
