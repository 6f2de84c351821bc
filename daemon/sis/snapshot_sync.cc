// Implementation details: the run row is committed on its own first, so a long sync is visible
// as "running" to operators; the snapshot, the anomalies and the final status then commit
// together, so readers see either no rows of this run or all of them. The mirror is read in a
// read-only repeatable-read transaction, so the two mirror queries see the same data even while
// the district's loader writes. The summary is computed by the state database from the rows just
// written rather than counted while streaming, which keeps the stream a plain pass-through.

#include "sis/snapshot_sync.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "common/log_value.h"
#include "db/errors.h"
#include "sis/mirror_stream.h"

namespace nudged {
namespace {

constexpr const char* kInsertRun = R"sql(
INSERT INTO nudged.sync_runs (school_year, as_of, next_wave, next_count_through, previous_wave,
                              previous_count_through)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING sync_id
)sql";

constexpr const char* kFinishRun = R"sql(
WITH totals AS (
  SELECT count(*) AS students, coalesce(sum(absences_total), 0) AS absences
  FROM nudged.sync_snapshots WHERE sync_id = $1
), kinds AS (
  SELECT coalesce(jsonb_object_agg(kind, n), '{}') AS by_kind
  FROM (SELECT kind, count(*) AS n FROM nudged.sync_anomalies WHERE sync_id = $1
        GROUP BY kind) k
)
UPDATE nudged.sync_runs
SET status = 'succeeded', finished_at = now(),
    counts = jsonb_build_object('students', t.students, 'absences', t.absences,
                                'anomalies', k.by_kind)
FROM totals t, kinds k
WHERE sync_id = $1
RETURNING t.students, t.absences::float8
)sql";

constexpr const char* kAnomalyKinds = R"sql(
SELECT key, value::bigint FROM nudged.sync_runs, jsonb_each_text(counts -> 'anomalies')
WHERE sync_id = $1 ORDER BY key
)sql";

constexpr const char* kFailRun = R"sql(
UPDATE nudged.sync_runs SET status = 'failed', finished_at = now(), error = $2
WHERE sync_id = $1
)sql";

std::optional<int> WaveNumber(const std::optional<WaveBound>& wave) {
  return wave ? std::optional<int>(wave->number) : std::nullopt;
}

std::optional<std::string> WaveThrough(const std::optional<WaveBound>& wave) {
  return wave ? std::optional<std::string>(FormatIsoDate(wave->count_through)) : std::nullopt;
}

std::int64_t InsertRun(pqxx::connection& state, const SyncRequest& request) {
  pqxx::work tx{state};
  const auto id =
      tx.exec_params1(kInsertRun, request.school_year, FormatIsoDate(request.as_of),
                      WaveNumber(request.next_wave), WaveThrough(request.next_wave),
                      WaveNumber(request.previous_wave), WaveThrough(request.previous_wave))[0]
          .as<std::int64_t>();
  tx.commit();
  return id;
}

void StreamAndFinish(pqxx::connection& mirror, pqxx::connection& state, const SyncRequest& request,
                     SyncSummary* summary) {
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> mirror_tx{mirror};
  pqxx::work state_tx{state};
  StreamSnapshot(mirror_tx, state_tx, request, summary->sync_id);
  const pqxx::row totals = state_tx.exec_params1(kFinishRun, summary->sync_id);
  summary->students = totals[0].as<std::int64_t>();
  summary->absences = totals[1].as<double>();
  for (const auto& row : state_tx.exec_params(kAnomalyKinds, summary->sync_id)) {
    summary->anomalies_by_kind[row[0].as<std::string>()] = row[1].as<std::int64_t>();
    summary->anomalies += row[1].as<std::int64_t>();
  }
  state_tx.commit();
}

// Best effort: the connection that failed may be unusable, and the run then stays "running"
// until an operator looks; the caller reports the original error either way.
void MarkFailed(pqxx::connection& state, std::int64_t sync_id, const Status& status) {
  try {
    pqxx::work tx{state};
    tx.exec_params0(kFailRun, sync_id, status.ToString());
    tx.commit();
  } catch (const std::exception& e) {
    spdlog::warn("sync failure not recorded id={} error={}", sync_id, LogQuote(e.what()));
  }
}

}  // namespace

Status RunSnapshotSync(pqxx::connection& mirror, pqxx::connection& state,
                       const SyncRequest& request, SyncSummary* summary) {
  *summary = SyncSummary{};
  try {
    summary->sync_id = InsertRun(state, request);
  } catch (const pqxx::undefined_table&) {
    return Status::Internal("the state schema is missing or incomplete: run `nudged migrate`");
  } catch (...) {
    return StatusFromCurrentException("record the sync run");
  }
  Status status;
  try {
    StreamAndFinish(mirror, state, request, summary);
  } catch (...) {
    status = StatusFromCurrentException("read the SIS mirror into a snapshot");
  }
  if (!status.ok()) MarkFailed(state, summary->sync_id, status);
  return status;
}

}  // namespace nudged
