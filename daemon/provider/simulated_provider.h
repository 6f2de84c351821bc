// A Provider that sends nothing anywhere: it accepts every message and call at once with a
// fresh SID, on the given executor, and remembers what it accepted so reconciliation finds
// it and so the caller can post the delivery receipts a carrier would (TakeAccepted).
// `nudged simulate` dispatches to it, so a simulation on a production configuration can
// never reach the configured provider. Thread-safe.

#ifndef NUDGED_PROVIDER_SIMULATED_PROVIDER_H_
#define NUDGED_PROVIDER_SIMULATED_PROVIDER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "provider/provider.h"

namespace nudged {

class SimulatedProvider : public Provider {
 public:
  explicit SimulatedProvider(boost::asio::any_io_executor executor);

  void Send(const OutgoingMessage& message, SendCallback done) override;
  void ListSent(Channel channel, const std::string& to, std::chrono::sys_seconds since,
                ListCallback done) override;

  // A message or call accepted, as its status callbacks name it.
  struct Receipt {
    std::int64_t outbox_id = 0;
    Channel channel = Channel::kSms;
    std::string sid;
  };

  // Messages and calls accepted so far.
  std::int64_t accepted() const;

  // Returns the messages and calls accepted since the previous call (all of them on the first
  // call), in the order accepted, and forgets them here; ListSent still finds them.
  std::vector<Receipt> TakeAccepted();

 private:
  struct Accepted {
    Channel channel;
    SentRecord record;
  };

  const boost::asio::any_io_executor executor_;
  const std::uint64_t run_id_;  // the random half of every SID
  mutable std::mutex mutex_;
  std::vector<Accepted> accepted_;  // guarded by mutex_
  std::vector<Receipt> receipts_;   // guarded by mutex_; not taken yet
};

}  // namespace nudged

#endif  // NUDGED_PROVIDER_SIMULATED_PROVIDER_H_
