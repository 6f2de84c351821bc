#include "metrics/provider_health_log.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>

namespace nudged {
namespace {

SendOutcome Outcome(SendResult result, int http_status, std::string detail = "") {
  SendOutcome outcome;
  outcome.result = result;
  outcome.http_status = http_status;
  outcome.detail = std::move(detail);
  return outcome;
}

TEST_CASE("provider health is logged once when it fails and once when it recovers") {
  std::ostringstream captured;
  auto previous = spdlog::default_logger();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  sink->set_pattern("%l|%v");
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));

  ProviderHealthLog health(3);
  health.Observe(Outcome(SendResult::kRetryable, 0, "connect: Connection refused"));
  health.Observe(Outcome(SendResult::kAmbiguous, 500, "HTTP 500"));
  CHECK_FALSE(health.failing());
  // Throttling and one number's permanent error neither fail nor recover the provider.
  health.Observe(Outcome(SendResult::kRetryable, 429, "HTTP 429"));
  health.Observe(Outcome(SendResult::kPermanent, 400, "21211 invalid number"));
  CHECK(captured.str().empty());
  health.Observe(Outcome(SendResult::kRetryable, 503, "HTTP 503 \"unavailable\""));
  CHECK(health.failing());
  for (int i = 0; i < 50; ++i) health.Observe(Outcome(SendResult::kRetryable, 0, "refused"));
  health.Observe(Outcome(SendResult::kAccepted, 201));
  CHECK_FALSE(health.failing());
  health.Observe(Outcome(SendResult::kAccepted, 201));
  spdlog::set_default_logger(previous);

  CHECK(captured.str() ==
        "error|provider failing failures=3 status=503 detail=\"HTTP 503 \\\"unavailable\\\"\"\n"
        "info|provider recovered failures=53\n");
}

}  // namespace
}  // namespace nudged
