// When to try a message again after an attempt that certainly was not accepted: exponential
// backoff with full jitter (a uniformly random delay up to initial * 2^(attempt-1), capped at
// max), but never sooner than the provider's Retry-After. Pure functions; thread-safe.

#ifndef NUDGED_DISPATCH_BACKOFF_H_
#define NUDGED_DISPATCH_BACKOFF_H_

#include <chrono>
#include <optional>

#include "config/config.h"

namespace nudged {

struct RetryPolicy {
  int max_attempts = 5;                        // attempts per message, the first included
  std::chrono::milliseconds initial{1000};     // ceiling of the delay after the first attempt
  std::chrono::milliseconds max{60000};        // ceiling of every delay

  static RetryPolicy From(const ProviderConfig& provider);
};

// Returns the ceiling of the jittered delay after attempt number `attempt` (from 1):
// min(max, initial * 2^(attempt - 1)).
std::chrono::milliseconds BackoffCeiling(const RetryPolicy& policy, int attempt);

// Returns the delay before the next attempt after attempt `attempt` failed retryably:
// max(retry_after, unit_random * BackoffCeiling). REQUIRES: 0 <= unit_random < 1.
std::chrono::milliseconds RetryDelay(const RetryPolicy& policy, int attempt,
                                     std::optional<std::chrono::milliseconds> retry_after,
                                     double unit_random);

}  // namespace nudged

#endif  // NUDGED_DISPATCH_BACKOFF_H_
