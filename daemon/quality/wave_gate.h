// The data-quality gate as the planner calls it, once per wave, just before enqueueing, inside
// the planner's own state transaction:
//
//   GateOutcome gate;
//   Status s = RunWaveGate(tx, config, MakeWaveKey(school_year, schedule_wave), sync_id,
//                          {contacts_considered, contacts_without_channel}, &gate);
//   if (!s.ok()) return s;
//   if (gate.hold) { tx.commit(); return ...; }  // enqueue nothing, but keep the hold
//
// It upserts the nudged.waves row (school_year, wave, wave_date, count_through, kind), computes
// the wave's numbers from the sync run (quality/stats.h), evaluates them against the previous
// wave's stored numbers (quality/gate.h), stores them in nudged.wave_quality and moves the wave:
//   planned or held, checks fail -> held, held_reason = the sentences (one per line), an
//     error-level log line per failure ("wave held wave=3 check=absence_share_jump ..."), and a
//     nudged.wave_events row when it was not held already;
//   held, checks pass (the data was fixed and synced again) -> planned, with a wave_events row;
//   approved -> stays approved whatever the checks say (staff released it with `nudged
//     approve`); failures are logged at warn level;
//   enqueued or sent -> unchanged; failures are logged at warn level;
//   cancelled -> unchanged and held back.
// The wave_events rows stand in for audit_events, which only logs outbox rows.
// Not thread-safe: uses the caller's transaction and commits nothing; the caller must commit
// even when outcome->hold, or the hold is lost.

#ifndef NUDGED_QUALITY_WAVE_GATE_H_
#define NUDGED_QUALITY_WAVE_GATE_H_

#include <cstdint>
#include <optional>
#include <pqxx/transaction>
#include <string>

#include "calendar/schedule.h"
#include "config/config.h"
#include "nudged/status.h"
#include "quality/gate.h"
#include "quality/stats.h"

namespace nudged {

// What only the planner knows: the contacts it considered for the wave's qualifying students,
// and how many of them had no usable channel.
struct PlannerCounts {
  std::int64_t contacts_considered = 0;
  std::int64_t contacts_without_channel = 0;
};

struct GateOutcome {
  // True when the caller must enqueue nothing for this wave (held or cancelled).
  bool hold = false;
  // The wave's state after the gate: planned, held, approved, enqueued, sent or cancelled.
  std::string wave_state;
  WaveQualityStats stats;
  std::optional<WaveQualityStats> previous_wave;
  GateResult result;
};

// Runs the gate for `wave` on sync run `sync_run_id` with the thresholds of config.quality
// (closure days from config.calendar, qualifying days from config.cadence), as described above.
// Fills *outcome on success. Returns InvalidArgument when the sync run does not fit the wave
// (quality/stats.h), Unavailable or Internal for database errors; *outcome is then unspecified.
Status RunWaveGate(pqxx::work& state, const Config& config, const WaveKey& wave,
                   std::int64_t sync_run_id, const PlannerCounts& counts, GateOutcome* outcome);

}  // namespace nudged

#endif  // NUDGED_QUALITY_WAVE_GATE_H_
