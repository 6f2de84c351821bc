// The read of the SIS mirror behind `nudged sync`: one pass over every enrollment and every
// attendance event through as_of, grouped by student, counted as DESIGN.md "Counting absences
// and planning a wave" says (sis/student_counter.h), and streamed with COPY into the state
// database, so memory stays flat from a hundred students to three million and the mirror and the
// state may be different databases. Not thread-safe: uses the caller's transactions.

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
