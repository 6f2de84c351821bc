// The one clock that decides due times, so a test or `nudged simulate` can run a whole day in
// seconds and several dispatcher hosts agree on what "now" is (DESIGN.md: "The clock is
// injected everywhere"). Instants are UTC with microsecond resolution, the resolution of a
// PostgreSQL timestamptz. Implementations must be safe to call from any thread.

#ifndef NUDGED_CLOCK_H_
#define NUDGED_CLOCK_H_

#include <chrono>

namespace nudged {

using Instant = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;

  // Returns the current instant. Successive calls from one thread never go backwards.
  virtual Instant Now() = 0;
};

}  // namespace nudged

#endif  // NUDGED_CLOCK_H_
