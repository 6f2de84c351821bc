// Time and rate: the sender's rate limit holds in every one-second window at 1, 10 and 100
// messages per second (timestamps recorded by the Provider double), and nothing goes out
// outside the send window across the fall-back DST change of 2026-11-01 in New York, with
// work left at the window's close resuming at the next window.

#include <catch2/catch.hpp>
#include <algorithm>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "calendar/test_configs.h"
#include "common/simulated_clock.h"
#include "dispatch/outbox_store.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"

namespace nudged {
namespace {

using namespace testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Returns the most requests inside any one-second window [t, t + 1 s).
size_t BusiestSecond(std::vector<Instant> times) {
  std::sort(times.begin(), times.end());
  size_t busiest = 0;
  size_t first = 0;
  for (size_t last = 0; last < times.size(); ++last) {
    while (times[last] - times[first] >= seconds(1)) ++first;
    busiest = std::max(busiest, last - first + 1);
  }
  return busiest;
}

TEST_CASE("the rate limit holds in every one-second window", "[dispatch][postgres]") {
  for (int rate : {1, 10, 100}) {
    SECTION("at " + std::to_string(rate) + " messages per second") {
      const Instant noon = UtcInstant("2026-11-03T17:00:00Z");
      ResetOutbox(D(2026, 11, 3));
      InsertReadyRows(4 * rate + 2, noon + std::chrono::hours(48));
      SimulatedClock clock(noon, 1.0);
      ProviderConfig provider = TestProviderConfig();
      provider.rate_per_second = rate;
      DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                        TestDispatcherOptions("rate-" + std::to_string(rate)), provider,
                        EveryDayGate(), milliseconds(5));
      REQUIRE(WaitUntil([&] { return !run.provider().Requests().empty(); }, milliseconds(10000)));
      std::this_thread::sleep_for(milliseconds(3000));
      REQUIRE(run.StopAndJoin().ok());
      std::vector<Instant> times;
      for (const auto& request : run.provider().Requests()) times.push_back(request.at);
      INFO(times.size() << " requests in about 3 s");
      CHECK(BusiestSecond(times) <= static_cast<size_t>(rate));
      // And the limit is used, not just respected: 3 s at the rate, less start-up slack.
      CHECK(times.size() >= static_cast<size_t>(3 * rate * 0.8));
    }
  }
}

// Returns the local time of day of `instant` in New York, in minutes.
int LocalMinutes(Instant instant) {
  const auto local = date::locate_zone("America/New_York")
                         ->to_local(std::chrono::floor<std::chrono::seconds>(instant));
  const auto since_midnight = local - std::chrono::floor<date::days>(local);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count());
}

// Moves the clock from `from` to `to` in steps of `step`. At the rate of 1/s, a step inside
// the 16:00-19:00 window must bring exactly one request while rows are left (the test waits
// for it); a step outside must bring none (the test gives the dispatcher 50 ms to misbehave).
void Walk(SimulatedClock& clock, ScriptedProvider& provider, Instant from, Instant to,
          std::chrono::minutes step, size_t total) {
  for (Instant at = from + step; at <= to; at += step) {
    const size_t before = provider.Requests().size();
    clock.Set(at);
    const int minutes = LocalMinutes(at);
    if (minutes >= 16 * 60 && minutes < 19 * 60 && before < total) {
      INFO("step to " << SqlTimestamp(at));
      REQUIRE(WaitUntil([&] { return provider.Requests().size() > before; }, milliseconds(5000)));
    } else {
      std::this_thread::sleep_for(milliseconds(50));
    }
  }
}

TEST_CASE("nothing is sent outside the send window across a DST change",
          "[dispatch][postgres]") {
  ResetOutbox(D(2026, 10, 31));
  const std::vector<std::int64_t> ids =
      InsertReadyRows(30, UtcInstant("2026-11-10T00:00:00Z"));
  const Instant start = UtcInstant("2026-10-31T19:30:00Z");  // 15:30 EDT, Saturday
  SimulatedClock clock(start);
  ProviderConfig provider = TestProviderConfig();
  provider.rate_per_second = 1;  // at most one send per step of the walk
  DispatcherRun run(clock, [](const OutgoingMessage&, int) { return Accepted(); },
                    TestDispatcherOptions("dst-1"), provider,
                    EveryDayGate(LocalTime(16, 0), LocalTime(19, 0)));

  // Saturday's window, 16:00-19:00 EDT = 20:00-23:00 UTC, then past its close.
  const Instant saturday_done = UtcInstant("2026-11-01T00:30:00Z");
  Walk(clock, run.provider(), start, saturday_done, std::chrono::minutes(10), ids.size());
  const size_t saturday_sends = run.provider().Requests().size();
  CHECK(saturday_sends == 18);
  // What is left waits for Sunday's window: 16:00 EST = 21:00 UTC, not 20:00.
  CHECK(WaitUntil(
      [] {
        pqxx::connection connection{TestDsn()};
        pqxx::read_transaction tx{connection};
        return tx.exec1("SELECT count(*) FILTER (WHERE next_attempt_at = "
                        "'2026-11-01 21:00:00+00') FROM nudged.outbox WHERE state = 'ready'")[0]
                   .as<int>() == 12;
      },
      milliseconds(5000)));
  // Through the night and the change back to EST, an hour at a time: nothing goes out.
  const Instant sunday_early = UtcInstant("2026-11-01T20:50:00Z");  // 15:50 EST
  Walk(clock, run.provider(), saturday_done, UtcInstant("2026-11-01T19:30:00Z"),
       std::chrono::minutes(60), ids.size());
  Walk(clock, run.provider(), UtcInstant("2026-11-01T19:30:00Z"), sunday_early,
       std::chrono::minutes(10), ids.size());
  CHECK(run.provider().Requests().size() == saturday_sends);
  // Sunday's window, 21:00-00:00 UTC.
  Walk(clock, run.provider(), sunday_early, UtcInstant("2026-11-02T01:00:00Z"),
       std::chrono::minutes(10), ids.size());
  REQUIRE(WaitUntil([] { return CountInState("sent") == 30; }, milliseconds(5000)));
  REQUIRE(run.StopAndJoin().ok());

  const auto requests = run.provider().Requests();
  CHECK(requests.size() == 30);
  CHECK(CountInState("sent") == 30);
  for (const auto& request : requests) {
    INFO("request at " << SqlTimestamp(request.at));
    CHECK(LocalMinutes(request.at) >= 16 * 60);
    CHECK(LocalMinutes(request.at) < 19 * 60);
  }
}

}  // namespace
}  // namespace nudged
