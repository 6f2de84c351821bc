#include "metrics/provider_health_log.h"

#include <spdlog/spdlog.h>

#include "common/log_value.h"

namespace nudged {
namespace {

// The provider's fault: no answer at all, or a server error.
bool IsProviderFailure(const SendOutcome& outcome) {
  if (outcome.result == SendResult::kAccepted || outcome.result == SendResult::kPermanent) {
    return false;
  }
  return outcome.http_status == 0 || outcome.http_status >= 500;
}

}  // namespace

void ProviderHealthLog::Observe(const SendOutcome& outcome) {
  std::lock_guard lock(mutex_);
  if (IsProviderFailure(outcome)) {
    ++consecutive_failures_;
    if (!failing_ && consecutive_failures_ >= failures_to_fail_) {
      failing_ = true;
      spdlog::error("provider failing failures={} status={} detail={}", consecutive_failures_,
                    outcome.http_status, LogQuote(outcome.detail));
    }
  } else if (outcome.result == SendResult::kAccepted) {
    if (failing_) {
      spdlog::info("provider recovered failures={}", consecutive_failures_);
    }
    failing_ = false;
    consecutive_failures_ = 0;
  }
}

bool ProviderHealthLog::failing() const {
  std::lock_guard lock(mutex_);
  return failing_;
}

}  // namespace nudged
