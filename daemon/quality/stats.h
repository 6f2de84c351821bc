// The database side of the data-quality gate: computes a wave's numbers from one sync run's
// snapshot and anomalies (set-based, one statement, no per-student work in C++), and stores and
// reads back each wave's evaluation in nudged.wave_quality (sql/002_quality.sql) so the next
// wave compares against it. Uses the caller's transaction; commits nothing. Not thread-safe.

#ifndef NUDGED_QUALITY_STATS_H_
#define NUDGED_QUALITY_STATS_H_

#include <cstdint>
#include <optional>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "calendar/schedule.h"
#include "calendar/wave_key.h"
#include "nudged/date.h"
#include "nudged/status.h"
#include "quality/gate.h"

namespace nudged {

// Fills the snapshot fields of *stats (everything but the contact counts) for `wave` from sync
// run `sync_id`: enrolled = snapshot students enrolled on the wave date; qualifying = of those,
// at least `min_enrolled_days` enrolled days through the count-through date; with absences =
// qualifying students whose period absences (absences_through_next - absences_through_previous,
// or absences_through_next without a previous wave) are > 0; above enrolled = students whose
// absences exceed their enrolled days through either bound or as of the sync; on closures =
// anomalies of kind non_instructional_day dated on one of `closure_days`.
// Returns InvalidArgument when the run does not exist, did not succeed, belongs to another
// school year or did not count through this wave (sync_runs.next_wave); Unavailable or Internal
// for database errors.
Status ComputeSnapshotStats(pqxx::work& tx, const WaveKey& wave, std::int64_t sync_id,
                            const std::vector<Date>& closure_days, int min_enrolled_days,
                            WaveQualityStats* stats);

// Sets *previous to the stored stats of the latest wave of `school_year` numbered below `wave`,
// or nullopt when none was evaluated.
Status LoadPreviousWaveStats(pqxx::work& tx, const std::string& school_year, int wave,
                             std::optional<WaveQualityStats>* previous);

// Records (or replaces) the evaluation of `wave`. REQUIRES: the nudged.waves row exists.
Status StoreWaveQuality(pqxx::work& tx, const WaveKey& wave, std::int64_t sync_id,
                        const WaveQualityStats& stats, const GateResult& result);

}  // namespace nudged

#endif  // NUDGED_QUALITY_STATS_H_
