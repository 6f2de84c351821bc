// The connection pool under load: requests beyond `concurrency` wait for a slot, the cap is
// never exceeded at the provider, and keep-alive connections are reused rather than reopened.

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/provider/client_runner.h"

namespace nudged::testing {
namespace {

TEST_CASE("The pool never exceeds its concurrency and reuses keep-alive connections") {
  ProviderHarnessOptions options;
  options.with_prism = false;
  options.latency_ms = 100;
  ProviderHarness provider(options);
  for (const int concurrency : {1, 3}) {
    SECTION("concurrency " + std::to_string(concurrency)) {
      provider.Reset();
      ProviderConfig config = provider.Config();
      config.concurrency = concurrency;
      ClientRunner runner(config);
      std::vector<OutgoingMessage> messages;
      for (int i = 0; i < 12; ++i) {
        messages.push_back(Sms("+1508555015" + std::to_string(i % 10), "Hello", i));
      }
      const auto started = std::chrono::steady_clock::now();
      const std::vector<SendOutcome> outcomes = runner.SendAll(messages);
      const auto elapsed = std::chrono::steady_clock::now() - started;
      for (const SendOutcome& outcome : outcomes) CHECK(outcome.result == SendResult::kAccepted);
      const nlohmann::json stats = provider.Stats();
      INFO(stats.dump());
      CHECK(stats["requests"] == 12);
      CHECK(stats["max_requests_in_flight"] == concurrency);
      CHECK(stats["max_connections_open"].get<int>() <= concurrency);
      CHECK(stats["connections_accepted"].get<int>() <= concurrency);
      // 12 requests of 100 ms, `concurrency` at a time.
      CHECK(elapsed >= std::chrono::milliseconds(100 * 12 / concurrency - 20));
    }
  }
}

}  // namespace
}  // namespace nudged::testing
