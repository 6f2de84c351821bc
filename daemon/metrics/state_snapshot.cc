// Implementation details: three statements in one read-only repeatable-read transaction. The
// queue statement repeats the dispatcher's claim condition (dispatch/outbox_store.cc) so
// PostgreSQL reads only outbox_due_idx, the partial index of ready rows. Times come back as
// Unix seconds (EXTRACT(EPOCH ...)), NULL when nothing happened yet.

#include "metrics/state_snapshot.h"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <pqxx/pqxx>

#include "db/errors.h"
#include "dispatch/outbox_store.h"

namespace nudged {
namespace {

constexpr const char* kMessagesByStateAndChannel = R"sql(
SELECT state, channel, count(*) FROM nudged.outbox GROUP BY state, channel
)sql";

// The age of a row due since it became ready is measured from updated_at, which planning and
// every state change set.
constexpr const char* kDueQueue = R"sql(
SELECT count(*),
       COALESCE(EXTRACT(EPOCH FROM $1::timestamptz
                                   - min(COALESCE(next_attempt_at, updated_at))), 0)
FROM nudged.outbox
WHERE state = 'ready' AND (next_attempt_at IS NULL OR next_attempt_at <= $1::timestamptz)
)sql";

constexpr const char* kWavesAndSyncs = R"sql(
SELECT COALESCE((SELECT EXTRACT(EPOCH FROM max(finished_at)) FROM nudged.sync_runs
                 WHERE status = 'succeeded'), 0),
       COALESCE((SELECT EXTRACT(EPOCH FROM max(planned_at)) FROM nudged.waves), 0),
       COALESCE((SELECT EXTRACT(EPOCH FROM max(enqueued_at)) FROM nudged.waves), 0),
       (SELECT count(*) FROM nudged.waves WHERE state = 'held')
)sql";

using SnapshotTransaction =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

}  // namespace

std::string StatusSummary(const StateSnapshot& snapshot) {
  std::string line = fmt::format("queue {} due", snapshot.queue_depth);
  if (snapshot.queue_depth > 0) {
    line += fmt::format(", oldest {}s", static_cast<std::int64_t>(snapshot.oldest_due_age_seconds));
  }
  std::int64_t unknown = 0;
  for (const auto& [key, count] : snapshot.messages) {
    if (key.first == "unknown") unknown += count;
  }
  if (unknown > 0) line += fmt::format("; {} unknown", unknown);
  if (snapshot.held_waves > 0) {
    line +=
        fmt::format("; {} wave{} held", snapshot.held_waves, snapshot.held_waves == 1 ? "" : "s");
  }
  if (snapshot.last_sync_success > 0) {
    const auto when = std::chrono::sys_seconds(
        std::chrono::seconds(static_cast<std::int64_t>(snapshot.last_sync_success)));
    line += "; last sync " + date::format("%FT%TZ", when);
  } else {
    line += "; never synced";
  }
  return line;
}

Status ReadStateSnapshot(pqxx::connection& connection, Instant now, StateSnapshot* snapshot) {
  try {
    SnapshotTransaction tx(connection);
    StateSnapshot read;
    for (const auto& row : tx.exec(kMessagesByStateAndChannel)) {
      read.messages[{row[0].as<std::string>(), row[1].as<std::string>()}] =
          row[2].as<std::int64_t>();
    }
    const pqxx::row queue = tx.exec_params1(kDueQueue, SqlTimestamp(now));
    read.queue_depth = queue[0].as<std::int64_t>();
    // A row made ready by a clock ahead of `now` (another host's) is not older than due.
    read.oldest_due_age_seconds = std::max(0.0, queue[1].as<double>());
    const pqxx::row times = tx.exec1(kWavesAndSyncs);
    read.last_sync_success = times[0].as<double>();
    read.last_plan = times[1].as<double>();
    read.last_enqueue = times[2].as<double>();
    read.held_waves = times[3].as<std::int64_t>();
    tx.commit();
    *snapshot = std::move(read);
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("read the metrics snapshot");
  }
}

}  // namespace nudged
