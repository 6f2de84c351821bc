// The outbox states the dispatcher moves rows between, and the rule deciding where a row goes
// after one send attempt (DESIGN.md "Delivery semantics"):
//   kAccepted  -> sent, with the provider's SID;
//   kRetryable -> ready again after RetryDelay, or failed once max_attempts are used up;
//   kPermanent -> failed at once, never retried; code 21610 (unsubscribed) also records an
//                 opt-out for the recipient on the channel;
//   kAmbiguous -> unknown, to be reconciled by listing what the provider sent.
// RowChange is the one record of a state change that travels from the sending side to the
// database thread. Pure; thread-safe.

#ifndef NUDGED_DISPATCH_TRANSITION_H_
#define NUDGED_DISPATCH_TRANSITION_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dispatch/backoff.h"
#include "nudged/clock.h"
#include "provider/provider.h"

namespace nudged {

// The states the dispatcher reads or writes; the names are stored in nudged.outbox.state.
enum class OutboxState { kReady, kSending, kSent, kFailed, kExpired, kUnknown };

std::string_view OutboxStateName(OutboxState state);

// Twilio's "unsubscribed recipient" error: the caregiver replied STOP.
inline constexpr std::string_view kUnsubscribedCode = "21610";

struct SendTransition {
  OutboxState to = OutboxState::kUnknown;
  // When `to` is kReady: how long to wait before the next attempt.
  std::chrono::milliseconds retry_delay{0};
  // Whether the recipient is to be recorded as opted out on the message's channel.
  bool opt_out = false;
  // Why, for the audit and the log: the outcome's detail, plus the reason a retry was refused.
  std::string detail;
};

// Returns where a row goes after attempt number `attempt` (from 1) ended with `outcome`.
// `unit_random` in [0, 1) draws the jitter (backoff.h).
SendTransition TransitionAfterSend(const SendOutcome& outcome, int attempt,
                                   const RetryPolicy& policy, double unit_random);

// One change of one outbox row, applied by the database thread in a group commit only if the
// row is still in `from` at attempt `attempt` and leased by this dispatcher. A change with
// from == to changes no state (it only gives the lease back, e.g. an unknown row that was not
// found yet) and writes no audit row.
struct RowChange {
  std::int64_t outbox_id = 0;
  OutboxState from = OutboxState::kSending;
  OutboxState to = OutboxState::kSending;
  int attempt = 0;         // the row's attempts when it was claimed
  std::string sid;         // provider SID; empty when none
  std::string code;        // provider error code; empty when none
  std::string detail;      // for people: no phone number, no secret
  // to == kReady: next_attempt_at (nullopt: due at once); to == kUnknown: when to reconcile.
  std::optional<Instant> next_at;
  bool unsent = false;     // the request never went out: the attempt is given back
  bool opt_out = false;    // record the recipient as opted out (21610)
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_TRANSITION_H_
