// The sending side of the dispatcher, on an Asio io_context: takes claimed rows (already
// durable in state sending), sends each once through the Provider within the concurrency cap,
// the sender's rate limit and the send window, and turns each outcome into a RowChange for the
// database thread (transition.h). It also runs the provider listings of reconciliation.
//
// A row that cannot go out after all (the window closed, its deadline passed, the dispatcher
// is stopping) is handed back unsent: ready again, its attempt given back. No request starts
// after the fence (Renew): once this instance's heartbeat is overdue, others may soon take its
// rows as abandoned, so rows wait until the database thread renews it.
//
// Thread-safety: Submit, Reconcile, Stop and the counters may be called from any thread; the
// rest runs on the pump's strand. The Provider, Clock, SendGate and ChangeQueue must outlive
// every pending handler.

#ifndef NUDGED_DISPATCH_SEND_PUMP_H_
#define NUDGED_DISPATCH_SEND_PUMP_H_

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <vector>

#include "dispatch/backoff.h"
#include "dispatch/change_queue.h"
#include "dispatch/outbox_store.h"
#include "dispatch/reconcile.h"
#include "dispatch/send_gate.h"
#include "dispatch/token_bucket.h"
#include "nudged/clock.h"
#include "provider/provider.h"

namespace nudged {

struct SendPumpOptions {
  double rate_per_second = 1.0;  // the sender's limit (token_bucket.h)
  int concurrency = 4;           // requests in flight at once
  // Longest a request may take (connect and request timeouts): a row whose lease ends sooner
  // is handed back instead of sent, so no request outlives its lease.
  std::chrono::milliseconds request_budget{20000};
  RetryPolicy retry;
  ReconcilePolicy reconcile;
  std::uint64_t seed = 0;        // of the backoff jitter
};

class SendPump {
 public:
  SendPump(boost::asio::io_context& io, Provider& provider, Clock& clock, const SendGate& gate,
           ChangeQueue& changes, const SendPumpOptions& options);

  // Queues claimed rows for sending, in order.
  void Submit(std::vector<ClaimedMessage> messages);

  // Lists the provider's messages for each leased unknown row and queues its change.
  void Reconcile(std::vector<UnknownRow> rows);

  // Sends nothing more: queued rows are handed back unsent; requests in flight finish.
  void Stop();

  // Lets requests start until `fence` (clock time). Until the first call, none starts.
  void Renew(Instant fence) { fence_us_ = fence.time_since_epoch().count(); }

  // Rows submitted and not yet sent; requests in flight; provider listings in flight. Safe
  // from any thread.
  int queued() const { return queued_.load(); }
  int in_flight() const { return in_flight_.load(); }
  int reconciling() const { return reconciling_.load(); }

  // Returns how many requests the rate limit lets start by `when` (token_bucket.h FreeBy).
  int TokensFreeBy(Instant when) const;

  // The rate limit's window: a send leaves it this long after it started. Constant, so safe
  // from any thread without the bucket's mutex.
  std::chrono::microseconds rate_period() const { return bucket_.period(); }

 private:
  // Starts sends while there is work, a free request slot, a token and an open window.
  void Pump();
  void OnSent(const ClaimedMessage& message, const SendOutcome& outcome);
  void OnListed(const UnknownRow& row, const Status& status,
                const std::vector<SentRecord>& records);
  // Hands every queued row back unsent, due at `next_at` (nullopt: at once).
  void ReleaseQueued(const std::string& why, std::optional<Instant> next_at);
  void Release(const ClaimedMessage& message, const std::string& why,
               std::optional<Instant> next_at);
  // Runs Pump again after `wait` (real time), unless already scheduled.
  void PumpAfter(std::chrono::microseconds wait);

  // Constant after construction.
  Provider& provider_;
  Clock& clock_;
  const SendGate& gate_;
  ChangeQueue& changes_;
  const SendPumpOptions options_;

  // Written on the strand (queued_ also by Submit), read from any thread.
  std::atomic<int> queued_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> reconciling_{0};
  std::atomic<std::int64_t> fence_us_{0};  // microseconds since the epoch

  // Strand only.
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;
  bool stopping_ = false;
  std::deque<ClaimedMessage> queue_;
  // Taken on the strand, read by the database thread through TokensFreeBy.
  mutable std::mutex bucket_mutex_;
  TokenBucket bucket_;  // guarded by bucket_mutex_
  std::mt19937_64 random_;
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_SEND_PUMP_H_
