// The scheduler inside `nudged run`'s event loop: a timer on the daemon's io_context wakes it
// when the next sync or plan is due (or every poll interval, to notice an approved wave or a
// lease to take over), and each round runs on the scheduler's own thread, so a long sync never
// blocks the loop that sends messages and answers HTTP. A round that fails (database down) is
// retried with exponential backoff; the failure and the recovery are logged once each, not on
// every try.
//
//   SchedulerService scheduler(io, clock, std::move(worker));
//   scheduler.Start();                       // a first round at once (catch-up)
//   scheduler.Reconfigure(config, path);     // after SIGHUP
//   scheduler.RequestStop();                 // from a signal handler on io's thread
//   scheduler.Join();                        // after io stopped: waits for the round, lets
//                                            // the lease go
// Start, Reconfigure and RequestStop must be called on io's thread (or before io runs).

#ifndef NUDGED_SCHEDULER_SCHEDULER_SERVICE_H_
#define NUDGED_SCHEDULER_SCHEDULER_SERVICE_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "nudged/clock.h"
#include "nudged/status.h"
#include "scheduler/scheduler_worker.h"

namespace nudged {

class SchedulerService {
 public:
  // Longest wait between two rounds. Default: 10 s.
  static constexpr std::chrono::seconds kPollInterval{10};

  // REQUIRES: worker was configured. `clock` decides what is due (the database clock).
  SchedulerService(boost::asio::io_context& io, Clock& clock,
                   std::unique_ptr<SchedulerWorker> worker);
  ~SchedulerService();

  SchedulerService(const SchedulerService&) = delete;
  SchedulerService& operator=(const SchedulerService&) = delete;

  void Start();
  // Hands the worker a new configuration (its templates already checked) and runs a round.
  void Reconfigure(const Config& config, const std::string& config_path);
  void RequestStop();
  void Join();
  // Whether this instance holds the leader lease (as of its last round). Thread-safe.
  bool leader() const { return worker_->leader(); }

 private:
  void Arm(std::chrono::steady_clock::duration wait);
  void StartRound();
  void RoundDone(const Status& status, std::optional<Instant> next);

  boost::asio::io_context& io_;
  Clock& clock_;
  boost::asio::steady_timer timer_;
  boost::asio::thread_pool thread_{1};

  // Scheduler thread only (and the constructor).
  std::unique_ptr<SchedulerWorker> worker_;

  // io's thread only.
  bool running_round_ = false;
  bool round_again_ = false;  // a reconfiguration came during a round
  bool stopping_ = false;
  bool healthy_ = true;
  std::chrono::seconds backoff_{0};
};

}  // namespace nudged

#endif  // NUDGED_SCHEDULER_SCHEDULER_SERVICE_H_
