// Implementation details: the snapshot query reads one sync run's rows once, deriving per-row
// flags in a CTE and aggregating them with FILTER, plus one indexed count of the run's closure
// anomalies. Dates travel as ISO text and closure days as one date[] literal. Stats are stored as
// a jsonb object (nlohmann::json) and failures as text[] built from a JSON array, so no array
// quoting is done by hand.

#include "quality/stats.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "db/array_literal.h"
#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kSyncRunQuery = R"sql(
SELECT school_year, status, coalesce(next_wave, 0) FROM nudged.sync_runs WHERE sync_id = $1
)sql";

// $1 sync_id, $2 wave date, $3 min enrolled days, $4 closure days.
constexpr const char* kSnapshotStatsQuery = R"sql(
WITH flags AS (
  SELECT entry_date <= $2::date AND (exit_date IS NULL OR exit_date >= $2::date) AS enrolled,
         coalesce(days_enrolled_through_next, 0) >= $3 AS long_enough,
         coalesce(absences_through_next, 0) - coalesce(absences_through_previous, 0) > 0
           AS absent_in_period,
         coalesce(absences_through_next > days_enrolled_through_next, false)
           OR coalesce(absences_through_previous > days_enrolled_through_previous, false)
           OR absences_total > instructional_days_enrolled AS above_enrolled
  FROM nudged.sync_snapshots WHERE sync_id = $1
)
SELECT count(*) FILTER (WHERE enrolled),
       count(*) FILTER (WHERE enrolled AND long_enough),
       count(*) FILTER (WHERE enrolled AND long_enough AND absent_in_period),
       count(*) FILTER (WHERE above_enrolled),
       (SELECT count(*) FROM nudged.sync_anomalies
        WHERE sync_id = $1 AND kind = 'non_instructional_day' AND event_date = ANY ($4::date[]))
FROM flags
)sql";

constexpr const char* kPreviousStatsQuery = R"sql(
SELECT wave, stats::text FROM nudged.wave_quality
WHERE school_year = $1 AND wave < $2 ORDER BY wave DESC LIMIT 1
)sql";

constexpr const char* kStoreQuery = R"sql(
INSERT INTO nudged.wave_quality (school_year, wave, sync_id, stats, failures)
VALUES ($1, $2, $3, $4::jsonb, ARRAY(SELECT jsonb_array_elements_text($5::jsonb)))
ON CONFLICT (school_year, wave) DO UPDATE
SET sync_id = EXCLUDED.sync_id, stats = EXCLUDED.stats, failures = EXCLUDED.failures,
    evaluated_at = now()
)sql";

nlohmann::json StatsToJson(const WaveQualityStats& stats) {
  return {{"students_enrolled", stats.students_enrolled},
          {"students_qualifying", stats.students_qualifying},
          {"students_with_absences", stats.students_with_absences},
          {"absences_on_closures", stats.absences_on_closures},
          {"students_absences_above_enrolled", stats.students_absences_above_enrolled},
          {"contacts_considered", stats.contacts_considered},
          {"contacts_without_channel", stats.contacts_without_channel}};
}

WaveQualityStats StatsFromJson(int wave, const nlohmann::json& json) {
  WaveQualityStats stats;
  stats.wave = wave;
  stats.students_enrolled = json.value("students_enrolled", std::int64_t{0});
  stats.students_qualifying = json.value("students_qualifying", std::int64_t{0});
  stats.students_with_absences = json.value("students_with_absences", std::int64_t{0});
  stats.absences_on_closures = json.value("absences_on_closures", std::int64_t{0});
  stats.students_absences_above_enrolled =
      json.value("students_absences_above_enrolled", std::int64_t{0});
  stats.contacts_considered = json.value("contacts_considered", std::int64_t{0});
  stats.contacts_without_channel = json.value("contacts_without_channel", std::int64_t{0});
  return stats;
}

Status CheckSyncRun(pqxx::work& tx, const WaveKey& wave, std::int64_t sync_id) {
  const pqxx::result run = tx.exec_params(kSyncRunQuery, sync_id);
  if (run.empty()) return Status::InvalidArgument(fmt::format("sync run {} not found", sync_id));
  const std::string school_year = run[0][0].as<std::string>();
  const std::string status = run[0][1].as<std::string>();
  const int next_wave = run[0][2].as<int>();
  if (status != "succeeded") {
    return Status::InvalidArgument(
        fmt::format("sync run {} is {}, not succeeded", sync_id, status));
  }
  if (school_year != wave.school_year || next_wave != wave.number) {
    return Status::InvalidArgument(
        fmt::format("sync run {} counted {} through wave {}, not {} wave {}: run `nudged sync` "
                    "for this wave",
                    sync_id, school_year, next_wave, wave.school_year, wave.number));
  }
  return Status::Ok();
}

}  // namespace

Status ComputeSnapshotStats(pqxx::work& tx, const WaveKey& wave, std::int64_t sync_id,
                            const std::vector<Date>& closure_days, int min_enrolled_days,
                            WaveQualityStats* stats) {
  try {
    Status status = CheckSyncRun(tx, wave, sync_id);
    if (!status.ok()) return status;
    const pqxx::row row = tx.exec_params1(kSnapshotStatsQuery, sync_id, FormatIsoDate(wave.date),
                                          min_enrolled_days, DateArrayLiteral(closure_days));
    stats->wave = wave.number;
    stats->students_enrolled = row[0].as<std::int64_t>();
    stats->students_qualifying = row[1].as<std::int64_t>();
    stats->students_with_absences = row[2].as<std::int64_t>();
    stats->students_absences_above_enrolled = row[3].as<std::int64_t>();
    stats->absences_on_closures = row[4].as<std::int64_t>();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("compute the quality stats of a wave");
  }
}

Status LoadPreviousWaveStats(pqxx::work& tx, const std::string& school_year, int wave,
                             std::optional<WaveQualityStats>* previous) {
  try {
    const pqxx::result rows = tx.exec_params(kPreviousStatsQuery, school_year, wave);
    *previous = std::nullopt;
    if (!rows.empty()) {
      *previous =
          StatsFromJson(rows[0][0].as<int>(), nlohmann::json::parse(rows[0][1].as<std::string>()));
    }
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("read the previous wave's quality stats");
  }
}

Status StoreWaveQuality(pqxx::work& tx, const WaveKey& wave, std::int64_t sync_id,
                        const WaveQualityStats& stats, const GateResult& result) {
  nlohmann::json failures = nlohmann::json::array();
  for (const GateFailure& failure : result.failures) failures.push_back(failure.sentence);
  try {
    tx.exec_params0(kStoreQuery, wave.school_year, wave.number, sync_id, StatsToJson(stats).dump(),
                    failures.dump());
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("store the quality stats of a wave");
  }
}

}  // namespace nudged
