// Implementation details: numbers go through fmt's shortest round-trip form, so 2.0 prints "2"
// and 2.5 "2.5" in CSV; JSON goes through nlohmann::json so escaping is the library's job. A
// recipient is masked by its channel: phone numbers with MaskPhone, email addresses with
// MaskEmail; a letter's recipient is the word "address" and stays.

#include "plan/plan_report.h"

#include <fmt/format.h>

#include "common/csv.h"
#include "common/log_value.h"
#include "common/mask.h"

namespace nudged {
namespace {

std::string Number(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : std::string();
}

std::string Recipient(const PlanRow& row, bool show_recipients) {
  if (show_recipients || !row.channel) return row.recipient;
  switch (*row.channel) {
    case Channel::kSms:
    case Channel::kVoice:
      return MaskPhone(row.recipient);
    case Channel::kEmail:
      return MaskEmail(row.recipient);
    case Channel::kLetter:
      break;
  }
  return row.recipient;
}

std::string KindText(const PlanRow& row) {
  return row.kind ? std::string(MessageKindName(*row.kind)) : "skipped";
}

std::string ChannelText(const PlanRow& row) {
  return row.channel ? std::string(ChannelName(*row.channel)) : std::string();
}

nlohmann::json JsonNumber(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

void PlanSummary::Add(const StudentOutcome& outcome) {
  ++students;
  contacts_considered += outcome.contacts_considered;
  contacts_without_channel += outcome.contacts_without_channel;
  for (const PlanRow& row : outcome.rows) {
    if (!row.kind) {
      ++skipped;
      ++skipped_by_reason[std::string(row.skip_reason)];
      continue;
    }
    ++planned;
    ++kinds[std::string(MessageKindName(*row.kind))];
    ++channels[std::string(ChannelName(*row.channel))];
  }
}

std::string PlanCsvHeader() {
  return "wave,date,student_id,school_id,contact_id,channel,language,kind,absences_period,"
         "absences_total,average,goal,recipient,text\n";
}

std::string PlanCsvRow(const PlanRow& row, const WaveKey& wave, bool show_recipients) {
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", wave.number,
                     FormatIsoDate(wave.date), CsvField(row.student_id), CsvField(row.school_id),
                     CsvField(row.contact_id), ChannelText(row), CsvField(row.language),
                     KindText(row), Number(row.absences_period), Number(row.absences_total),
                     Number(row.average), row.goal ? std::to_string(*row.goal) : std::string(),
                     CsvField(Recipient(row, show_recipients)), CsvField(row.text));
}

nlohmann::json PlanRowJson(const PlanRow& row, const WaveKey& wave, bool show_recipients) {
  return {{"wave", wave.number},
          {"date", FormatIsoDate(wave.date)},
          {"student_id", row.student_id},
          {"school_id", row.school_id},
          {"contact_id", row.contact_id},
          {"channel", ChannelText(row)},
          {"language", row.language},
          {"kind", KindText(row)},
          {"absences_period", JsonNumber(row.absences_period)},
          {"absences_total", JsonNumber(row.absences_total)},
          {"average", JsonNumber(row.average)},
          {"goal", row.goal ? nlohmann::json(*row.goal) : nlohmann::json()},
          {"recipient", Recipient(row, show_recipients)},
          {"text", row.text}};
}

nlohmann::json PlanSummaryJson(const PlanSummary& summary) {
  return {{"students", summary.students},
          {"planned", summary.planned},
          {"skipped", summary.skipped},
          {"skipped_by_reason", summary.skipped_by_reason},
          {"kinds", summary.kinds},
          {"channels", summary.channels},
          {"contacts_considered", summary.contacts_considered},
          {"contacts_without_channel", summary.contacts_without_channel}};
}

std::string PlanSummaryLine(const WaveKey& wave, const PlanSummary& summary) {
  std::string reasons;
  for (const auto& [reason, count] : summary.skipped_by_reason) {
    reasons += fmt::format("{}{} {}", reasons.empty() ? " (" : ", ", count, reason);
  }
  if (!reasons.empty()) reasons += ")";
  return fmt::format("plan wave {} ({}): {} students, {} messages, {} skipped{}", wave.number,
                     FormatIsoDate(wave.date), summary.students, summary.planned,
                     summary.skipped, reasons);
}

std::string PlanSummaryFields(const WaveKey& wave, const PlanSummary& summary) {
  std::string fields =
      fmt::format("wave={} date={} students={} planned={} skipped={}", wave.number,
                  FormatIsoDate(wave.date), summary.students, summary.planned, summary.skipped);
  for (const auto& [reason, count] : summary.skipped_by_reason) {
    fields += fmt::format(" skipped_{}={}", LogKey(reason), count);
  }
  return fields;
}

}  // namespace nudged
