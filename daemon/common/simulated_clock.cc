// Implementation details: Advance and Set rebase the clock (base_ = now, steady_base_ = the
// steady instant of that reading), so a running clock keeps its speed after being moved.

#include "common/simulated_clock.h"

namespace nudged {

SimulatedClock::SimulatedClock(Instant start, double speed)
    : speed_(speed), base_(start), steady_base_(std::chrono::steady_clock::now()) {}

Instant SimulatedClock::NowLocked() const {
  if (speed_ == 0.0) return base_;
  const auto elapsed = std::chrono::steady_clock::now() - steady_base_;
  return base_ + std::chrono::duration_cast<std::chrono::microseconds>(elapsed * speed_);
}

Instant SimulatedClock::Now() {
  std::lock_guard lock(mutex_);
  return NowLocked();
}

void SimulatedClock::Advance(std::chrono::microseconds step) {
  std::lock_guard lock(mutex_);
  base_ = NowLocked() + step;
  steady_base_ = std::chrono::steady_clock::now();
}

void SimulatedClock::Set(Instant instant) {
  std::lock_guard lock(mutex_);
  const Instant now = NowLocked();
  base_ = instant > now ? instant : now;
  steady_base_ = std::chrono::steady_clock::now();
}

}  // namespace nudged
