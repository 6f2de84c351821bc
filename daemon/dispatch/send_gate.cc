// Implementation details: today's local date comes from the zone's offset at `now`; only
// today's window and the first send day's window after today can matter. A clamped window
// that is empty (start >= end) never opens.

#include "dispatch/send_gate.h"

#include <algorithm>

namespace nudged {

SendGate::SendGate(Calendar calendar, LocalTime window_start, LocalTime window_end,
                   const date::time_zone& zone)
    : calendar_(std::move(calendar)),
      start_(std::max(window_start, kEarliestSendTime)),
      end_(std::min(window_end, kLatestSendTime)),
      zone_(zone) {}

std::optional<SendWindow> SendGate::WindowAfter(Date date) const {
  if (start_ >= end_) return std::nullopt;
  const std::optional<Date> next = calendar_.FirstSendDayAfter(date);
  if (!next) return std::nullopt;
  return SendWindowOn(*next, start_, end_, zone_);
}

GateState SendGate::At(Instant now) const {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  const auto local = zone_.to_local(seconds);
  GateState state;
  state.local_date = Date(std::chrono::floor<std::chrono::days>(local.time_since_epoch()));
  if (calendar_.IsSendDay(state.local_date) && start_ < end_) {
    const SendWindow today = SendWindowOn(state.local_date, start_, end_, zone_);
    if (now < today.start) {
      state.next_opens_at = today.start;
      return state;
    }
    if (now < today.end) {
      state.open = true;
      state.closes_at = today.end;
    }
  }
  if (const std::optional<SendWindow> next = WindowAfter(state.local_date)) {
    state.next_opens_at = next->start;
  }
  return state;
}

}  // namespace nudged
