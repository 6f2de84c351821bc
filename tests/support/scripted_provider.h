// A Provider double for the dispatcher tests: answers each Send from a script, after an
// optional latency, on the io_context it was given; records every request with the instant of
// the test's clock; and lists what it "has" (accepted, or ambiguous after acceptance) for
// reconciliation. A hook runs inside Send before the answer is scheduled, so a test can look
// at the database at the moment the request goes out. Swapping it for TwilioClient against the
// fake provider changes only how the Provider is built.
// Thread-safe: Send and ListSent may be called from any thread; Requests from the test's.

#ifndef NUDGED_TESTS_SUPPORT_SCRIPTED_PROVIDER_H_
#define NUDGED_TESTS_SUPPORT_SCRIPTED_PROVIDER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "nudged/clock.h"
#include "provider/provider.h"

namespace nudged::testing {

// The double's answer to one request, and whether the provider keeps the message (ListSent
// reports it): true for accepted ones and for ambiguous ones that went through after all.
struct ScriptedAnswer {
  SendOutcome outcome;
  bool kept = false;
};

ScriptedAnswer Accepted();
ScriptedAnswer Retryable(std::string code, std::optional<std::chrono::milliseconds> retry_after);
ScriptedAnswer Permanent(std::string code);
ScriptedAnswer Ambiguous(bool kept);

class ScriptedProvider : public Provider {
 public:
  // The answer to the `attempt`-th request (from 1) for `message.outbox_id`.
  using Script = std::function<ScriptedAnswer(const OutgoingMessage& message, int attempt)>;

  struct Request {
    std::int64_t outbox_id = 0;
    std::string to;
    Instant at;
    SendResult result = SendResult::kAccepted;
  };

  ScriptedProvider(boost::asio::io_context& io, Clock& clock, Script script,
                   std::chrono::milliseconds latency = std::chrono::milliseconds(0));

  // Runs `hook` inside every Send, before the answer is scheduled, on the caller's thread.
  void OnSend(std::function<void(const OutgoingMessage&)> hook) { hook_ = std::move(hook); }

  std::vector<Request> Requests() const;
  int ListCalls() const;

  void Send(const OutgoingMessage& message, SendCallback done) override;
  void ListSent(Channel channel, const std::string& to, std::chrono::sys_seconds since,
                ListCallback done) override;

 private:
  struct Kept {
    Channel channel;
    SentRecord record;
  };

  boost::asio::io_context& io_;
  Clock& clock_;
  const Script script_;
  const std::chrono::milliseconds latency_;
  std::function<void(const OutgoingMessage&)> hook_;

  mutable std::mutex mutex_;
  // Guarded by mutex_.
  std::vector<Request> requests_;
  std::vector<Kept> kept_;
  std::map<std::int64_t, int> attempts_;
  int list_calls_ = 0;
};

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_SCRIPTED_PROVIDER_H_
