// Shared setup of the dispatcher's PostgreSQL tests: a freshly migrated state schema with one
// wave, ready outbox rows inserted directly (as planning would), helpers reading states and
// audit trails, and DispatcherRun, one Dispatcher with its io_context and ScriptedProvider
// running on its own thread. Test-only; the helpers use Catch2 and must be called from the
// test's thread (DispatcherRun's thread never calls Catch2).

#ifndef NUDGED_TESTS_SUPPORT_DISPATCH_FIXTURE_H_
#define NUDGED_TESTS_SUPPORT_DISPATCH_FIXTURE_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "dispatch/dispatcher.h"
#include "dispatch/send_gate.h"
#include "nudged/clock.h"
#include "tests/support/scripted_provider.h"

namespace nudged::testing {

// Drops schema "nudged", applies every embedded migration and adds wave 1 of 2026-2027 dated
// `wave_date`.
void ResetOutbox(Date wave_date);

// Inserts `count` ready rows of wave 1 on `channel`, relevant until `relevant_until`; the
// recipients are +150855500NN..., the bodies "Message N". Returns their ids in order.
std::vector<std::int64_t> InsertReadyRows(int count, Instant relevant_until,
                                          Channel channel = Channel::kSms);

// Returns the row's state.
std::string RowState(std::int64_t outbox_id);

// Returns the row's audit trail as "old>new" pairs joined by spaces, oldest first.
std::string AuditTrail(std::int64_t outbox_id);

// Returns how many rows are in `state`.
int CountInState(const std::string& state);

// Polls `done` every 10 ms until it holds or `timeout` (real time) passes; returns done().
bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout);

// [provider] for tests: no real rate limit (10,000/s), 8 in flight, 3 attempts, backoff from
// 20 ms up to 200 ms.
ProviderConfig TestProviderConfig();

// A gate open 08:00-21:00 New York time every day of the 2026-27 year.
SendGate EveryDayGate(LocalTime start = LocalTime(8, 0), LocalTime end = LocalTime(21, 0));

// Dispatcher options for tests: named `instance`, polling every 10 ms, heartbeats every
// 100 ms, reconciliation every second with a 2 s grace period.
DispatcherOptions TestDispatcherOptions(const std::string& instance);

class DispatcherRun {
 public:
  DispatcherRun(Clock& clock, ScriptedProvider::Script script, DispatcherOptions options,
                ProviderConfig provider = TestProviderConfig(), SendGate gate = EveryDayGate(),
                std::chrono::milliseconds latency = std::chrono::milliseconds(0));
  // Stops the dispatcher and waits for it.
  ~DispatcherRun();

  ScriptedProvider& provider() { return provider_; }

  // Asks the dispatcher to stop, waits for Run to return and returns its Status.
  Status StopAndJoin();
  // Waits for Run to return by itself (until_idle) up to `timeout`; false when it did not.
  bool WaitForExit(std::chrono::milliseconds timeout);
  Status status() const { return status_; }

 private:
  boost::asio::io_context io_;
  ScriptedProvider provider_;
  Dispatcher dispatcher_;
  std::atomic<bool> exited_{false};
  Status status_;
  std::thread thread_;
};

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_DISPATCH_FIXTURE_H_
