// Implementation details: RunWaveGate is upsert and lock the waves row → compute → compare →
// store → move the state. The waves row is locked (SELECT ... FOR UPDATE) before anything is
// computed, so a concurrent `nudged approve` either lands before (and the gate sees approved) or
// waits for the planner's commit (and then approves the hold). Closure days are the calendar's
// closure dates that are not instructional (a makeup day inside a closure is a school day).

#include "quality/wave_gate.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <vector>

#include "calendar/calendar.h"
#include "common/log_value.h"
#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kGateActor = "quality gate";

constexpr const char* kUpsertWave = R"sql(
INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind)
VALUES ($1, $2, $3::date, $4::date, $5) ON CONFLICT DO NOTHING
)sql";

constexpr const char* kLockWave = R"sql(
SELECT state FROM nudged.waves WHERE school_year = $1 AND wave = $2 FOR UPDATE
)sql";

// $3 new state, $4 held_reason ('' unless held), $5 sync_id.
constexpr const char* kMoveWave = R"sql(
UPDATE nudged.waves
SET state = $3, held_reason = NULLIF($4, ''), sync_id = $5, updated_at = now(),
    held_at = CASE WHEN $3 = 'held' AND state <> 'held' THEN now()
                   WHEN $3 = 'held' THEN held_at END
WHERE school_year = $1 AND wave = $2
)sql";

constexpr const char* kWaveEvent = R"sql(
INSERT INTO nudged.wave_events (school_year, wave, old_state, new_state, actor, detail)
VALUES ($1, $2, $3, $4, $5, $6)
)sql";

std::vector<Date> ClosureDays(const Config& config) {
  const Calendar calendar(config.calendar, config.cadence);
  std::vector<Date> days;
  for (const NamedDateRange& closure : config.calendar.closures) {
    for (Date day = closure.from; day <= closure.to; day += std::chrono::days{1}) {
      if (!calendar.IsInstructional(day)) days.push_back(day);
    }
  }
  return days;
}

std::string HeldReason(const GateResult& result) {
  std::string reason;
  for (const GateFailure& failure : result.failures) {
    if (!reason.empty()) reason += '\n';
    reason += failure.sentence;
  }
  return reason;
}

// Returns the state the wave moves to from `state` given the result.
std::string NextState(const std::string& state, const GateResult& result) {
  if (state != "planned" && state != "held") return state;
  return result.passed() ? "planned" : "held";
}

void LogFailures(const WaveKey& wave, const std::string& state, const GateResult& result) {
  for (const GateFailure& failure : result.failures) {
    if (state == "held") {
      spdlog::error("wave held wave={} check={} reason={}", wave.number, failure.check,
                    LogQuote(failure.sentence));
    } else {
      spdlog::warn("quality check failed, wave not held wave={} state={} check={} reason={}",
                   wave.number, state, failure.check, LogQuote(failure.sentence));
    }
  }
}

// Moves the locked waves row from `old_state` to outcome->wave_state.
void MoveWave(pqxx::work& tx, const WaveKey& wave, const std::string& old_state,
              std::int64_t sync_id, const GateOutcome& outcome) {
  const std::string& next = outcome.wave_state;
  if (next != "planned" && next != "held") return;
  const std::string reason = next == "held" ? HeldReason(outcome.result) : "";
  tx.exec_params0(kMoveWave, wave.school_year, wave.number, next, reason, sync_id);
  if (next == old_state) return;
  const std::string detail = next == "held" ? reason : "the quality checks pass again";
  tx.exec_params0(kWaveEvent, wave.school_year, wave.number, old_state, next, kGateActor, detail);
}

Status LockWave(pqxx::work& tx, const WaveKey& wave, std::string* state) {
  try {
    tx.exec_params0(kUpsertWave, wave.school_year, wave.number, FormatIsoDate(wave.date),
                    FormatIsoDate(wave.count_through), std::string(WaveKindName(wave.kind)));
    *state = tx.exec_params1(kLockWave, wave.school_year, wave.number)[0].as<std::string>();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("record the wave before its quality gate");
  }
}

}  // namespace

Status RunWaveGate(pqxx::work& state, const Config& config, const WaveKey& wave,
                   std::int64_t sync_run_id, const PlannerCounts& counts, GateOutcome* outcome) {
  std::string old_state;
  Status status = LockWave(state, wave, &old_state);
  if (!status.ok()) return status;
  *outcome = GateOutcome{};
  status = ComputeSnapshotStats(state, wave, sync_run_id, ClosureDays(config),
                                config.cadence.min_enrolled_instructional_days, &outcome->stats);
  if (!status.ok()) return status;
  outcome->stats.contacts_considered = counts.contacts_considered;
  outcome->stats.contacts_without_channel = counts.contacts_without_channel;
  status = LoadPreviousWaveStats(state, wave.school_year, wave.number, &outcome->previous_wave);
  if (!status.ok()) return status;
  outcome->result = EvaluateGate(outcome->stats, outcome->previous_wave, config.quality);
  status = StoreWaveQuality(state, wave, sync_run_id, outcome->stats, outcome->result);
  if (!status.ok()) return status;

  outcome->wave_state = NextState(old_state, outcome->result);
  outcome->hold = outcome->wave_state == "held" || outcome->wave_state == "cancelled";
  LogFailures(wave, outcome->wave_state, outcome->result);
  try {
    MoveWave(state, wave, old_state, sync_run_id, *outcome);
  } catch (...) {
    return StatusFromCurrentException("record the quality gate's decision on the wave");
  }
  return Status::Ok();
}

}  // namespace nudged
