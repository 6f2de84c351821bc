// A Clock for tests and `nudged simulate`: it starts at a chosen instant and then either
// stands still until moved (speed 0) or runs at `speed` times real time, measured on the
// steady clock. Advance and Set move it forward at any time. Thread-safe.

#ifndef NUDGED_COMMON_SIMULATED_CLOCK_H_
#define NUDGED_COMMON_SIMULATED_CLOCK_H_

#include <chrono>
#include <mutex>

#include "nudged/clock.h"

namespace nudged {

class SimulatedClock : public Clock {
 public:
  // REQUIRES: speed >= 0.
  explicit SimulatedClock(Instant start, double speed = 0.0);

  Instant Now() override;

  // Moves the clock forward by `step`. REQUIRES: step >= 0.
  void Advance(std::chrono::microseconds step);

  // Moves the clock to `instant`; an instant in the past is ignored, so Now never goes back.
  void Set(Instant instant);

 private:
  Instant NowLocked() const;

  const double speed_;
  mutable std::mutex mutex_;
  // Guarded by mutex_: the simulated instant at steady instant steady_base_.
  Instant base_;
  std::chrono::steady_clock::time_point steady_base_;
};

}  // namespace nudged

#endif  // NUDGED_COMMON_SIMULATED_CLOCK_H_
