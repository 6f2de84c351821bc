// The outcome -> transition table of DESIGN.md "Delivery semantics", one row per case.

#include "dispatch/transition.h"

#include <catch2/catch.hpp>
#include <vector>

namespace nudged {
namespace {

using std::chrono::milliseconds;

struct TransitionCase {
  const char* name;
  SendResult result;
  const char* code;
  std::optional<int> retry_after_ms;
  int attempt;
  OutboxState to;
  int retry_delay_ms;
  bool opt_out;
};

TEST_CASE("each send outcome moves the row as the table says", "[dispatch][transition]") {
  const RetryPolicy policy{3, milliseconds(1000), milliseconds(8000)};
  const std::vector<TransitionCase> cases = {
      {"accepted", SendResult::kAccepted, "", std::nullopt, 1, OutboxState::kSent, 0, false},
      {"accepted on the last attempt", SendResult::kAccepted, "", std::nullopt, 3,
       OutboxState::kSent, 0, false},
      {"429 on attempt 1 retries after the jitter", SendResult::kRetryable, "20429", std::nullopt,
       1, OutboxState::kReady, 500, false},
      {"429 with Retry-After waits at least that long", SendResult::kRetryable, "20429", 4000, 1,
       OutboxState::kReady, 4000, false},
      {"retryable on attempt 2 doubles the ceiling", SendResult::kRetryable, "", std::nullopt, 2,
       OutboxState::kReady, 1000, false},
      {"retryable on the last attempt fails", SendResult::kRetryable, "20429", 1000, 3,
       OutboxState::kFailed, 0, false},
      {"invalid number fails at once", SendResult::kPermanent, "21211", std::nullopt, 1,
       OutboxState::kFailed, 0, false},
      {"not a mobile number fails at once", SendResult::kPermanent, "21614", std::nullopt, 1,
       OutboxState::kFailed, 0, false},
      {"unsubscribed fails and records an opt-out", SendResult::kPermanent, "21610",
       std::nullopt, 1, OutboxState::kFailed, 0, true},
      {"ambiguous becomes unknown", SendResult::kAmbiguous, "", std::nullopt, 1,
       OutboxState::kUnknown, 0, false},
      {"ambiguous on the last attempt is still unknown", SendResult::kAmbiguous, "", std::nullopt,
       3, OutboxState::kUnknown, 0, false},
  };
  for (const TransitionCase& c : cases) {
    SECTION(c.name) {
      SendOutcome outcome;
      outcome.result = c.result;
      outcome.provider_code = c.code;
      outcome.detail = "detail";
      if (c.retry_after_ms) outcome.retry_after = milliseconds(*c.retry_after_ms);
      const SendTransition t = TransitionAfterSend(outcome, c.attempt, policy, 0.5);
      CHECK(OutboxStateName(t.to) == OutboxStateName(c.to));
      CHECK(t.retry_delay == milliseconds(c.retry_delay_ms));
      CHECK(t.opt_out == c.opt_out);
      CHECK_THAT(t.detail, Catch::StartsWith("detail"));
    }
  }
}

}  // namespace
}  // namespace nudged
