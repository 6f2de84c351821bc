// Implementation details: the spent tokens are the instants of the last `capacity_` sends,
// kept in order; a token comes back when its send is a whole period old. The period is
// rounded up to the microsecond so rounding can never let a send in early.

#include "dispatch/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace nudged {
namespace {

int CapacityFor(double rate) { return std::max(1, static_cast<int>(std::floor(rate))); }

std::chrono::microseconds PeriodFor(double rate, std::chrono::microseconds margin) {
  const double seconds = std::max(1.0, CapacityFor(rate) / rate);
  return std::chrono::microseconds(static_cast<std::int64_t>(std::ceil(seconds * 1e6))) + margin;
}

}  // namespace

TokenBucket::TokenBucket(double rate_per_second, std::chrono::microseconds margin)
    : capacity_(CapacityFor(rate_per_second)), period_(PeriodFor(rate_per_second, margin)) {}

void TokenBucket::Expire(Instant now) {
  while (!spent_.empty() && spent_.front() + period_ <= now) spent_.pop_front();
}

bool TokenBucket::TryTake(Instant now) {
  Expire(now);
  if (static_cast<int>(spent_.size()) >= capacity_) return false;
  spent_.push_back(now);
  return true;
}

int TokenBucket::FreeBy(Instant when) const {
  // Sends after when - period still hold their token at `when`.
  const auto still_spent = std::upper_bound(spent_.begin(), spent_.end(), when - period_);
  return capacity_ - static_cast<int>(spent_.end() - still_spent);
}

std::chrono::microseconds TokenBucket::WaitTime(Instant now) {
  Expire(now);
  if (static_cast<int>(spent_.size()) < capacity_) return std::chrono::microseconds(0);
  return spent_.front() + period_ - now;
}

}  // namespace nudged
