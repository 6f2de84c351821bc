// The set-based read of the SIS mirror behind `nudged sync`: two aggregation queries over the
// whole mirror (the per-student counts and the anomalous events), each streamed with COPY from
// the mirror straight into the state database with COPY, row by row, so memory stays flat from a
// hundred students to three million and the mirror and the state may be different databases.
// Counting follows DESIGN.md "Counting absences and planning a wave" (see the query comments).
// Not thread-safe: uses the caller's transactions.

#ifndef NUDGED_SIS_MIRROR_STREAM_H_
#define NUDGED_SIS_MIRROR_STREAM_H_

#include <cstdint>
#include <pqxx/transaction_base>

#include "sis/sync_request.h"

namespace nudged {

// Streams the snapshot rows of `request` into nudged.sync_snapshots and the anomalies into
// nudged.sync_anomalies, both tagged with `sync_id`.
// REQUIRES: `mirror` is a read-only repeatable-read transaction on the mirror connection (both
// queries then see one consistent mirror); `state` is open on the state database.
// Throws the libpqxx exceptions of either side; callers in the db layer translate them.
void StreamSnapshot(pqxx::transaction_base& mirror, pqxx::transaction_base& state,
                    const SyncRequest& request, std::int64_t sync_id);

}  // namespace nudged

#endif  // NUDGED_SIS_MIRROR_STREAM_H_
