// What became of one wave's messages, for the line that closes a wave in the log (issue 5,
// "Logs for people": a wave's start and end lines carry its counts). The start line is
// plan/plan_report.h PlanSummaryFields; this is the end:
//
//   WaveOutcome outcome;
//   if (ReadWaveOutcome(connection, wave, &outcome).ok() && outcome.finished()) {
//     spdlog::info("wave finished {}", WaveOutcomeFields(wave, outcome));
//   }
//
// Thread-safety: ReadWaveOutcome uses the caller's connection; the rest is pure.

#ifndef NUDGED_METRICS_WAVE_OUTCOME_H_
#define NUDGED_METRICS_WAVE_OUTCOME_H_

#include <cstdint>
#include <map>
#include <pqxx/connection>
#include <string>

#include "calendar/wave_key.h"
#include "nudged/status.h"

namespace nudged {

struct WaveOutcome {
  // The wave's outbox rows by state, as stored; states without rows are absent.
  std::map<std::string, std::int64_t> by_state;

  std::int64_t Count(const std::string& state) const;
  // Rows still on their way: planned, ready, sending or unknown.
  std::int64_t Pending() const;
  // Whether every row reached a final state (sent counts as final: delivery receipts may
  // still come, but nothing more will be sent).
  bool finished() const { return Pending() == 0; }
};

// Reads the counts of `wave` (its school year and number) into *outcome. Returns what
// db/errors.h maps a database failure to.
Status ReadWaveOutcome(pqxx::connection& connection, const WaveKey& wave, WaveOutcome* outcome);

// Returns "wave=N date=DATE messages=M accepted=A delivered=D undelivered=U failed=F
// expired=E pending=P": accepted counts every message the provider took (sent, delivered,
// undelivered).
std::string WaveOutcomeFields(const WaveKey& wave, const WaveOutcome& outcome);

}  // namespace nudged

#endif  // NUDGED_METRICS_WAVE_OUTCOME_H_
