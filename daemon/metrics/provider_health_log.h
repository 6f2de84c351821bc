// Logs the provider's health once per change, not once per request (issue 5: "provider
// outages are ... logged once per state change, not once per try"; "a failing provider is an
// error"). Fed every send outcome, e.g. from the same ObservedProvider as Metrics:
//
//   ProviderHealthLog health;
//   ObservedProvider observed(client, [&](Channel channel, const SendOutcome& outcome) {
//     metrics.RecordProviderResponse(channel, outcome);
//     health.Observe(outcome);
//   });
//
// The provider is failing after `failures_to_fail` outcomes in a row that are its fault: no
// answer (connection refused, timeout, reset), or HTTP 5xx. That logs one error line; the next
// accepted message logs one info line saying it recovered, with how many failed meanwhile.
// A 429 or a permanent error for one number (21211...) is neither a failure nor a recovery.
//
// Thread-safety: Observe may be called from any thread.

#ifndef NUDGED_METRICS_PROVIDER_HEALTH_LOG_H_
#define NUDGED_METRICS_PROVIDER_HEALTH_LOG_H_

#include <cstdint>
#include <mutex>

#include "provider/provider.h"

namespace nudged {

class ProviderHealthLog {
 public:
  // REQUIRES: failures_to_fail >= 1.
  explicit ProviderHealthLog(int failures_to_fail = 3) : failures_to_fail_(failures_to_fail) {}

  void Observe(const SendOutcome& outcome);

  // Whether the provider is failing now (for /readyz or STATUS=).
  bool failing() const;

 private:
  const int failures_to_fail_;  // constant after construction

  mutable std::mutex mutex_;
  // Guarded by mutex_.
  std::int64_t consecutive_failures_ = 0;
  bool failing_ = false;
};

}  // namespace nudged

#endif  // NUDGED_METRICS_PROVIDER_HEALTH_LOG_H_
