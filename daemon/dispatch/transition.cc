// Implementation details: the detail of a refused retry names the attempts used, so the audit
// trail says why a retryable error ended the row.

#include "dispatch/transition.h"

#include <fmt/format.h>

namespace nudged {

std::string_view OutboxStateName(OutboxState state) {
  switch (state) {
    case OutboxState::kReady: return "ready";
    case OutboxState::kSending: return "sending";
    case OutboxState::kSent: return "sent";
    case OutboxState::kFailed: return "failed";
    case OutboxState::kExpired: return "expired";
    case OutboxState::kUnknown: return "unknown";
  }
  return "unknown";
}

SendTransition TransitionAfterSend(const SendOutcome& outcome, int attempt,
                                   const RetryPolicy& policy, double unit_random) {
  SendTransition transition;
  transition.detail = outcome.detail;
  switch (outcome.result) {
    case SendResult::kAccepted:
      transition.to = OutboxState::kSent;
      break;
    case SendResult::kRetryable:
      if (attempt >= policy.max_attempts) {
        transition.to = OutboxState::kFailed;
        transition.detail = fmt::format("{}; gave up after {} attempts", outcome.detail, attempt);
      } else {
        transition.to = OutboxState::kReady;
        transition.retry_delay = RetryDelay(policy, attempt, outcome.retry_after, unit_random);
      }
      break;
    case SendResult::kPermanent:
      transition.to = OutboxState::kFailed;
      transition.opt_out = outcome.provider_code == kUnsubscribedCode;
      break;
    case SendResult::kAmbiguous:
      transition.to = OutboxState::kUnknown;
      break;
  }
  return transition;
}

}  // namespace nudged
