// Table tests of the retry delay: the exponential ceiling per attempt, the jitter staying
// inside [0, ceiling], and Retry-After as a floor.

#include "dispatch/backoff.h"

#include <catch2/catch.hpp>
#include <random>

namespace nudged {
namespace {

using std::chrono::milliseconds;

TEST_CASE("backoff ceiling doubles per attempt up to the maximum", "[dispatch][backoff]") {
  const RetryPolicy policy{5, milliseconds(1000), milliseconds(60000)};
  const struct {
    int attempt;
    int ceiling_ms;
  } table[] = {{1, 1000}, {2, 2000}, {3, 4000}, {4, 8000}, {6, 32000}, {7, 60000},
               {20, 60000}, {1000, 60000}};
  for (const auto& row : table) {
    INFO("attempt " << row.attempt);
    CHECK(BackoffCeiling(policy, row.attempt) == milliseconds(row.ceiling_ms));
  }
}

TEST_CASE("retry delay is full jitter below the ceiling, never below Retry-After",
          "[dispatch][backoff]") {
  const RetryPolicy policy{5, milliseconds(500), milliseconds(10000)};
  const struct {
    int attempt;
    double unit;
    std::optional<int> retry_after_ms;
    int delay_ms;
  } table[] = {
      {1, 0.0, std::nullopt, 0},       {1, 0.5, std::nullopt, 250},
      {3, 0.999, std::nullopt, 1998},  {9, 0.5, std::nullopt, 5000},
      {1, 0.1, 3000, 3000},            {5, 0.9, 3000, 7200},
      {2, 0.0, 0, 0},
  };
  for (const auto& row : table) {
    INFO("attempt " << row.attempt << " unit " << row.unit);
    std::optional<milliseconds> retry_after;
    if (row.retry_after_ms) retry_after = milliseconds(*row.retry_after_ms);
    CHECK(RetryDelay(policy, row.attempt, retry_after, row.unit) == milliseconds(row.delay_ms));
  }
}

TEST_CASE("retry delay stays within its bounds for random draws", "[dispatch][backoff]") {
  const RetryPolicy policy{5, milliseconds(1000), milliseconds(60000)};
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int attempt = 1; attempt <= 12; ++attempt) {
    for (int draw = 0; draw < 1000; ++draw) {
      const milliseconds delay = RetryDelay(policy, attempt, std::nullopt, unit(random));
      REQUIRE(delay >= milliseconds(0));
      REQUIRE(delay <= BackoffCeiling(policy, attempt));
      const milliseconds floored = RetryDelay(policy, attempt, milliseconds(2500), unit(random));
      REQUIRE(floored >= milliseconds(2500));
    }
  }
}

}  // namespace
}  // namespace nudged
