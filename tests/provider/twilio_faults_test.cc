// Each fault the fake provider injects maps to the outcome the dispatcher must act on
// (DESIGN.md "Delivery semantics"). Straight to the fake, without Prism: Prism would turn a
// dropped connection or an undocumented status into its own answer.

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "provider/provider_token.h"
#include "tests/provider/client_runner.h"

namespace nudged::testing {
namespace {

ProviderHarness& Fake() {
  static ProviderHarness harness([] {
    ProviderHarnessOptions options;
    options.with_prism = false;
    options.idle_timeout_ms = 300;
    return options;
  }());
  harness.Reset();
  return harness;
}

ProviderConfig FastConfig(const ProviderHarness& provider) {
  ProviderConfig config = provider.Config();
  config.request_timeout_ms = 500;
  return config;
}

struct FaultCase {
  const char* name;
  nlohmann::json fault;
  SendResult expected;
  int http_status;
  std::string provider_code;
  size_t recorded;  // messages the fake holds afterwards
};

TEST_CASE("Injected faults map to the dispatcher's outcomes") {
  const FaultCase cases[] = {
      {"429 with Retry-After",
       {{"kind", "429"}, {"retry_after_s", 7}},
       SendResult::kRetryable,
       429,
       "20429",
       0},
      {"500 is ambiguous", {{"kind", "500"}}, SendResult::kAmbiguous, 500, "20500", 0},
      {"500 after acceptance is ambiguous",
       {{"kind", "500"}, {"record", true}},
       SendResult::kAmbiguous,
       500,
       "20500",
       1},
      {"503 is retryable", {{"kind", "503"}}, SendResult::kRetryable, 503, "20500", 0},
      {"slow beyond the deadline is ambiguous",
       {{"kind", "slow"}, {"delay_ms", 1500}},
       SendResult::kAmbiguous,
       0,
       "",
       1},
      {"drop after read, accepted",
       {{"kind", "drop_after_read"}, {"record", true}},
       SendResult::kAmbiguous,
       0,
       "",
       1},
      {"drop after read, not accepted",
       {{"kind", "drop_after_read"}},
       SendResult::kAmbiguous,
       0,
       "",
       0},
      {"21211 invalid number",
       {{"kind", "error"}, {"code", 21211}},
       SendResult::kPermanent,
       400,
       "21211",
       0},
      {"21614 not mobile",
       {{"kind", "error"}, {"code", 21614}},
       SendResult::kPermanent,
       400,
       "21614",
       0},
      {"21610 unsubscribed",
       {{"kind", "error"}, {"code", 21610}},
       SendResult::kPermanent,
       400,
       "21610",
       0},
      {"slow within the deadline is accepted",
       {{"kind", "slow"}, {"delay_ms", 100}},
       SendResult::kAccepted,
       201,
       "",
       1},
  };
  for (const FaultCase& test : cases) {
    SECTION(test.name) {
      ProviderHarness& provider = Fake();
      provider.SetFaults(nlohmann::json::array({test.fault}));
      ClientRunner runner(FastConfig(provider));
      const SendOutcome outcome = runner.Send(Sms("+15085550130", "Hello"));
      INFO(outcome.detail);
      CHECK(outcome.result == test.expected);
      CHECK(outcome.http_status == test.http_status);
      CHECK(outcome.provider_code == test.provider_code);
      CHECK(provider.Messages().size() == test.recorded);
      CHECK(outcome.latency.count() > 0);
      if (test.fault["kind"] == "429") {
        REQUIRE(outcome.retry_after.has_value());
        CHECK(*outcome.retry_after == std::chrono::seconds(7));
      }
    }
  }
}

TEST_CASE("A number the provider always rejects fails permanently, number masked in the detail") {
  ProviderHarness& provider = Fake();
  provider.RejectNumber("+15005550001", 21211);
  ClientRunner runner(FastConfig(provider));
  const SendOutcome outcome = runner.Send(Sms("+15005550001", "Hello"));
  provider.RejectNumber("+15005550001", 0);
  CHECK(outcome.result == SendResult::kPermanent);
  CHECK(outcome.provider_code == "21211");
  CHECK(outcome.detail.find("+15005550001") == std::string::npos);
}

TEST_CASE("A wrong token is a permanent failure, and the token never shows") {
  ProviderHarness& provider = Fake();
  ClientRunner runner(FastConfig(provider), "wrong-secret-token");
  const SendOutcome outcome = runner.Send(Sms("+15085550131", "Hello"));
  CHECK(outcome.result == SendResult::kPermanent);
  CHECK(outcome.http_status == 401);
  CHECK(outcome.provider_code == "20003");
  CHECK(outcome.detail.find("wrong-secret-token") == std::string::npos);
  CHECK(provider.Messages().empty());
}

TEST_CASE("Connection refused is retryable") {
  ProviderHarness& provider = Fake();
  ProviderConfig config = FastConfig(provider);
  {
    // A port that was free a moment ago and that nothing listens on.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    config.base_url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
  }
  ClientRunner runner(config);
  const SendOutcome outcome = runner.Send(Sms("+15085550132", "Hello"));
  INFO(outcome.detail);
  CHECK(outcome.result == SendResult::kRetryable);
  CHECK(outcome.http_status == 0);
  CHECK(outcome.detail.find("connect") != std::string::npos);
}

// A keep-alive connection the server closed while idle must not make the next send look
// ambiguous: the client notices the close before writing and opens a fresh connection.
TEST_CASE("A stale keep-alive connection closed by the server is not a false ambiguous") {
  ProviderHarness& provider = Fake();  // closes connections idle for 300 ms
  ClientRunner runner(FastConfig(provider));
  for (int i = 0; i < 3; ++i) {
    const SendOutcome outcome = runner.Send(Sms("+15085550133", "Hello " + std::to_string(i)));
    INFO(outcome.detail);
    CHECK(outcome.result == SendResult::kAccepted);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  CHECK(provider.Messages().size() == 3);
  CHECK(provider.Stats()["connections_accepted"] == 3);
}

TEST_CASE("The harness's configuration names a token source that holds its token") {
  ProviderHarness& provider = Fake();
  std::string token;
  REQUIRE(ReadProviderToken(provider.Config(), &token).ok());
  CHECK(token == ProviderHarness::kAuthToken);
}

TEST_CASE("Send never calls back inline, only from the running executor") {
  ProviderHarness& provider = Fake();
  boost::asio::io_context io;
  std::unique_ptr<TwilioClient> client;
  REQUIRE(TwilioClient::Create(provider.Config(), io.get_executor(), ProviderHarness::kAuthToken,
                               &client)
              .ok());
  bool called = false;
  client->Send(Sms("+15085550134", "Hello"), [&](SendOutcome) { called = true; });
  CHECK_FALSE(called);
  io.run();
  CHECK(called);
}

}  // namespace
}  // namespace nudged::testing
