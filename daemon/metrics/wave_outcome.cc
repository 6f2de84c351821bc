// Implementation details: one GROUP BY over the wave's rows, found through the outbox's
// unique key (school_year, wave, ...).

#include "metrics/wave_outcome.h"

#include <fmt/format.h>

#include <pqxx/pqxx>
#include <utility>

#include "db/errors.h"
#include "nudged/date.h"

namespace nudged {
namespace {

constexpr const char* kWaveStates = R"sql(
SELECT state, count(*) FROM nudged.outbox WHERE school_year = $1 AND wave = $2 GROUP BY state
)sql";

}  // namespace

std::int64_t WaveOutcome::Count(const std::string& state) const {
  const auto it = by_state.find(state);
  return it == by_state.end() ? 0 : it->second;
}

std::int64_t WaveOutcome::Pending() const {
  return Count("planned") + Count("ready") + Count("sending") + Count("unknown");
}

Status ReadWaveOutcome(pqxx::connection& connection, const WaveKey& wave, WaveOutcome* outcome) {
  try {
    pqxx::read_transaction tx(connection);
    WaveOutcome read;
    for (const auto& row : tx.exec_params(kWaveStates, wave.school_year, wave.number)) {
      read.by_state[row[0].as<std::string>()] = row[1].as<std::int64_t>();
    }
    *outcome = std::move(read);
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("read the wave's outcome");
  }
}

std::string WaveOutcomeFields(const WaveKey& wave, const WaveOutcome& outcome) {
  std::int64_t messages = 0;
  for (const auto& [state, count] : outcome.by_state) messages += count;
  const std::int64_t accepted =
      outcome.Count("sent") + outcome.Count("delivered") + outcome.Count("undelivered");
  return fmt::format(
      "wave={} date={} messages={} accepted={} delivered={} undelivered={} failed={} "
      "expired={} pending={}",
      wave.number, FormatIsoDate(wave.date), messages, accepted, outcome.Count("delivered"),
      outcome.Count("undelivered"), outcome.Count("failed"), outcome.Count("expired"),
      outcome.Pending());
}

}  // namespace nudged
