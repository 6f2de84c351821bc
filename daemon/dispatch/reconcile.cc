// Implementation details: provider times have whole seconds, so the attempt's start is floored
// to the second before comparing.

#include "dispatch/reconcile.h"

#include <fmt/format.h>

namespace nudged {

const SentRecord* FindAttempt(const UnknownRow& row, const std::vector<SentRecord>& records) {
  const auto started = std::chrono::floor<std::chrono::seconds>(row.attempt_started);
  const SentRecord* best = nullptr;
  for (const SentRecord& record : records) {
    if (record.to != row.to || record.created < started - kProviderClockSkew) continue;
    if (row.channel == Channel::kSms) {
      if (record.body != row.body) continue;
      if (best == nullptr || record.created < best->created) best = &record;
      continue;
    }
    if (record.created > started + kProviderClockSkew) continue;
    const auto distance = [&](const SentRecord& r) {
      return std::chrono::abs(r.created - started);
    };
    if (best == nullptr || distance(record) < distance(*best)) best = &record;
  }
  return best;
}

RowChange ReconcileChange(const UnknownRow& row, const SentRecord* match, Instant now,
                          const ReconcilePolicy& policy) {
  RowChange change;
  change.outbox_id = row.outbox_id;
  change.from = OutboxState::kUnknown;
  change.attempt = row.attempt;
  if (match != nullptr) {
    change.to = OutboxState::kSent;
    change.sid = match->sid;
    change.detail = "reconciled: the provider has it";
    return change;
  }
  if (now < row.attempt_started + policy.grace) {
    change.to = OutboxState::kUnknown;
    change.next_at = now + policy.interval;
    change.detail = "not at the provider yet";
    return change;
  }
  if (row.attempt >= policy.max_attempts) {
    change.to = OutboxState::kFailed;
    change.detail = fmt::format("reconciled: not at the provider {}s after attempt {}, the last",
                                policy.grace.count(), row.attempt);
    return change;
  }
  change.to = OutboxState::kReady;
  change.detail = fmt::format("reconciled: not at the provider {}s after the attempt; resend",
                              policy.grace.count());
  return change;
}

}  // namespace nudged
