// A Provider that passes every call through to another and reports each send's outcome to an
// observer: how metrics see provider latency, outcomes and 429s without the dispatcher
// knowing about them. Give the dispatcher the ObservedProvider instead of the real one.
//
//   ObservedProvider observed(*client, metrics.ProviderResponseObserver());
//   Dispatcher dispatcher(..., io, observed, clock);
//
// Thread-safety: as the wrapped Provider's. The observer runs on the wrapped provider's
// executor, once per Send, before the dispatcher's callback; it must be thread-safe when the
// provider calls back from several threads, and quick (it delays the callback). The wrapped
// Provider must outlive this one.

#ifndef NUDGED_PROVIDER_OBSERVED_PROVIDER_H_
#define NUDGED_PROVIDER_OBSERVED_PROVIDER_H_

#include <functional>
#include <string>

#include "provider/provider.h"

namespace nudged {

// Called with the message's channel and what the attempt established (outcome.latency is the
// request's duration, outcome.http_status 429 for a throttled one).
using ProviderObserver = std::function<void(Channel channel, const SendOutcome& outcome)>;

class ObservedProvider final : public Provider {
 public:
  ObservedProvider(Provider& provider, ProviderObserver observer);

  void Send(const OutgoingMessage& message, SendCallback done) override;
  void ListSent(Channel channel, const std::string& to, std::chrono::sys_seconds since,
                ListCallback done) override;

 private:
  // Constant after construction.
  Provider& provider_;
  const ProviderObserver observer_;
};

}  // namespace nudged

#endif  // NUDGED_PROVIDER_OBSERVED_PROVIDER_H_
