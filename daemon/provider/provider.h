// The seam between the dispatcher and a messaging provider (DESIGN.md "Delivery semantics").
//
// A Provider sends one text message or voice call and classifies what happened into the four
// outcomes the dispatcher's state machine needs; it lists what it sent to a number so an
// ambiguous send can be reconciled instead of blindly repeated. The production implementation
// speaks Twilio's REST API (provider/twilio_client.h); tests drive it against the project's
// fake provider (tools/fake_provider) through Prism.
//
// Both calls are asynchronous: they start the work on the provider's Asio executor and call
// `done` exactly once, on that executor, never inline from the call itself. A Provider must
// outlive every pending callback.

#ifndef NUDGED_PROVIDER_PROVIDER_H_
#define NUDGED_PROVIDER_PROVIDER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nudged/message.h"
#include "nudged/status.h"

namespace nudged {

// One outbox row on its way out. Only kSms and kVoice go through a Provider.
struct OutgoingMessage {
  int64_t outbox_id = 0;  // carried in the status-callback URL
  Channel channel = Channel::kSms;
  std::string to;        // E.164
  std::string body;      // the rendered text; a call reads it aloud
  std::string language;  // BCP 47 tag; picks the voice of a call
};

// What one send attempt established about the message.
enum class SendResult {
  kAccepted,   // the provider took it: `sid` is set
  kRetryable,  // certainly not accepted (429, connection refused, 503 before acceptance)
  kPermanent,  // will never be accepted (21211 invalid number, 21614 not mobile, 21610 STOP...)
  kAmbiguous,  // may have been accepted (timeout or reset after the request was written, 5xx)
};

struct SendOutcome {
  SendResult result = SendResult::kAmbiguous;
  std::string sid;            // provider's SID when kAccepted
  int http_status = 0;        // 0 when no response was read
  std::string provider_code;  // Twilio's error `code`, e.g. "21211"; empty when none
  // Short reason for the audit and the log: no phone number, no secret.
  std::string detail;
  // From a Retry-After header, when the provider sent one.
  std::optional<std::chrono::milliseconds> retry_after;
  // Time from starting the request to its outcome (metrics, benchmarks).
  std::chrono::microseconds latency{0};
};

// A message or call the provider reports having sent.
struct SentRecord {
  std::string sid;
  std::string to;
  std::string body;  // empty for calls: the list of calls does not return the TwiML
  std::chrono::sys_seconds created;
};

class Provider {
 public:
  using SendCallback = std::function<void(SendOutcome)>;
  using ListCallback = std::function<void(Status, std::vector<SentRecord>)>;

  virtual ~Provider() = default;

  // Sends `message` once. Never retries by itself: retrying is the dispatcher's decision.
  virtual void Send(const OutgoingMessage& message, SendCallback done) = 0;

  // Lists the messages (kSms) or calls (kVoice) to `to` created at or after `since`, every
  // page. A failure to list is a non-OK Status (Unavailable for network trouble).
  virtual void ListSent(Channel channel, const std::string& to, std::chrono::sys_seconds since,
                        ListCallback done) = 0;
};

}  // namespace nudged

#endif  // NUDGED_PROVIDER_PROVIDER_H_
