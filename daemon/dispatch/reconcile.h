// Reconciliation of an ambiguous send: which of the messages or calls the provider reports
// having sent to the recipient is the row's attempt, and what becomes of the row.
//   - a text message matches on its body, created no earlier than the attempt's start less
//     the allowed clock skew;
//   - a call (the provider's list does not return what it said) matches on the number and
//     the time: created within the skew of the attempt's start, the closest one;
//   - found: the row is sent with that SID; not found within `grace` after the attempt: ready
//     again, the only way an unknown row is resent (failed once its attempts are used up);
//     otherwise it stays unknown and is looked at again after `interval`.
// Pure; thread-safe.

#ifndef NUDGED_DISPATCH_RECONCILE_H_
#define NUDGED_DISPATCH_RECONCILE_H_

#include <chrono>
#include <vector>

#include "dispatch/outbox_store.h"
#include "dispatch/transition.h"
#include "provider/provider.h"

namespace nudged {

// How far the provider's clock may be from ours. Listing starts this long before the attempt.
inline constexpr std::chrono::seconds kProviderClockSkew{60};

struct ReconcilePolicy {
  std::chrono::seconds grace{60};     // not found this long after the attempt: resend
  std::chrono::seconds interval{5};   // between two looks at one row
  int max_attempts = 5;
};

// Returns the record that is `row`'s attempt, or nullptr. The pointer is into `records`.
const SentRecord* FindAttempt(const UnknownRow& row, const std::vector<SentRecord>& records);

// Returns the change for `row` after listing the provider at `now` found `match` (or nullptr).
RowChange ReconcileChange(const UnknownRow& row, const SentRecord* match, Instant now,
                          const ReconcilePolicy& policy);

}  // namespace nudged

#endif  // NUDGED_DISPATCH_RECONCILE_H_
