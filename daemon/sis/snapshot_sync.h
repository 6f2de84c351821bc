// One `nudged sync`: records a sync run in nudged.sync_runs and, in one state transaction, the
// snapshot of every student's counts and the anomalies found (sis/mirror_stream.h). A failed
// sync leaves its run marked "failed" with the error and no snapshot rows; a successful one is
// "succeeded" with its summary in sync_runs.counts. Earlier runs are never changed.
// Not thread-safe: uses the caller's connections.

#ifndef NUDGED_SIS_SNAPSHOT_SYNC_H_
#define NUDGED_SIS_SNAPSHOT_SYNC_H_

#include <cstdint>
#include <map>
#include <pqxx/connection>
#include <string>

#include "nudged/status.h"
#include "sis/sync_request.h"

namespace nudged {

struct SyncSummary {
  std::int64_t sync_id = 0;
  std::int64_t students = 0;
  double absences = 0;  // absence days summed over students, through as_of
  std::int64_t anomalies = 0;
  std::map<std::string, std::int64_t> anomalies_by_kind;
};

// Runs the sync described by `request`, reading `mirror` (opened by OpenSisMirror) and writing
// `state` (opened by OpenStateDatabase, migrated). Fills *summary on success.
// Returns Unavailable when a connection is lost, Internal for other database errors.
Status RunSnapshotSync(pqxx::connection& mirror, pqxx::connection& state,
                       const SyncRequest& request, SyncSummary* summary);

}  // namespace nudged

#endif  // NUDGED_SIS_SNAPSHOT_SYNC_H_
