// What a provider status callback means for an outbox row (DESIGN.md "Delivery semantics"):
// MessageStatus (SMS) or CallStatus (voice) mapped to an outbox state, and the rank that keeps a
// row from ever going back (a `sent` arriving after `delivered` changes nothing). Statuses the
// provider reports before the outcome is known (queued, ringing, ...) mean only that the
// provider has the message: `sent`. Pure; thread-safe.
//
//   MessageStatus  queued accepted scheduled sending sent -> sent
//                  delivered read                         -> delivered
//                  undelivered                            -> undelivered
//                  failed canceled                        -> failed
//   CallStatus     queued initiated ringing in-progress   -> sent
//                  completed                              -> delivered
//                  busy no-answer canceled                -> undelivered
//                  failed                                 -> failed

#ifndef NUDGED_HTTP_CALLBACK_STATUS_H_
#define NUDGED_HTTP_CALLBACK_STATUS_H_

#include <optional>
#include <string_view>

namespace nudged {

// The outbox states a callback can lead to; their names are stored.
enum class CallbackState { kSent, kDelivered, kUndelivered, kFailed };

std::string_view CallbackStateName(CallbackState state);

// Returns the state a MessageStatus value means; nullopt for a value not listed above.
std::optional<CallbackState> StateOfMessageStatus(std::string_view status);

// Returns the state a CallStatus value means; nullopt for a value not listed above.
std::optional<CallbackState> StateOfCallStatus(std::string_view status);

// Returns the rank of an outbox state name: 1 for sent, 2 for the final delivered,
// undelivered and failed, 0 for any other. A callback changes a row only to a higher rank.
int OutboxStateRank(std::string_view state);

}  // namespace nudged

#endif  // NUDGED_HTTP_CALLBACK_STATUS_H_
