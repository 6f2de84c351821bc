// The provider metrics as the daemon wires them: a Dispatcher sending real HTTP requests
// through TwilioClient to the project's fake provider, wrapped in an ObservedProvider that
// feeds Metrics. The fake answers every request after 30 ms and the first two with 429, so
// the latency histogram, the outcomes, the 429 counter and the messages sent are all known.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>

#include "calendar/test_configs.h"
#include "common/simulated_clock.h"
#include "dispatch/dispatcher.h"
#include "metrics/metrics.h"
#include "provider/observed_provider.h"
#include "provider/twilio_client.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/provider_harness.h"

namespace nudged {
namespace {

using namespace testing;

constexpr int kFakeLatencyMs = 30;

ProviderHarness& SlowFake() {
  static ProviderHarness harness([] {
    ProviderHarnessOptions options;
    options.with_prism = false;
    options.latency_ms = kFakeLatencyMs;
    return options;
  }());
  return harness;
}

// Returns the value of the series written exactly as `series` (name and labels in
// prometheus-cpp's order) in `text`; fails the test when it is absent.
double Sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with(series + " ")) return std::stod(line.substr(series.size() + 1));
  }
  FAIL("no series " << series << " in\n" << text);
  return 0;
}

TEST_CASE("metrics see the dispatcher's provider latencies, outcomes and 429s",
          "[metrics][postgres]") {
  ProviderHarness& fake = SlowFake();
  fake.Reset();
  fake.SetFaults({{{"kind", "429"}, {"retry_after_s", 0}, {"count", 2}}});
  const Instant noon = UtcInstant("2026-11-03T17:00:00Z");
  ResetOutbox(D(2026, 11, 3));
  InsertReadyRows(5, noon + std::chrono::hours(48));

  ProviderConfig config = fake.Config();
  config.rate_per_second = 10000;
  config.max_attempts = 3;
  config.backoff_initial_ms = 20;
  config.backoff_max_ms = 200;
  boost::asio::io_context io;
  std::unique_ptr<TwilioClient> client;
  REQUIRE(
      TwilioClient::Create(config, io.get_executor(), ProviderHarness::kAuthToken, &client).ok());
  Metrics metrics;
  ObservedProvider observed(*client, metrics.ProviderResponseObserver());
  SimulatedClock clock(noon, 1.0);
  Dispatcher dispatcher(
      config, EveryDayGate(), TestDispatcherOptions("metrics-1"),
      [](std::unique_ptr<pqxx::connection>* connection) {
        *connection = std::make_unique<pqxx::connection>(TestDsn());
        return Status::Ok();
      },
      io, observed, clock);
  Status run_status;
  std::thread runner([&] { run_status = dispatcher.Run(); });
  const bool all_sent =
      WaitUntil([] { return CountInState("sent") == 5; }, std::chrono::milliseconds(20000));
  dispatcher.Stop();
  runner.join();
  REQUIRE(all_sent);
  REQUIRE(run_status.ok());

  const std::string text = metrics.Serialize();
  CHECK(Sample(text, "nudged_provider_throttled_total{channel=\"sms\"}") == 2);
  CHECK(Sample(text, "nudged_provider_responses_total{channel=\"sms\",outcome=\"retryable\"}") ==
        2);
  CHECK(Sample(text, "nudged_provider_responses_total{channel=\"sms\",outcome=\"accepted\"}") == 5);
  CHECK(Sample(text, "nudged_messages_sent_total{channel=\"sms\"}") == 5);
  CHECK(Sample(text, "nudged_messages_sent_total{channel=\"voice\"}") == 0);
  // Seven requests, each at least the fake's 30 ms, none near a second on loopback.
  const std::string histogram = "nudged_provider_request_duration_seconds";
  CHECK(Sample(text, histogram + "_count{channel=\"sms\"}") == 7);
  CHECK(Sample(text, histogram + "_bucket{channel=\"sms\",le=\"0.025\"}") == 0);
  CHECK(Sample(text, histogram + "_bucket{channel=\"sms\",le=\"1\"}") == 7);
  CHECK(Sample(text, histogram + "_sum{channel=\"sms\"}") >= 7 * kFakeLatencyMs / 1000.0);
}

}  // namespace
}  // namespace nudged
