// Whether a message may go out at a given instant: only on a send day of the calendar, inside
// the configured send window in the district's time zone, and never before 08:00 or after
// 21:00 local whatever the configuration says (the window is clamped to that). Correct across
// DST changes: each day's window is converted with that day's offset (calendar/send_window.h).
// When the window is closed the gate names the start of the next one, the first send day's
// window after now, so work that did not finish resumes there.
//
// Immutable after construction; thread-safe.

#ifndef NUDGED_DISPATCH_SEND_GATE_H_
#define NUDGED_DISPATCH_SEND_GATE_H_

#include <chrono>
#include <optional>

#include <date/tz.h>

#include "calendar/calendar.h"
#include "calendar/send_window.h"
#include "nudged/clock.h"
#include "nudged/date.h"

namespace nudged {

// The earliest and latest local times any message may go out, whatever the configuration.
inline constexpr LocalTime kEarliestSendTime{8, 0};
inline constexpr LocalTime kLatestSendTime{21, 0};

struct GateState {
  bool open = false;
  Date local_date;  // today in the district's time zone
  // When open: the instant the current window closes.
  std::chrono::sys_seconds closes_at;
  // The start of the next window after the current one (open) or after now (closed); nullopt
  // when the school year has no send day left.
  std::optional<std::chrono::sys_seconds> next_opens_at;
};

class SendGate {
 public:
  // `zone` must outlive the gate (time zones of the tz database live for the process).
  SendGate(Calendar calendar, LocalTime window_start, LocalTime window_end,
           const date::time_zone& zone);

  LocalTime window_start() const { return start_; }
  LocalTime window_end() const { return end_; }

  // Returns the gate's state at `now`.
  GateState At(Instant now) const;

 private:
  // Returns the window of the first send day after `date`, if any.
  std::optional<SendWindow> WindowAfter(Date date) const;

  const Calendar calendar_;
  const LocalTime start_;  // clamped to [kEarliestSendTime, kLatestSendTime]
  const LocalTime end_;
  const date::time_zone& zone_;
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_SEND_GATE_H_
