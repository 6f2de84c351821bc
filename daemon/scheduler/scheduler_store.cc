// Implementation details: the view is three small aggregate queries (syncs by the wave they
// cover, wave rows, unfinished SMS/voice rows by wave), each index-backed or over a few rows per
// wave, so the scheduler may read it every minute at any scale. Email and letter rows are
// counted apart: no dispatcher sends them yet, so only texts and calls are waited for.

#include "scheduler/scheduler_store.h"

#include <pqxx/pqxx>

#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kSyncsByWave = R"sql(
SELECT coalesce(next_wave, 0), max(as_of)::text FROM nudged.sync_runs
WHERE school_year = $1 AND status = 'succeeded' GROUP BY next_wave
)sql";

constexpr const char* kWaveStates = "SELECT wave, state FROM nudged.waves WHERE school_year = $1";

constexpr const char* kUnfinished = R"sql(
SELECT wave, count(*) FILTER (WHERE channel IN ('sms', 'voice')),
       count(*) FILTER (WHERE channel NOT IN ('sms', 'voice'))
FROM nudged.outbox
WHERE school_year = $1 AND state IN ('planned', 'ready', 'sending', 'unknown')
GROUP BY wave
)sql";

constexpr const char* kInsertMissed = R"sql(
INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, state)
VALUES ($1, $2, $3::date, $4::date, $5, 'missed')
ON CONFLICT DO NOTHING
RETURNING wave
)sql";

constexpr const char* kMarkMissed = R"sql(
UPDATE nudged.waves SET state = 'missed', updated_at = now()
WHERE school_year = $1 AND wave = $2 AND state IN ('planned', 'approved')
RETURNING wave
)sql";

constexpr const char* kWaveEvent = R"sql(
INSERT INTO nudged.wave_events (school_year, wave, old_state, new_state, actor, detail)
VALUES ($1, $2, NULLIF($3, ''), $4, 'scheduler', $5)
)sql";

constexpr const char* kClose = R"sql(
UPDATE nudged.waves SET state = 'sent', updated_at = now()
WHERE school_year = $1 AND wave = $2 AND state = 'enqueued'
RETURNING wave
)sql";

constexpr const char* kCounts = R"sql(
SELECT state, channel, count(*) FROM nudged.outbox
WHERE school_year = $1 AND wave = $2 GROUP BY state, channel
)sql";

}  // namespace

Status ReadSchedulerView(pqxx::connection& connection, const std::string& school_year,
                         const Schedule& schedule, SchedulerView* view) {
  try {
    pqxx::read_transaction tx{connection};
    *view = SchedulerView{};
    std::map<int, Date> covered_through;
    for (const auto& row : tx.exec_params(kSyncsByWave, school_year)) {
      const Date as_of = *ParseIsoDate(row[1].as<std::string>());
      covered_through[row[0].as<int>()] = as_of;
      if (!view->last_sync_as_of || *view->last_sync_as_of < as_of) view->last_sync_as_of = as_of;
    }
    for (const Wave& wave : schedule.waves) {
      const auto it = covered_through.find(wave.number);
      view->waves[wave.number].covered =
          it != covered_through.end() && it->second >= wave.count_through;
    }
    for (const auto& row : tx.exec_params(kWaveStates, school_year)) {
      view->waves[row[0].as<int>()].state = row[1].as<std::string>();
    }
    for (const auto& row : tx.exec_params(kUnfinished, school_year)) {
      WaveProgress& progress = view->waves[row[0].as<int>()];
      progress.unfinished = row[1].as<long>();
      progress.waiting = row[2].as<long>();
    }
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("read the scheduler's view");
  }
}

Status RecordMissedWave(pqxx::connection& connection, const WaveKey& wave, const std::string& why,
                        bool* recorded) {
  try {
    pqxx::work tx{connection};
    const bool inserted =
        !tx.exec_params(kInsertMissed, wave.school_year, wave.number, FormatIsoDate(wave.date),
                        FormatIsoDate(wave.count_through), std::string(WaveKindName(wave.kind)))
             .empty();
    const pqxx::result marked = tx.exec_params(kMarkMissed, wave.school_year, wave.number);
    *recorded = inserted || !marked.empty();
    if (*recorded) {
      // An inserted row had no state before; an updated one was planned or approved.
      tx.exec_params(kWaveEvent, wave.school_year, wave.number,
                     std::string(inserted ? "" : "planned"), "missed", why);
    }
    tx.commit();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("record a missed wave");
  }
}

Status CloseWave(pqxx::connection& connection, const WaveKey& wave, bool* closed) {
  try {
    pqxx::work tx{connection};
    *closed = !tx.exec_params(kClose, wave.school_year, wave.number).empty();
    if (*closed) {
      tx.exec_params(kWaveEvent, wave.school_year, wave.number, "enqueued", "sent",
                     "every message reached a final state");
    }
    tx.commit();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("close a wave");
  }
}

Status ReadWaveCounts(pqxx::connection& connection, const std::string& school_year, int wave,
                      WaveCounts* counts) {
  try {
    pqxx::read_transaction tx{connection};
    *counts = WaveCounts{};
    for (const auto& row : tx.exec_params(kCounts, school_year, wave)) {
      const auto n = row[2].as<std::int64_t>();
      counts->by_state[row[0].as<std::string>()] += n;
      counts->by_channel[row[1].as<std::string>()] += n;
    }
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("count a wave's messages");
  }
}

}  // namespace nudged
