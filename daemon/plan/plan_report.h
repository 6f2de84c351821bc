// What `nudged plan` prints: the rows as CSV or JSON and the summary of the wave.
//
// csv: header `wave,date,student_id,school_id,contact_id,channel,language,kind,absences_period,
//   absences_total,average,goal,recipient,text` (DESIGN.md), one line per row, fields quoted per
//   RFC 4180 (common/csv.h); skip rows have kind `skipped`, the reason as text, and empty
//   contact, channel, language and recipient; numbers print as "2", "2.5"; absent values empty.
// json: {"rows": [{the same keys; numbers as numbers, absent values null}], "summary": {...}}.
// Recipients are masked (common/mask.h) unless show_recipients. Pure; thread-safe.

#ifndef NUDGED_PLAN_PLAN_REPORT_H_
#define NUDGED_PLAN_PLAN_REPORT_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "plan/student_plan.h"
#include "plan/wave_source.h"

namespace nudged {

enum class PlanFormat { kCsv, kJson };

// The counts of a planned wave. The data-quality gate reads contacts_considered and
// contacts_without_channel.
struct PlanSummary {
  std::int64_t students = 0;   // students of the snapshot
  std::int64_t planned = 0;    // message rows
  std::int64_t skipped = 0;    // skip rows (students)
  std::map<std::string, std::int64_t> skipped_by_reason;
  std::map<std::string, std::int64_t> kinds;     // message rows by kind
  std::map<std::string, std::int64_t> channels;  // message rows by channel
  std::int64_t contacts_considered = 0;
  std::int64_t contacts_without_channel = 0;

  void Add(const StudentOutcome& outcome);
};

// Returns the CSV header line, with its "\n".
std::string PlanCsvHeader();

// Returns one CSV line, with its "\n".
std::string PlanCsvRow(const PlanRow& row, const WaveKey& wave, bool show_recipients);

nlohmann::json PlanRowJson(const PlanRow& row, const WaveKey& wave, bool show_recipients);

nlohmann::json PlanSummaryJson(const PlanSummary& summary);

// Returns "plan wave N (DATE): P messages to S students..., K skipped (n reason, ...)".
std::string PlanSummaryLine(const WaveKey& wave, const PlanSummary& summary);

// Returns the summary as log pairs (common/log_value.h): "wave=N date=DATE students=S
// planned=P skipped=K skipped_no_contact=n ...", one skipped_REASON per reason.
std::string PlanSummaryFields(const WaveKey& wave, const PlanSummary& summary);

}  // namespace nudged

#endif  // NUDGED_PLAN_PLAN_REPORT_H_
