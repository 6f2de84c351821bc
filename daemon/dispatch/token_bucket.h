// The send-rate limit of one sender (a From number or a Messaging Service): never more than
// `rate_per_second` messages in any one-second window, however the sends are timed.
//
// A classic token bucket with capacity C and refill rate r lets C + r messages through in one
// second (a full bucket, then the refill), so it is not enough here. This bucket has
// capacity = max(1, floor(rate)) tokens and each token spent comes back exactly one period
// later, where period = max(1 s, capacity / rate). Hence at most `capacity` sends in any
// window of one period, which is at most `rate` per second for a rate of 1 or more (10/s: 10
// in any second, all at once if they are waiting) and one send per 1/rate seconds below
// (0.5/s: one every 2 s). A fractional part above 1 is rounded down (2.5/s sends 2 a second),
// the price of never exceeding the limit in any window. A `margin` lengthens the period: the
// provider sees each request a little after its token was taken, by a delay that varies, and
// must still never count more than the rate in a second of its own.
//
// Pure logic over the instants it is given. Not thread-safe: use from one thread or strand.

#ifndef NUDGED_DISPATCH_TOKEN_BUCKET_H_
#define NUDGED_DISPATCH_TOKEN_BUCKET_H_

#include <chrono>
#include <deque>

#include "nudged/clock.h"

namespace nudged {

class TokenBucket {
 public:
  // REQUIRES: rate_per_second > 0, margin >= 0.
  TokenBucket(double rate_per_second, std::chrono::microseconds margin);

  int capacity() const { return capacity_; }
  std::chrono::microseconds period() const { return period_; }

  // Takes a token for a send at `now` and returns true, or returns false when none is free.
  // REQUIRES: `now` is not before the instant of an earlier call.
  bool TryTake(Instant now);

  // Returns how long after `now` the next token is free (zero when one is free now).
  std::chrono::microseconds WaitTime(Instant now);

  // Returns how many tokens will be free at `when` if none is taken meanwhile.
  // REQUIRES: `when` is not before the instant of an earlier TryTake.
  int FreeBy(Instant when) const;

 private:
  // Forgets sends that left the window ending at `now`.
  void Expire(Instant now);

  const int capacity_;
  const std::chrono::microseconds period_;
  std::deque<Instant> spent_;  // instants of the sends inside the current window, oldest first
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_TOKEN_BUCKET_H_
