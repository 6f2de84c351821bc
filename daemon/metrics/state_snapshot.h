// The figures /metrics reports from the state database (issue 5, "Health and metrics"): the
// outbox by state and channel, the queue of ready rows due now and the age of its oldest row,
// the last successful sync, the last plan and enqueue, and the held waves. Read in one
// read-only, repeatable-read transaction, so the figures are consistent with each other.
//
// Cost: the count by state and channel is one (parallel) sequential scan of nudged.outbox,
// since no index holds state and channel; the queue figures read only a partial index of
// ready rows (outbox_due_idx or outbox_relevance_idx); sync_runs and waves are small.
// Measured on this project's 2-core test machine, PostgreSQL 15, warm cache, with 1,000,000
// outbox rows (382 MB; 14% ready, half of them due): 270-430 ms per Metrics::Refresh while
// other builds kept the load near 5; the same statements take 170 ms in psql (135 ms the count
// by state, 32 ms the queue, 1 ms the rest). The scan grows linearly with the outbox: refresh
// every 15-60 s, not per scrape, and lengthen the interval for a state-sized outbox (tens of
// millions of rows: seconds per snapshot).
// Thread-safety: a pure function over a connection the caller owns.

#ifndef NUDGED_METRICS_STATE_SNAPSHOT_H_
#define NUDGED_METRICS_STATE_SNAPSHOT_H_

#include <cstdint>
#include <map>
#include <pqxx/connection>
#include <string>
#include <utility>

#include "nudged/clock.h"
#include "nudged/status.h"

namespace nudged {

struct StateSnapshot {
  // Rows of nudged.outbox per (state, channel), as stored; pairs without rows are absent.
  std::map<std::pair<std::string, std::string>, std::int64_t> messages;
  // Ready rows due at `now` (next_attempt_at unset or reached): what the dispatcher could
  // claim now if the send window is open.
  std::int64_t queue_depth = 0;
  // Seconds since the oldest of them became due (next_attempt_at, or when it became ready);
  // 0 when none is due.
  double oldest_due_age_seconds = 0;
  // Unix seconds; 0 when it never happened.
  double last_sync_success = 0;  // finished_at of the latest succeeded sync run
  double last_plan = 0;          // latest waves.planned_at
  double last_enqueue = 0;       // latest waves.enqueued_at
  std::int64_t held_waves = 0;   // waves in state held, waiting for `nudged approve`
};

// Returns a one-line summary for sd_notify STATUS= (app/systemd_notify.h), e.g.
// "queue 1200 due, oldest 35s; 5 unknown; 1 wave held; last sync 2026-11-03T07:00:12Z".
std::string StatusSummary(const StateSnapshot& snapshot);

// Reads the snapshot at `now` (the dispatcher's clock) into *snapshot. Returns what
// db/errors.h maps a database failure to (Unavailable when the server is gone).
Status ReadStateSnapshot(pqxx::connection& connection, Instant now, StateSnapshot* snapshot);

}  // namespace nudged

#endif  // NUDGED_METRICS_STATE_SNAPSHOT_H_
