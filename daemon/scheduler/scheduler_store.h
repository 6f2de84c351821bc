// What the scheduler reads from and writes to the state database: the view it decides on
// (scheduler/scheduler.h), a missed wave, a closed wave and a wave's outbox counts.
// Not thread-safe: uses the caller's connection.

#ifndef NUDGED_SCHEDULER_SCHEDULER_STORE_H_
#define NUDGED_SCHEDULER_SCHEDULER_STORE_H_

#include <cstdint>
#include <map>
#include <pqxx/connection>
#include <string>

#include "calendar/schedule.h"
#include "calendar/wave_key.h"
#include "nudged/status.h"
#include "scheduler/scheduler.h"

namespace nudged {

// A wave's outbox rows by state ("delivered" -> 120), over every channel, and by channel.
struct WaveCounts {
  std::map<std::string, std::int64_t> by_state;
  std::map<std::string, std::int64_t> by_channel;
  std::int64_t Get(const std::string& state) const {
    const auto it = by_state.find(state);
    return it == by_state.end() ? 0 : it->second;
  }
};

// Fills *view for `school_year` of `schedule`. Returns Unavailable/Internal on database errors.
Status ReadSchedulerView(pqxx::connection& connection, const std::string& school_year,
                         const Schedule& schedule, SchedulerView* view);

// Records `wave` as missed (creating its row if absent) with a wave_events row saying `why`;
// a wave that is no longer planned or approved is left alone. Sets *recorded when it changed.
Status RecordMissedWave(pqxx::connection& connection, const WaveKey& wave, const std::string& why,
                        bool* recorded);

// Moves an enqueued wave to sent. Sets *closed when it changed.
Status CloseWave(pqxx::connection& connection, const WaveKey& wave, bool* closed);

// Reads the outbox counts of `wave`.
Status ReadWaveCounts(pqxx::connection& connection, const std::string& school_year, int wave,
                      WaveCounts* counts);

}  // namespace nudged

#endif  // NUDGED_SCHEDULER_SCHEDULER_STORE_H_
