// Implementation details: absences are multiples of 0.5, so sums are exact in a double up to
// 2^52 half days; the mean is rounded once, in tenths, with std::round (halves away from zero),
// so 0.25 -> 0.3 and 0.35 -> 0.4 as a person would round the exact value. The goal works in
// half days too: floor((p - 1) / 2) for p = 2.5 is floor(0.75) = 0, lifted to 1.

#include "planner/kind.h"

#include <algorithm>
#include <cmath>

namespace nudged {

MessageKind ChooseKind(int messages_received, double period_absences, int praise_threshold) {
  if (period_absences <= praise_threshold) return MessageKind::kPraise;
  return messages_received == 0 ? MessageKind::kInitial : MessageKind::kRecurring;
}

std::optional<int> ChooseGoal(const MessagesConfig& messages, MessageKind kind,
                              double period_absences) {
  if (!messages.goal_enabled || kind == MessageKind::kPraise) return std::nullopt;
  if (messages.goal_days > 0) return messages.goal_days;
  const int derived = static_cast<int>(std::floor((period_absences - 1.0) / 2.0));
  return std::max(1, derived);
}

std::optional<double> AverageAbsences(const std::vector<double>& period_absences) {
  if (period_absences.empty()) return std::nullopt;
  double sum = 0;
  for (double absences : period_absences) sum += absences;
  const double tenths = std::round(sum * 10.0 / static_cast<double>(period_absences.size()));
  return tenths / 10.0;
}

}  // namespace nudged
