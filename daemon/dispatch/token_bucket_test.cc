// Table tests of the send-rate limit: for each rate, sends are offered at given instants and
// the bucket's answers are compared with the expected ones; then a long run of eager sends is
// checked against the one-second-window rule itself.

#include "dispatch/token_bucket.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

namespace nudged {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

Instant At(milliseconds offset) { return Instant(std::chrono::seconds(1'800'000'000)) + offset; }

struct Offer {
  int at_ms;
  bool granted;
};

struct BucketCase {
  const char* name;
  double rate;
  std::vector<Offer> offers;
};

TEST_CASE("token bucket grants sends as the table says", "[dispatch][token_bucket]") {
  const std::vector<BucketCase> cases = {
      {"1/s: one, then one a second later",
       1.0, {{0, true}, {1, false}, {999, false}, {1000, true}, {1500, false}, {2000, true}}},
      {"0.5/s: one every two seconds",
       0.5, {{0, true}, {1000, false}, {1999, false}, {2000, true}, {3999, false}, {4000, true}}},
      {"10/s: a burst of 10, the 11th waits a second",
       10.0, {{0, true}, {0, true}, {0, true}, {0, true}, {0, true}, {0, true}, {0, true},
              {0, true}, {0, true}, {0, true}, {0, false}, {999, false}, {1000, true}}},
      {"2.5/s: two a second (rounded down, never above the rate)",
       2.5, {{0, true}, {10, true}, {20, false}, {999, false}, {1000, true}, {1010, true},
             {1020, false}}},
      {"3/s: a token comes back one second after its own send",
       3.0, {{0, true}, {400, true}, {800, true}, {900, false}, {1000, true}, {1300, false},
             {1400, true}, {1800, true}, {1801, false}}},
  };
  for (const BucketCase& c : cases) {
    SECTION(c.name) {
      TokenBucket bucket(c.rate, microseconds(0));
      for (const Offer& offer : c.offers) {
        INFO("offer at " << offer.at_ms << " ms");
        CHECK(bucket.TryTake(At(milliseconds(offer.at_ms))) == offer.granted);
      }
    }
  }
}

TEST_CASE("token bucket wait time names when the next token is free", "[dispatch][token_bucket]") {
  TokenBucket bucket(2.0, microseconds(0));
  CHECK(bucket.WaitTime(At(milliseconds(0))) == microseconds(0));
  REQUIRE(bucket.TryTake(At(milliseconds(0))));
  REQUIRE(bucket.TryTake(At(milliseconds(300))));
  CHECK(bucket.WaitTime(At(milliseconds(400))) == milliseconds(600));
  CHECK(bucket.WaitTime(At(milliseconds(1000))) == microseconds(0));

  TokenBucket slow(0.5, microseconds(0));
  REQUIRE(slow.TryTake(At(milliseconds(0))));
  CHECK(slow.WaitTime(At(milliseconds(500))) == milliseconds(1500));
}

TEST_CASE("token bucket counts the tokens free by a later instant", "[dispatch][token_bucket]") {
  TokenBucket bucket(3.0, microseconds(0));
  CHECK(bucket.FreeBy(At(milliseconds(0))) == 3);
  REQUIRE(bucket.TryTake(At(milliseconds(0))));
  REQUIRE(bucket.TryTake(At(milliseconds(100))));
  REQUIRE(bucket.TryTake(At(milliseconds(200))));
  const struct {
    int at_ms;
    int free;
  } table[] = {{200, 0}, {999, 0}, {1000, 1}, {1150, 2}, {1200, 3}, {5000, 3}};
  for (const auto& row : table) {
    INFO("at " << row.at_ms << " ms");
    CHECK(bucket.FreeBy(At(milliseconds(row.at_ms))) == row.free);
  }
}

TEST_CASE("token bucket margin lengthens the period", "[dispatch][token_bucket]") {
  TokenBucket bucket(1.0, milliseconds(20));
  CHECK(bucket.period() == milliseconds(1020));
  REQUIRE(bucket.TryTake(At(milliseconds(0))));
  CHECK(!bucket.TryTake(At(milliseconds(1000))));
  CHECK(!bucket.TryTake(At(milliseconds(1019))));
  CHECK(bucket.TryTake(At(milliseconds(1020))));
}

TEST_CASE("token bucket never exceeds the rate in any one-second window",
          "[dispatch][token_bucket]") {
  for (double rate : {0.5, 1.0, 2.5, 10.0, 100.0, 3000.0}) {
    INFO("rate " << rate);
    TokenBucket bucket(rate, microseconds(0));
    std::vector<Instant> sends;
    // An eager sender offering a message every 100 microseconds for 5 seconds.
    for (int step = 0; step < 50'000; ++step) {
      const Instant now = At(milliseconds(0)) + microseconds(step * 100);
      if (bucket.TryTake(now)) sends.push_back(now);
    }
    // Any one-second window [t, t + 1 s) holds at most floor(rate) sends, or 1 below 1/s.
    const size_t limit = rate < 1.0 ? 1 : static_cast<size_t>(rate);
    size_t first = 0;
    for (size_t last = 0; last < sends.size(); ++last) {
      while (sends[last] - sends[first] >= std::chrono::seconds(1)) ++first;
      REQUIRE(last - first + 1 <= limit);
    }
    // And it does not hold back more than the rounding down: the effective rate is reached.
    const double effective = rate < 1.0 ? rate : std::floor(rate);
    CHECK(sends.size() >= static_cast<size_t>(effective * 5 * 0.9));
  }
}

}  // namespace
}  // namespace nudged
