// Implementation details: the audience lists travel as text[] parameters ('{}' meaning
// everyone), so the averages query is one statement whatever the configuration, and the
// school and district averages come from one scan (GROUPING SETS). Opt-outs are
// loaded whole: one row per opted-out address, small next to the students.

#include "plan/wave_source.h"

#include <pqxx/pqxx>

#include "db/array_literal.h"

namespace nudged {
namespace {

constexpr const char* kFindSync = R"sql(
SELECT sync_id FROM nudged.sync_runs
WHERE school_year = $1 AND status = 'succeeded' AND next_wave = $2 AND as_of >= $3
ORDER BY as_of DESC, sync_id DESC LIMIT 1
)sql";

// One row per school and one district row (school_id NULL); the district row has NULL
// averages when no student qualifies.
constexpr const char* kAverages = R"sql(
SELECT s.school_id::text,
       round(avg(s.absences_through_next - coalesce(s.absences_through_previous, 0)), 1)::float8,
       round(avg(s.absences_through_next), 1)::float8
FROM nudged.sync_snapshots s
WHERE s.sync_id = $1 AND s.entry_date <= $2 AND (s.exit_date IS NULL OR s.exit_date >= $2)
  AND coalesce(s.days_enrolled_through_next, 0) >= $3
  AND (cardinality($4::text[]) = 0 OR s.school_id::text = ANY ($4::text[]))
  AND (cardinality($5::text[]) = 0 OR s.grade_level = ANY ($5::text[]))
GROUP BY GROUPING SETS ((s.school_id), ())
)sql";

constexpr const char* kOptOuts = R"sql(
SELECT channel, address FROM nudged.opt_outs WHERE revoked_at IS NULL
)sql";

constexpr const char* kSchoolNames = "SELECT school_id::text, name FROM school";

// An INSERT ... ON CONFLICT (school_year, wave) DO UPDATE would not arbitrate the other unique
// key, (school_year, wave_date): two plans of a new wave at once made the second fail on it.
// So: insert if absent (any conflict), then refresh a still-planned row.
constexpr const char* kInsertWave = R"sql(
INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, sync_id)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT DO NOTHING
)sql";

constexpr const char* kRefreshWave = R"sql(
UPDATE nudged.waves
SET wave_date = $3, count_through = $4, sync_id = $5, updated_at = now()
WHERE school_year = $1 AND wave = $2 AND state = 'planned'
)sql";

constexpr const char* kWaveState =
    "SELECT state FROM nudged.waves WHERE school_year = $1 AND wave = $2";

}  // namespace

std::optional<std::int64_t> FindCoveringSync(pqxx::transaction_base& state, const WaveKey& wave) {
  const pqxx::result rows = state.exec_params(kFindSync, wave.school_year, wave.number,
                                              FormatIsoDate(wave.count_through));
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::int64_t>();
}

Averages LoadAverages(pqxx::transaction_base& state, std::int64_t sync_id, const WaveKey& wave,
                      const Config& config) {
  const std::string schools = TextArrayLiteral(config.audience.schools);
  const std::string grades = TextArrayLiteral(config.audience.grades);
  const std::string date = FormatIsoDate(wave.date);
  const int min_days = config.cadence.min_enrolled_instructional_days;
  Averages averages;
  for (const auto& row :
       state.exec_params(kAverages, sync_id, date, min_days, schools, grades)) {
    if (row[1].is_null()) continue;
    const GroupAverage average{row[1].as<double>(), row[2].as<double>()};
    if (row[0].is_null()) {
      averages.district = average;
    } else {
      averages.by_school[row[0].as<std::string>()] = average;
    }
  }
  return averages;
}

OptOuts LoadOptOuts(pqxx::transaction_base& state) {
  OptOuts opt_outs;
  for (const auto& row : state.exec(kOptOuts)) {
    if (std::optional<Channel> channel = ParseChannel(row[0].as<std::string>())) {
      opt_outs.insert({*channel, row[1].as<std::string>()});
    }
  }
  return opt_outs;
}

std::map<std::string, std::string> LoadSchoolNames(pqxx::transaction_base& mirror) {
  std::map<std::string, std::string> names;
  for (const auto& row : mirror.exec(kSchoolNames)) {
    names[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return names;
}

std::string RecordWave(pqxx::transaction_base& state, const WaveKey& wave, std::int64_t sync_id) {
  const std::string date = FormatIsoDate(wave.date);
  const std::string count_through = FormatIsoDate(wave.count_through);
  state.exec_params0(kInsertWave, wave.school_year, wave.number, date, count_through,
                     std::string(WaveKindName(wave.kind)), sync_id);
  state.exec_params0(kRefreshWave, wave.school_year, wave.number, date, count_through, sync_id);
  return state.exec_params1(kWaveState, wave.school_year, wave.number)[0].as<std::string>();
}

}  // namespace nudged
