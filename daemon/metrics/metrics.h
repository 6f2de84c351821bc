// The Prometheus metrics of one nudged process (issue 5, "Health and metrics"), served as
// text on /metrics. Two kinds of figures:
//   - gauges read from the state database by Refresh (state_snapshot.h): messages by state
//     and channel, queue depth, age of the oldest due message, unknown rows, last successful
//     sync, last plan and enqueue, held waves. They describe the whole database, so every
//     instance sharing it reports the same values;
//   - counters and a histogram fed by this process as things happen: provider requests
//     (latency, outcome, 429s, messages sent) through RecordProviderResponse, webhook
//     callbacks through RecordWebhookCallback.
//
// Usage:
//   Metrics metrics;
//   ObservedProvider observed(client, metrics.ProviderResponseObserver());   // give the dispatcher
//   this Status s = metrics.Refresh(connection, clock.Now());              // every 15 s or so
//   systemd::NotifyStatus(metrics.StatusLine());                      // after each refresh
//   std::string text = metrics.Serialize();                           // on each scrape
//
// Refresh scans nudged.outbox once (state_snapshot.h): call it on a timer from a thread with
// its own connection, not once per scrape.
//
// Thread-safety: every method may be called from any thread. Refresh uses `connection` only
// for its duration (the caller must not use it concurrently). Serialize never sees a Refresh
// half applied.

#ifndef NUDGED_METRICS_METRICS_H_
#define NUDGED_METRICS_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <string_view>
#include <utility>

#include "metrics/state_snapshot.h"
#include "nudged/clock.h"
#include "nudged/message.h"
#include "nudged/status.h"
#include "provider/observed_provider.h"
#include "provider/provider.h"

namespace nudged {

class Metrics {
 public:
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Reads the database-derived gauges at `now` (the dispatcher's clock) and applies them.
  // On failure the gauges keep their last values and the Status says why.
  Status Refresh(pqxx::connection& connection, Instant now);

  // Sets the database-derived gauges to `snapshot`: (state, channel) pairs absent from it
  // read 0.
  void Apply(const StateSnapshot& snapshot);

  // Counts one provider answer on `channel`: its latency in the histogram, its outcome
  // ("accepted", "retryable", "permanent", "ambiguous"), a 429 when http_status is 429, and
  // a message sent when accepted.
  void RecordProviderResponse(Channel channel, const SendOutcome& outcome);

  // Returns an observer calling RecordProviderResponse, for ObservedProvider
  // (provider/observed_provider.h). The Metrics must outlive it.
  ProviderObserver ProviderResponseObserver();

  // Counts one webhook callback of `kind`, a short fixed name chosen by the webhook code
  // (e.g. "message_status", "call_status", "inbound"), never a value from the request.
  void RecordWebhookCallback(std::string_view kind);

  // Returns every metric in the Prometheus text exposition format (version 0.0.4).
  std::string Serialize() const;

  // Returns StatusSummary (state_snapshot.h) of the last snapshot applied, for sd_notify
  // STATUS=; "no snapshot yet" before the first.
  std::string StatusLine() const;

 private:
  // Apply with snapshot_mutex_ held.
  void ApplyLocked(const StateSnapshot& snapshot);

  static constexpr int kChannels = 4;  // Channel's values, in order
  static constexpr int kOutcomes = 4;  // SendResult's values, in order

  // Constant after construction; the metrics themselves are thread-safe (prometheus-cpp).
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Gauge>* messages_;
  prometheus::Gauge* queue_depth_;
  prometheus::Gauge* oldest_due_age_;
  prometheus::Gauge* unknown_;
  prometheus::Gauge* last_sync_success_;
  prometheus::Gauge* last_plan_;
  prometheus::Gauge* last_enqueue_;
  prometheus::Gauge* held_waves_;
  prometheus::Gauge* last_refresh_;
  std::array<prometheus::Histogram*, kChannels> latency_;
  std::array<std::array<prometheus::Counter*, kOutcomes>, kChannels> responses_;
  std::array<prometheus::Counter*, kChannels> throttled_;
  std::array<prometheus::Counter*, kChannels> sent_;
  prometheus::Family<prometheus::Counter>* webhook_callbacks_;

  // Held by Apply and Serialize, so a scrape sees one snapshot whole.
  mutable std::mutex snapshot_mutex_;
  // Guarded by snapshot_mutex_: the gauge of each (state, channel) seen so far, and the last
  // snapshot applied.
  std::map<std::pair<std::string, std::string>, prometheus::Gauge*> message_gauges_;
  std::optional<StateSnapshot> last_snapshot_;
};

}  // namespace nudged

#endif  // NUDGED_METRICS_METRICS_H_
