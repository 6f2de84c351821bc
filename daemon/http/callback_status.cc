// Implementation details: the tables are small arrays searched in order; the SQL that applies
// callbacks (callback_store.cc) repeats OutboxStateRank as a CASE, and callback_status_test.cc
// checks the two agree on every name.

#include "http/callback_status.h"

#include <array>
#include <utility>

namespace nudged {
namespace {

using Entry = std::pair<std::string_view, CallbackState>;

constexpr std::array kMessageStatuses = {
    Entry{"queued", CallbackState::kSent},    Entry{"accepted", CallbackState::kSent},
    Entry{"scheduled", CallbackState::kSent}, Entry{"sending", CallbackState::kSent},
    Entry{"sent", CallbackState::kSent},      Entry{"delivered", CallbackState::kDelivered},
    Entry{"read", CallbackState::kDelivered}, Entry{"undelivered", CallbackState::kUndelivered},
    Entry{"failed", CallbackState::kFailed},  Entry{"canceled", CallbackState::kFailed},
};

constexpr std::array kCallStatuses = {
    Entry{"queued", CallbackState::kSent},           Entry{"initiated", CallbackState::kSent},
    Entry{"ringing", CallbackState::kSent},          Entry{"in-progress", CallbackState::kSent},
    Entry{"completed", CallbackState::kDelivered},   Entry{"busy", CallbackState::kUndelivered},
    Entry{"no-answer", CallbackState::kUndelivered}, Entry{"canceled", CallbackState::kUndelivered},
    Entry{"failed", CallbackState::kFailed},
};

template <typename Table>
std::optional<CallbackState> Find(const Table& table, std::string_view status) {
  for (const Entry& entry : table) {
    if (entry.first == status) return entry.second;
  }
  return std::nullopt;
}

}  // namespace

std::string_view CallbackStateName(CallbackState state) {
  switch (state) {
    case CallbackState::kSent:
      return "sent";
    case CallbackState::kDelivered:
      return "delivered";
    case CallbackState::kUndelivered:
      return "undelivered";
    case CallbackState::kFailed:
      return "failed";
  }
  return "sent";
}

std::optional<CallbackState> StateOfMessageStatus(std::string_view status) {
  return Find(kMessageStatuses, status);
}

std::optional<CallbackState> StateOfCallStatus(std::string_view status) {
  return Find(kCallStatuses, status);
}

int OutboxStateRank(std::string_view state) {
  if (state == "sent") return 1;
  if (state == "delivered" || state == "undelivered" || state == "failed") return 2;
  return 0;
}

}  // namespace nudged
