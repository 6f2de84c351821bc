// Implementation details: a batch of callbacks is one data-modifying CTE chain over unnest()ed
// arrays: each callback is judged against its outbox row (unknown row, another SID, row not
// sent yet, nothing new, or a step forward), the highest-ranked step per row updates the row
// with a guard on the state it was read in, the audit rows are inserted from the UPDATE's
// RETURNING, and every callback is inserted with its outcome. The sweep runs the same judging
// over the stored pending callbacks whose rows are now sent and updates their outcome. Ranks
// (callback_status.h): sent 1, delivered/undelivered/failed 2.

#include "http/webhook_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "common/mask.h"
#include "db/array_literal.h"
#include "db/errors.h"
#include "dispatch/change_log.h"

namespace nudged {
namespace {

// The callbacks to judge: this batch's, numbered in arrival order, or (the sweep) the stored
// pending ones whose rows are now sent.
constexpr const char* kBatchCallbacks = R"sql(
WITH pending AS (
  SELECT c.n AS callback_id, NULLIF(c.outbox_id, 0) AS outbox_id, c.sid AS provider_sid,
         c.status AS provider_status, c.state, NULLIF(c.code, '') AS error_code, c.detail
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
    WITH ORDINALITY AS c(outbox_id, sid, status, state, code, detail, n)
),)sql";

constexpr const char* kSweepCallbacks = R"sql(
WITH pending AS (
  SELECT c.callback_id, c.outbox_id, c.provider_sid, c.provider_status, c.state, c.error_code,
         c.detail
  FROM nudged.status_callbacks c
  WHERE c.outcome = 'pending'
    AND EXISTS (SELECT 1 FROM nudged.outbox o WHERE o.outbox_id = c.outbox_id
                AND o.state IN ('sent', 'delivered', 'undelivered', 'failed'))
  ORDER BY c.callback_id LIMIT 10000
  FOR UPDATE OF c SKIP LOCKED
),)sql";

constexpr const char* kResolve = R"sql(
seen AS (
  SELECT p.*, o.outbox_id IS NOT NULL AS found, o.state AS row_state, o.provider_sid AS row_sid,
         CASE p.state WHEN 'sent' THEN 1 ELSE 2 END AS rank,
         CASE o.state WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'undelivered' THEN 2
                      WHEN 'failed' THEN 2 ELSE 0 END AS row_rank
  FROM pending p LEFT JOIN nudged.outbox o ON o.outbox_id = p.outbox_id
), judged AS (
  SELECT s.*, CASE
      WHEN NOT s.found THEN 'unknown_outbox'
      WHEN s.row_sid IS NOT NULL AND s.row_sid <> s.provider_sid THEN 'sid_mismatch'
      WHEN s.row_sid IS NULL OR s.row_rank = 0 THEN 'pending'
      WHEN s.rank <= s.row_rank THEN 'stale'
      ELSE 'forward' END AS verdict
  FROM seen s
), best AS (
  SELECT DISTINCT ON (outbox_id) outbox_id, callback_id, state, row_state, provider_sid,
         error_code, detail
  FROM judged WHERE verdict = 'forward'
  ORDER BY outbox_id, rank DESC, callback_id
), applied AS (
  UPDATE nudged.outbox o
  SET state = b.state, provider_code = b.error_code, updated_at = now()
  FROM best b
  WHERE o.outbox_id = b.outbox_id AND o.state = b.row_state
  RETURNING o.outbox_id, b.callback_id, b.row_state, b.state, b.provider_sid, b.error_code,
            b.detail, o.recipient, o.channel, o.attempts
), audit AS (
  INSERT INTO nudged.audit_events (outbox_id, old_state, new_state, attempt, provider_code,
                                   provider_sid, detail)
  SELECT outbox_id, row_state, state, attempts, error_code, provider_sid, detail FROM applied
)sql";

// Batch: every callback is stored with its outcome (pending when its row is not sent yet).
constexpr const char* kRecordOutcomes = R"sql(
), recorded AS (
  INSERT INTO nudged.status_callbacks (outbox_id, provider_sid, provider_status, state,
                                       error_code, detail, outcome, resolved_at)
  SELECT j.outbox_id, j.provider_sid, j.provider_status, j.state, j.error_code, j.detail, o.outcome,
         CASE WHEN o.outcome = 'pending' THEN NULL ELSE now() END
  FROM judged j LEFT JOIN applied a ON a.callback_id = j.callback_id,
       LATERAL (SELECT CASE WHEN j.verdict <> 'forward' THEN j.verdict
                            WHEN a.callback_id IS NULL THEN 'stale'
                            ELSE 'applied' END AS outcome) o
  ORDER BY j.callback_id
)
)sql";

// Sweep: the pending callbacks judged get their outcome.
constexpr const char* kMarkOutcomes = R"sql(
), marked AS (
  UPDATE nudged.status_callbacks c
  SET outcome = CASE WHEN j.verdict <> 'forward' THEN j.verdict
                     WHEN a.callback_id IS NULL THEN 'stale' ELSE 'applied' END,
      resolved_at = now()
  FROM judged j LEFT JOIN applied a ON a.callback_id = j.callback_id
  WHERE c.callback_id = j.callback_id AND j.verdict <> 'pending'
)
)sql";

// What to log: the rows changed, and the callbacks that cannot be applied.
constexpr const char* kReport = R"sql(
SELECT 'applied', outbox_id, row_state, state, provider_sid, error_code, detail, recipient,
       channel, attempts
FROM applied
UNION ALL
SELECT verdict, outbox_id, row_state, state, provider_sid, error_code, detail, NULL, NULL, NULL
FROM judged WHERE verdict IN ('unknown_outbox', 'sid_mismatch')
)sql";

constexpr const char* kInsertInbound = R"sql(
INSERT INTO nudged.inbound_messages (message_sid, from_number, to_number, body, action)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (message_sid) DO NOTHING
RETURNING inbound_id
)sql";

// The unique index opt_outs_active_idx makes a repeated STOP change nothing.
constexpr const char* kOptOut = R"sql(
INSERT INTO nudged.opt_outs (address, channel, source)
SELECT $1, channel, 'inbound_stop' FROM unnest(ARRAY['sms', 'voice']) AS channel
ON CONFLICT DO NOTHING
)sql";

// Staff opt-outs stay: only the caregiver's own (STOP, or the provider's 21610) are revoked.
constexpr const char* kOptIn = R"sql(
UPDATE nudged.opt_outs SET revoked_at = greatest(now(), at)
WHERE address = $1 AND channel IN ('sms', 'voice') AND revoked_at IS NULL
  AND source IN ('inbound_stop', 'provider_21610')
)sql";

const std::string kBatchResolve =
    std::string(kBatchCallbacks) + kResolve + kRecordOutcomes + kReport;
const std::string kSweepResolve = std::string(kSweepCallbacks) + kResolve + kMarkOutcomes + kReport;

std::string Text(const pqxx::field& field) {
  return field.is_null() ? std::string("-") : field.as<std::string>();
}

// Logs what a resolution did: one line per row changed (dispatch/change_log.h), a warning per
// callback that cannot be applied.
void LogResolved(const pqxx::result& rows) {
  for (const pqxx::row& row : rows) {
    const std::string outcome = row[0].as<std::string>();
    if (outcome == "applied") {
      LogChange(row[1].as<std::int64_t>(), row[2].as<std::string>(), row[3].as<std::string>(),
                row[9].as<int>(), row[7].as<std::string>(), row[8].as<std::string>(),
                row[5].is_null() ? "" : row[5].as<std::string>(), row[4].as<std::string>(),
                row[6].as<std::string>());
    } else {
      spdlog::warn("status callback not applied reason={} outbox_id={} sid={} status={}", outcome,
                   Text(row[1]), row[4].as<std::string>(), row[3].as<std::string>());
    }
  }
}

template <typename Field>
std::string Column(const std::vector<StatusCallback>& callbacks, Field field) {
  std::vector<std::string> values;
  values.reserve(callbacks.size());
  for (const StatusCallback& callback : callbacks) values.push_back(field(callback));
  return TextArrayLiteral(values);
}

pqxx::result RecordCallbacks(pqxx::work& tx, const std::vector<StatusCallback>& callbacks) {
  using C = const StatusCallback&;
  return tx.exec_params(
      kBatchResolve, Column(callbacks, [](C c) { return std::to_string(c.outbox_id.value_or(0)); }),
      Column(callbacks, [](C c) { return c.sid; }),
      Column(callbacks, [](C c) { return c.provider_status; }),
      Column(callbacks, [](C c) { return std::string(CallbackStateName(c.state)); }),
      Column(callbacks, [](C c) { return c.error_code; }),
      Column(callbacks, [](C c) { return c.detail; }));
}

// Returns whether the message was new (not a provider retry), after acting on its keyword.
bool RecordInbound(pqxx::work& tx, const InboundMessage& message) {
  const pqxx::result inserted =
      tx.exec_params(kInsertInbound, message.message_sid, message.from, message.to, message.body,
                     std::string(InboundActionName(message.action)));
  if (inserted.empty()) return false;
  if (message.action == InboundAction::kOptOut) tx.exec_params0(kOptOut, message.from);
  if (message.action == InboundAction::kOptIn) tx.exec_params0(kOptIn, message.from);
  return true;
}

}  // namespace

Status WebhookStore::Record(const std::vector<StatusCallback>& callbacks,
                            const std::vector<InboundMessage>& inbound) {
  pqxx::result resolved;
  std::vector<bool> fresh;
  try {
    pqxx::work tx(*connection_);
    if (!callbacks.empty()) resolved = RecordCallbacks(tx, callbacks);
    for (const InboundMessage& message : inbound) fresh.push_back(RecordInbound(tx, message));
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("record webhook requests");
  }
  LogResolved(resolved);
  for (size_t i = 0; i < inbound.size(); ++i) {
    const InboundMessage& message = inbound[i];
    const std::string_view repeat = fresh[i] ? "false" : "true";
    if (message.action == InboundAction::kForStaff) {
      // Staff must read and answer it: a warning, so it stands out in the journal.
      spdlog::warn("inbound message for school staff from={} sid={} repeat={}",
                   MaskPhone(message.from), message.message_sid, repeat);
    } else {
      spdlog::info("inbound message from={} action={} sid={} repeat={}", MaskPhone(message.from),
                   InboundActionName(message.action), message.message_sid, repeat);
    }
  }
  return Status::Ok();
}

Status WebhookStore::ApplyPending(int* applied) {
  *applied = 0;
  pqxx::result resolved;
  try {
    pqxx::work tx(*connection_);
    resolved = tx.exec(kSweepResolve);
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("apply pending status callbacks");
  }
  LogResolved(resolved);
  for (const pqxx::row& row : resolved) {
    if (row[0].as<std::string>() == "applied") ++*applied;
  }
  return Status::Ok();
}

}  // namespace nudged
