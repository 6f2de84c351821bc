// The webhook listener's statements on the state database: recording status callbacks and
// applying them to nudged.outbox (with their audit events), and recording inbound messages
// with their opt-out or opt-in. A batch of requests is written in one transaction, set-based,
// so thousands of callbacks a second cost a few commits. Every request is stored before it is
// acknowledged; a callback whose row is not sent yet stays pending (sql/004_webhooks.sql) and
// is applied by ApplyPending once the dispatcher has recorded the row as sent.
//
// Not thread-safe: one WebhookStore per connection, used from the database thread only.
// libpqxx exceptions never leave it: every method returns a Status (db/errors.h).

#ifndef NUDGED_HTTP_WEBHOOK_STORE_H_
#define NUDGED_HTTP_WEBHOOK_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "http/callback_status.h"
#include "http/inbound_keyword.h"
#include "nudged/status.h"

namespace nudged {

// One status callback as received.
struct StatusCallback {
  std::optional<std::int64_t> outbox_id;  // from the callback URL's query; nullopt when absent
  std::string sid;                        // MessageSid or CallSid
  std::string provider_status;            // MessageStatus or CallStatus as sent
  CallbackState state = CallbackState::kSent;
  std::string error_code;  // ErrorCode; empty when none
  std::string detail;      // for the audit: "status callback MessageStatus=..."
};

// One inbound message as received, with what its keyword asks for.
struct InboundMessage {
  std::string message_sid;
  std::string from;
  std::string to;
  std::string body;
  InboundAction action = InboundAction::kForStaff;
};

class WebhookStore {
 public:
  explicit WebhookStore(pqxx::connection& connection) : connection_(&connection) {}

  // Stores `callbacks` and `inbound` in one transaction and applies what can be applied now:
  // callbacks move their rows forward (never back), inbound keywords opt their sender out of
  // sms and voice or back in (a provider retry of a MessageSid already stored does nothing).
  // Logs each change after the commit. Returns Unavailable when the connection is lost,
  // InDoubt when the commit's fate is unknown (storing again is harmless).
  Status Record(const std::vector<StatusCallback>& callbacks,
                const std::vector<InboundMessage>& inbound);

  // Applies pending callbacks whose rows have been sent since (the dispatcher commits the SID
  // after the provider answered; a callback may come first). Sets *applied to the rows changed.
  Status ApplyPending(int* applied);

 private:
  pqxx::connection* connection_;
};

}  // namespace nudged

#endif  // NUDGED_HTTP_WEBHOOK_STORE_H_
