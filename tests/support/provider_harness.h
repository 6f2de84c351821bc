// Test harness for everything that talks to a messaging provider: starts the project's fake
// provider (tools/fake_provider) and, in front of it, Prism as a validating proxy with
// Twilio's official OpenAPI spec (`prism proxy SPEC FAKE --errors`), so every request a test
// sends through prism_url() is checked against the spec; a request Prism rejects gets HTTP 422
// (or 500 for a response it rejects) instead of reaching the fake. Control calls (faults,
// reset, recorded messages) go straight to the fake.
//
// Both processes run in their own process group, die with the test process
// (PR_SET_PDEATHSIG), and are killed in the destructor, also when a test fails. Prism takes
// seconds to start, so test cases share one harness through Shared() and call Reset() first.
//
//   auto& provider = ProviderHarness::Shared();
//   provider.Reset();
//   ProviderConfig config = provider.Config();          // through Prism
//   provider.SetFaults({{{"kind", "429"}, {"retry_after_s", 7}}});
//   std::vector<FakeMessage> sent = provider.Messages();
//
// Not thread-safe: use it from the test thread. Failures to start throw std::runtime_error.

#ifndef NUDGED_TESTS_SUPPORT_PROVIDER_HARNESS_H_
#define NUDGED_TESTS_SUPPORT_PROVIDER_HARNESS_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/config.h"

namespace nudged::testing {

// A message or call the fake provider accepted (GET /_fake/messages).
struct FakeMessage {
  std::string sid;
  std::string kind;  // "sms" or "voice"
  std::string to;
  std::string from;
  std::string messaging_service_sid;
  std::string body;   // sms
  std::string twiml;  // voice
  std::string status_callback;
  int64_t accepted_at_us = 0;                 // Unix microseconds at arrival
  std::map<std::string, std::string> params;  // every form field as the fake decoded it
};

// A create request that reached the fake, accepted or not (GET /_fake/requests).
struct FakeRequest {
  std::string kind;  // "sms" or "voice"
  std::string to;
  int64_t arrived_at_us = 0;  // Unix microseconds at arrival
  int status = 0;             // the HTTP status answered; 0 when the connection was dropped
  std::string fault;          // the fault kind the request took; empty for none
};

struct ProviderHarnessOptions {
  bool with_prism = true;      // false: only the fake (quick to start; no spec validation)
  int latency_ms = 0;          // the fake's delay before every API answer
  int page_size = 50;          // the fake's default list page size
  int idle_timeout_ms = 5000;  // the fake closes keep-alive connections idle this long
  std::string tls_cert;        // PEM files: the fake serves HTTPS (only with with_prism = false)
  std::string tls_key;
  std::vector<std::string> extra_args;  // more fake_provider arguments
};

class ProviderHarness {
 public:
  static constexpr const char* kAccountSid = "AC0123456789abcdef0123456789abcdef";
  static constexpr const char* kAuthToken = "test-token-0123456789";
  static constexpr const char* kFromNumber = "+15005550006";
  static constexpr const char* kTokenVariable = "NUDGED_TEST_PROVIDER_TOKEN";

  explicit ProviderHarness(ProviderHarnessOptions options = {});
  ~ProviderHarness();
  ProviderHarness(const ProviderHarness&) = delete;
  ProviderHarness& operator=(const ProviderHarness&) = delete;

  // One harness with Prism for the whole test process, started on first use. Its fake pages
  // lists by 2, so any listing test exercises paging.
  static ProviderHarness& Shared();

  // "http://127.0.0.1:PORT" (or https) of Prism (empty without Prism) and of the fake.
  const std::string& prism_url() const { return prism_url_; }
  const std::string& fake_url() const { return fake_url_; }
  int fake_port() const { return fake_port_; }

  // A [provider] configuration that reaches the fake through Prism (or directly without
  // Prism) as kAccountSid from kFromNumber, with short timeouts fit for tests. Its token
  // source is the variable kTokenVariable, which the constructor sets to kAuthToken in this
  // process's environment, so a nudged process started by a test inherits it.
  ProviderConfig Config() const;

  // Forgets recorded messages, queued faults and counters (POST /_fake/reset).
  void Reset();
  // Appends faults to the fake's queue: each item as in tools/fake_provider/fake_state.h.
  void SetFaults(const nlohmann::json& faults);
  // Makes `to` always fail with Twilio error `code` (0: stop).
  void RejectNumber(const std::string& to, int code);
  // Everything the fake accepted, in arrival order.
  std::vector<FakeMessage> Messages();
  // Every create request the fake answered (or dropped), in arrival order.
  std::vector<FakeRequest> Requests();
  // The fake's counters (GET /_fake/stats): requests, connections_accepted,
  // max_connections_open, max_requests_in_flight...
  nlohmann::json Stats();

  // Path of Twilio's OpenAPI spec inside the npm tools (tools/node).
  static std::string SpecPath();

 private:
  nlohmann::json Control(const std::string& method, const std::string& target,
                         const std::string& body);
  void Stop();

  ProviderHarnessOptions options_;
  pid_t fake_pid_ = -1;
  pid_t prism_pid_ = -1;
  int fake_port_ = 0;
  std::string fake_url_;
  std::string prism_url_;
  std::string prism_log_;  // Prism's output; kept when Prism fails to start
};

// Sends one HTTP/1.1 request to 127.0.0.1:`port` and returns the status code, storing the
// body in *response_body. For tests that must send what TwilioClient never would (a request
// without To). Throws std::runtime_error when nothing answers.
int SendRawHttp(int port, const std::string& method, const std::string& target,
                const std::map<std::string, std::string>& headers, const std::string& body,
                std::string* response_body);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_PROVIDER_HARNESS_H_
