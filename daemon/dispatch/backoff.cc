// Implementation details: the doubling stops once it reaches the ceiling, so a large attempt
// number cannot overflow.

#include "dispatch/backoff.h"

#include <algorithm>

namespace nudged {

RetryPolicy RetryPolicy::From(const ProviderConfig& provider) {
  return RetryPolicy{provider.max_attempts, std::chrono::milliseconds(provider.backoff_initial_ms),
                     std::chrono::milliseconds(provider.backoff_max_ms)};
}

std::chrono::milliseconds BackoffCeiling(const RetryPolicy& policy, int attempt) {
  std::chrono::milliseconds ceiling = policy.initial;
  for (int i = 1; i < attempt && ceiling < policy.max; ++i) ceiling *= 2;
  return std::min(ceiling, policy.max);
}

std::chrono::milliseconds RetryDelay(const RetryPolicy& policy, int attempt,
                                     std::optional<std::chrono::milliseconds> retry_after,
                                     double unit_random) {
  const auto jittered = std::chrono::milliseconds(static_cast<std::int64_t>(
      unit_random * static_cast<double>(BackoffCeiling(policy, attempt).count())));
  return std::max(jittered, retry_after.value_or(std::chrono::milliseconds(0)));
}

}  // namespace nudged
