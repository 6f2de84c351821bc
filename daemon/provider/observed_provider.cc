#include "provider/observed_provider.h"

#include <utility>

namespace nudged {

ObservedProvider::ObservedProvider(Provider& provider, ProviderObserver observer)
    : provider_(provider), observer_(std::move(observer)) {}

void ObservedProvider::Send(const OutgoingMessage& message, SendCallback done) {
  provider_.Send(message,
                 [this, channel = message.channel, done = std::move(done)](SendOutcome outcome) {
                   if (observer_) observer_(channel, outcome);
                   done(std::move(outcome));
                 });
}

void ObservedProvider::ListSent(Channel channel, const std::string& to,
                                std::chrono::sys_seconds since, ListCallback done) {
  provider_.ListSent(channel, to, since, std::move(done));
}

}  // namespace nudged
