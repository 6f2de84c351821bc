// The outbox dispatcher (DESIGN.md "Delivery semantics"): sends every ready SMS and voice row
// once, inside the send window, at the sender's rate, and leaves every row in a state that says
// what happened. Several dispatchers (threads or processes, one name each) may share a database:
// claims use FOR UPDATE SKIP LOCKED, so no row is sent twice. The rate limit is per sender
// across all of them: only the instance holding the sender's lease (nudged.sender_leases)
// claims and sends; the others stand by and take over when it stops or dies.
//
// Threads: Run() runs the io_context on the calling thread (the provider's requests and the
// SendPump) and one database thread with its own connection doing, in a loop:
//   - a heartbeat, the renewal of the sender's lease and a rescue of rows abandoned by dead
//     instances, every heartbeat_interval; a request starts only within dead_after / 2 of the
//     last heartbeat (the lease's end), so an instance cut off from the database stops sending
//     before others take its rows or its sender, and a new holder waits one rate-limit period
//     after that before its first request;
//   - a group commit of every outcome queued since the last one (ChangeQueue), at most every
//     commit_interval;
//   - a claim of up to claim_batch due rows in one transaction, committed (state sending)
//     before the pump sees them, while the pump's queue has room (free request slots plus a
//     quarter of the concurrency, at most the tokens the rate limit frees within 20 ms);
//   - once a second: expiry of rows past their deadline, deferral of ready rows to the next
//     window while the window is closed, and leasing unknown rows for reconciliation.
// The clock decides every due time: the database's in production (dispatch/database_clock.h),
// a simulated one in tests.
//
// Usage:
//   Dispatcher dispatcher(config.provider, SendGateFor(config), options, connect, io, provider,
//                         clock);
//   Status s = dispatcher.Run();   // blocks until Stop(), or idle with options.until_idle
// Stop() may be called from any thread (e.g. an Asio signal_set handler on `io`).
// Run() stops `io` before returning; run it once per Dispatcher. The Provider must send on
// `io` (or any executor that outlives Run) and outlive the Dispatcher.

#ifndef NUDGED_DISPATCH_DISPATCHER_H_
#define NUDGED_DISPATCH_DISPATCHER_H_

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "db/connection.h"
#include "dispatch/change_queue.h"
#include "dispatch/outbox_store.h"
#include "dispatch/send_gate.h"
#include "dispatch/send_pump.h"
#include "nudged/clock.h"
#include "nudged/status.h"
#include "provider/provider.h"

namespace nudged {

struct DispatcherOptions {
  // Lease owner and row in nudged.dispatcher_instances; unique among live dispatchers.
  // Default: "<host>:<pid>".
  std::string instance;
  // Most rows claimed in one transaction. Default: 256.
  int claim_batch = 256;
  // Outcomes are written in one transaction at most this often. Default: 2 ms.
  std::chrono::milliseconds commit_interval{2};
  // How often to look again when nothing was due. Default: 100 ms.
  std::chrono::milliseconds idle_poll{100};
  // Heartbeat and rescue period; an instance silent for dead_after is dead. Defaults: 1 s, 8 s
  // (a crashed instance's rows are rescued within dead_after + heartbeat_interval).
  std::chrono::milliseconds heartbeat_interval{1000};
  std::chrono::seconds dead_after{8};
  // Reconciliation: between two looks at an unknown row, and how long after the attempt a row
  // the provider does not list is sent again. Defaults: 5 s, 60 s. The grace period must
  // exceed the provider's request timeout (a rescued row's request may still be under way).
  std::chrono::seconds reconcile_interval{5};
  std::chrono::seconds reconcile_grace{60};
  // Stop with Ok once no row is sending or unknown and none is ready and due in the current
  // window. Default: false (run until Stop).
  bool until_idle = false;
  // Seed of the backoff jitter. Default: from std::random_device.
  std::uint64_t seed = 0;
  // Whether this instance may reconcile unknown rows now; called on the database thread about
  // once a second. `nudged run` passes "holds the leader lease", so one instance of several
  // reconciles. Default: none (always).
  std::function<bool()> may_reconcile;
  // Run on the database thread after each heartbeat, with its connection (calibrates a
  // DatabaseClock). Default: none.
  std::function<void(pqxx::connection&)> after_heartbeat;
};

// Returns the send gate of `config`: its calendar, send window and district time zone.
// REQUIRES: config was validated (the time zone exists).
SendGate SendGateFor(const Config& config);

class Dispatcher {
 public:
  Dispatcher(const ProviderConfig& provider_config, SendGate gate, DispatcherOptions options,
             ConnectionFactory connect, boost::asio::io_context& io, Provider& provider,
             Clock& clock);
  ~Dispatcher();

  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Registers the instance, then dispatches until Stop() or, with until_idle, until idle.
  // Returns Ok after a clean stop; Conflict when a live instance has the same name or took the
  // registration over; Unavailable when the database cannot be reached at start.
  Status Run();

  // Asks Run to finish: no new claims; queued rows go back to ready; requests in flight get
  // their outcome written (up to request_timeout_ms). Thread-safe; idempotent.
  void Stop();

 private:
  // A periodic task of the database thread. It is due when its period has passed on the
  // dispatcher's clock or in real time, whichever comes first: a simulated clock may stand
  // still (tests) or run much faster than real time (`nudged simulate`).
  struct Periodic {
    Instant next_on_clock{};
    std::chrono::steady_clock::time_point next_in_real_time{};

    bool Due(Instant now) const;
    void Schedule(Instant now, std::chrono::microseconds period);
  };

  // The database thread's loop; sets final_status_ and stops io_ when done.
  void DatabaseLoop();
  // One turn of the loop. Sets *busy when the next turn should follow at once. Returns non-OK
  // when the database failed.
  Status Turn(Instant now, bool* busy);
  // Records the heartbeat, holds the sender (renewing the pump's fence), rescues abandoned
  // rows.
  Status Heartbeat(Instant now);
  // Takes or renews the sender's lease; only its holder claims rows.
  Status HoldSender(Instant now);
  // Expiry, deferral to the next window and reconciliation leases.
  Status Housekeeping(Instant now, const GateState& gate);
  // Writes the queued changes (and any left from a failed attempt) in one transaction.
  Status FlushChanges(Instant now);
  // Claims due rows when the look-ahead has room. Sets *exhausted when fewer were due than
  // asked for, *full when as many were claimed as asked for (more may be due).
  Status ClaimIfRoom(Instant now, const GateState& gate, bool* exhausted, bool* full);
  // Sets *idle when until_idle may stop the run now.
  Status CheckIdle(Instant now, const GateState& gate, bool* idle);
  // Drops the connection and opens a new one, waiting between tries until Stop.
  void Reconnect();
  // Whether nothing is queued, in flight, being reconciled or waiting to be written.
  bool Drained() const;
  // After Stop: lets requests in flight finish (bounded), then writes their outcomes.
  void Drain();

  // Constant after construction.
  const ProviderConfig provider_config_;
  const SendGate gate_;
  const DispatcherOptions options_;
  const ConnectionFactory connect_;
  const std::chrono::seconds lease_;
  const std::string sender_;  // the From number or Messaging Service the rate limit is for
  boost::asio::io_context& io_;
  Clock& clock_;

  ChangeQueue changes_;
  SendPump pump_;
  std::atomic<bool> stop_requested_{false};

  // Database thread only (before Run starts it: the calling thread).
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<OutboxStore> store_;
  std::vector<RowChange> unwritten_;  // taken from changes_, not yet committed
  bool holds_sender_ = false;
  Periodic heartbeat_;
  Periodic housekeeping_;
  Periodic claim_poll_;
  Periodic idle_check_;
  std::chrono::steady_clock::time_point last_flush_{};
  Status final_status_;
  std::thread database_thread_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_DISPATCHER_H_
