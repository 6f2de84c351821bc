// The status callbacks the fake provider posts for a message or call it accepted whose create
// request named a StatusCallback, as Twilio does: for a message "sent" after `delay`, then
// "delivered" after twice `delay`; for a call "initiated", "ringing", then "completed". A
// "callback" fault for the number replaces the final status (e.g. "undelivered" with ErrorCode
// 30003, or "busy" for a call). Each is signed with X-Twilio-Signature by the auth token
// (daemon/http/twilio_signature.h) and posted only to a plain-HTTP loopback URL (127.0.0.1,
// localhost, [::1]); other URLs get none. Pure functions over values; thread-safe.

#ifndef NUDGED_TOOLS_FAKE_PROVIDER_CALLBACKS_H_
#define NUDGED_TOOLS_FAKE_PROVIDER_CALLBACKS_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "provider/form_encoding.h"
#include "twilio_shapes.h"

namespace nudged::fake {

// A loopback URL split for a plain HTTP client.
struct LoopbackUrl {
  std::string host;  // an IP literal
  unsigned short port = 80;
  std::string target;  // path and query
};

// Returns the parts of `url` when it is http:// to a loopback host, else nullopt.
std::optional<LoopbackUrl> ParseLoopbackUrl(const std::string& url);

// One callback to post.
struct Callback {
  std::string url;
  std::vector<FormField> params;
  std::string signature;  // X-Twilio-Signature
  std::chrono::milliseconds delay{0};
  std::string sid;
  std::string status;
};

// The final outcome a "callback" fault asks for; empty status: the normal one.
struct CallbackOutcome {
  std::string status;
  std::string error_code;
};

// Returns the callbacks for `record` (none when it has no loopback StatusCallback), signed
// with `auth_token`.
std::vector<Callback> CallbacksFor(const Record& record, const std::string& auth_token,
                                   std::chrono::milliseconds delay, const CallbackOutcome& outcome);

}  // namespace nudged::fake

#endif  // NUDGED_TOOLS_FAKE_PROVIDER_CALLBACKS_H_
