// Implementation details: each statement is one data-modifying CTE chain (select with FOR
// UPDATE SKIP LOCKED, update, insert the audit rows) whose RETURNING rows drive the log lines,
// so a row two dispatchers look at is changed by one of them only and logged once. Lists of
// changes travel as arrays ($n::bigint[] ...) unnested in SQL, keeping the statement text fixed
// whatever the batch size. Instants travel as UTC text and come back as epoch microseconds.
// Every guard of a change (state, attempt, lease owner) makes applying it twice harmless, so a
// batch whose commit was in doubt can simply be applied again.

#include "dispatch/outbox_store.h"

#include <date/date.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "common/log_value.h"
#include "db/array_literal.h"
#include "db/errors.h"
#include "dispatch/change_log.h"

namespace nudged {
namespace {

constexpr const char* kRegister = R"sql(
INSERT INTO nudged.dispatcher_instances AS d (instance, host, pid, started_at, heartbeat_at)
VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)
ON CONFLICT (instance) DO UPDATE
SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
    heartbeat_at = excluded.heartbeat_at, stopped_at = NULL
WHERE d.stopped_at IS NOT NULL OR d.heartbeat_at <= $4::timestamptz - $5 * interval '1 second'
RETURNING instance
)sql";

constexpr const char* kHeartbeat = R"sql(
UPDATE nudged.dispatcher_instances SET heartbeat_at = greatest(heartbeat_at, $3::timestamptz)
WHERE instance = $1 AND started_at = $2::timestamptz AND stopped_at IS NULL
)sql";

constexpr const char* kMarkStopped = R"sql(
UPDATE nudged.dispatcher_instances
SET stopped_at = greatest(heartbeat_at, $3::timestamptz),
    heartbeat_at = greatest(heartbeat_at, $3::timestamptz)
WHERE instance = $1 AND started_at = $2::timestamptz
)sql";

// Renews this run's lease, or takes one that is free or over for the hand-over gap ($6 us).
constexpr const char* kHoldSender = R"sql(
INSERT INTO nudged.sender_leases AS l (sender, instance, started_at, taken_at, lease_until)
VALUES ($1, $2, $3::timestamptz, $4::timestamptz, $4::timestamptz + $5 * interval '1 microsecond')
ON CONFLICT (sender) DO UPDATE
SET instance = excluded.instance, started_at = excluded.started_at,
    taken_at = CASE WHEN l.instance = excluded.instance AND l.started_at = excluded.started_at
                    THEN l.taken_at ELSE excluded.taken_at END,
    lease_until = greatest(l.lease_until, excluded.lease_until)
WHERE (l.instance = excluded.instance AND l.started_at = excluded.started_at)
   OR l.lease_until <= $4::timestamptz - $6 * interval '1 microsecond'
RETURNING sender
)sql";

constexpr const char* kReleaseSender = R"sql(
UPDATE nudged.sender_leases SET lease_until = greatest(taken_at, least(lease_until, $4::timestamptz))
WHERE sender = $1 AND instance = $2 AND started_at = $3::timestamptz
)sql";

// $3 names an instance whose sending rows are all abandoned (its own restart), or is NULL; $4
// is the caller, whose own rows are never taken for an expired lease: it still knows them.
constexpr const char* kRescue = R"sql(
WITH stale AS (
  SELECT o.outbox_id, o.lease_owner AS owner FROM nudged.outbox o
  WHERE o.state = 'sending'
    AND (o.lease_owner = $3 OR (o.lease_until < $1::timestamptz AND o.lease_owner <> $4)
         OR NOT EXISTS (
      SELECT 1 FROM nudged.dispatcher_instances d
      WHERE d.instance = o.lease_owner AND d.stopped_at IS NULL
        AND d.heartbeat_at > $1::timestamptz - $2 * interval '1 second'))
  FOR UPDATE OF o SKIP LOCKED
), rescued AS (
  UPDATE nudged.outbox o
  SET state = 'unknown', lease_owner = NULL, lease_until = NULL,
      reconcile_after = $1::timestamptz, updated_at = $1::timestamptz
  FROM stale WHERE o.outbox_id = stale.outbox_id
  RETURNING o.outbox_id, o.attempts, o.recipient, o.channel, stale.owner
), audit AS (
  INSERT INTO nudged.audit_events (at, outbox_id, old_state, new_state, attempt, detail)
  SELECT $1::timestamptz, outbox_id, 'sending', 'unknown', attempts,
         'rescued from dispatcher ' || owner || ': the request may have gone out'
  FROM rescued
)
SELECT outbox_id, attempts, recipient, channel, owner FROM rescued
)sql";

constexpr const char* kClaim = R"sql(
WITH due AS (
  SELECT o.outbox_id FROM nudged.outbox o
  WHERE o.state = 'ready' AND o.channel IN ('sms', 'voice')
    AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $1::timestamptz)
    AND o.relevant_until > $1::timestamptz
    AND EXISTS (SELECT 1 FROM nudged.waves w WHERE w.school_year = o.school_year
                AND w.wave = o.wave AND w.wave_date <= $2::date)
  ORDER BY o.next_attempt_at, o.outbox_id
  LIMIT $3
  FOR UPDATE OF o SKIP LOCKED
), claimed AS (
  UPDATE nudged.outbox o
  SET state = 'sending', attempts = o.attempts + 1, lease_owner = $4,
      lease_until = $1::timestamptz + $5 * interval '1 second',
      sending_started_at = $1::timestamptz, next_attempt_at = NULL, updated_at = $1::timestamptz
  FROM due WHERE o.outbox_id = due.outbox_id
  RETURNING o.outbox_id, o.channel, o.recipient, o.body, o.language, o.attempts,
            (extract(epoch FROM o.relevant_until) * 1000000)::bigint AS relevant_until_us
), audit AS (
  INSERT INTO nudged.audit_events (at, outbox_id, old_state, new_state, attempt, detail)
  SELECT $1::timestamptz, outbox_id, 'ready', 'sending', attempts, 'claimed by ' || $4
  FROM claimed
)
SELECT * FROM claimed ORDER BY outbox_id
)sql";

constexpr const char* kApply = R"sql(
WITH change AS (
  SELECT c.outbox_id, c.old_state, c.new_state, c.attempt, NULLIF(c.sid, '') AS sid,
         NULLIF(c.code, '') AS code, c.detail, NULLIF(c.next_at, '')::timestamptz AS next_at,
         c.unsent, c.opt_out
  FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[],
              $8::text[], $9::text[], $10::boolean[], $11::boolean[])
    AS c(outbox_id, old_state, new_state, attempt, sid, code, detail, next_at, unsent, opt_out)
), applied AS (
  UPDATE nudged.outbox o
  SET state = c.new_state,
      attempts = o.attempts - CASE WHEN c.unsent THEN 1 ELSE 0 END,
      provider_sid = COALESCE(c.sid, o.provider_sid),
      provider_code = CASE WHEN c.new_state = 'sent' THEN NULL
                           ELSE COALESCE(c.code, o.provider_code) END,
      next_attempt_at = CASE WHEN c.new_state = 'ready' THEN c.next_at END,
      reconcile_after = CASE WHEN c.new_state = 'unknown' THEN c.next_at END,
      lease_owner = NULL, lease_until = NULL, updated_at = $1::timestamptz
  FROM change c
  WHERE o.outbox_id = c.outbox_id AND o.state = c.old_state AND o.attempts = c.attempt
    AND o.lease_owner = $12
    AND (c.sid IS NULL OR NOT EXISTS (SELECT 1 FROM nudged.outbox x
                                      WHERE x.provider_sid = c.sid AND x.outbox_id <> c.outbox_id))
  RETURNING o.outbox_id, c.old_state, c.new_state, c.attempt, c.sid, c.code, c.detail,
            o.recipient, o.channel, c.opt_out
), audit AS (
  INSERT INTO nudged.audit_events (at, outbox_id, old_state, new_state, attempt, provider_code,
                                   provider_sid, detail)
  SELECT $1::timestamptz, outbox_id, old_state, new_state, attempt, code, sid, detail
  FROM applied WHERE new_state <> old_state
), opted_out AS (
  INSERT INTO nudged.opt_outs (address, channel, source, at)
  SELECT DISTINCT recipient, channel, 'provider_21610', $1::timestamptz FROM applied WHERE opt_out
  ON CONFLICT DO NOTHING
)
SELECT outbox_id, old_state, new_state, attempt, sid, code, detail, recipient, channel
FROM applied ORDER BY outbox_id
)sql";

constexpr const char* kExpire = R"sql(
WITH stale AS (
  SELECT outbox_id FROM nudged.outbox
  WHERE state = 'ready' AND channel IN ('sms', 'voice') AND relevant_until <= $2::timestamptz
  ORDER BY relevant_until LIMIT 10000
  FOR UPDATE SKIP LOCKED
), expired AS (
  UPDATE nudged.outbox o SET state = 'expired', next_attempt_at = NULL, updated_at = $1::timestamptz
  FROM stale WHERE o.outbox_id = stale.outbox_id
  RETURNING o.outbox_id, o.attempts, o.recipient, o.channel
), audit AS (
  INSERT INTO nudged.audit_events (at, outbox_id, old_state, new_state, attempt, detail)
  SELECT $1::timestamptz, outbox_id, 'ready', 'expired', attempts, $3 FROM expired
)
SELECT outbox_id, attempts, recipient, channel FROM expired ORDER BY outbox_id
)sql";

constexpr const char* kDefer = R"sql(
UPDATE nudged.outbox SET next_attempt_at = $2::timestamptz, updated_at = $1::timestamptz
WHERE state = 'ready' AND channel IN ('sms', 'voice')
  AND (next_attempt_at IS NULL OR next_attempt_at < $2::timestamptz)
  AND relevant_until > $2::timestamptz
)sql";

constexpr const char* kLeaseUnknown = R"sql(
WITH due AS (
  SELECT outbox_id FROM nudged.outbox
  WHERE state = 'unknown' AND (reconcile_after IS NULL OR reconcile_after <= $1::timestamptz)
    AND (lease_until IS NULL OR lease_until < $1::timestamptz)
  ORDER BY reconcile_after LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE nudged.outbox o
SET lease_owner = $3, lease_until = $1::timestamptz + $4 * interval '1 second'
FROM due WHERE o.outbox_id = due.outbox_id
RETURNING o.outbox_id, o.channel, o.recipient, o.body, o.attempts,
          (extract(epoch FROM COALESCE(o.sending_started_at, o.updated_at)) * 1000000)::bigint
)sql";

constexpr const char* kPendingWork = R"sql(
SELECT EXISTS (SELECT 1 FROM nudged.outbox WHERE state = 'sending')
    OR EXISTS (SELECT 1 FROM nudged.outbox WHERE state = 'unknown')
    OR ($4 AND EXISTS (
          SELECT 1 FROM nudged.outbox o
          WHERE o.state = 'ready' AND o.channel IN ('sms', 'voice')
            AND o.relevant_until > $1::timestamptz
            AND (o.next_attempt_at IS NULL OR o.next_attempt_at < $3::timestamptz)
            AND EXISTS (SELECT 1 FROM nudged.waves w WHERE w.school_year = o.school_year
                        AND w.wave = o.wave AND w.wave_date <= $2::date)))
)sql";

Instant FromEpochMicros(std::int64_t micros) {
  return Instant(std::chrono::microseconds(micros));
}

std::string OptionalText(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

// Returns one column of `changes` as an array literal; quoted elements suit every element type
// the statements use (bigint, int, boolean, text).
template <typename Field>
std::string Column(const std::vector<RowChange>& changes, Field field) {
  std::vector<std::string> values;
  values.reserve(changes.size());
  for (const RowChange& change : changes) values.push_back(field(change));
  return TextArrayLiteral(values);
}

}  // namespace

std::string SqlTimestamp(Instant instant) { return date::format("%F %T+00", instant); }

OutboxStore::OutboxStore(pqxx::connection& connection, std::string instance)
    : connection_(&connection), instance_(std::move(instance)) {}

Status OutboxStore::Register(Instant now, std::chrono::seconds dead_after, const std::string& host,
                             int pid) {
  try {
    pqxx::work tx(*connection_);
    const std::string started = SqlTimestamp(now);
    const pqxx::result registered =
        tx.exec_params(kRegister, instance_, host, pid, started, dead_after.count());
    if (registered.empty()) {
      return Status::Conflict(fmt::format(
          "dispatcher instance {} is already running (its heartbeat is recent)", instance_));
    }
    const pqxx::result rescued = tx.exec_params(kRescue, SqlTimestamp(now), dead_after.count(),
                                                instance_, instance_);
    tx.commit();
    started_at_ = started;
    for (const pqxx::row& row : rescued) {
      LogChange(row[0].as<std::int64_t>(), "sending", "unknown", row[1].as<int>(),
                row[2].as<std::string>(), row[3].as<std::string>(), "", "",
                "left by this instance's previous run");
    }
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("register dispatcher instance");
  }
}

Status OutboxStore::Heartbeat(Instant now) {
  try {
    pqxx::work tx(*connection_);
    const pqxx::result updated = tx.exec_params(kHeartbeat, instance_, started_at_,
                                                SqlTimestamp(now));
    tx.commit();
    if (updated.affected_rows() == 0) {
      return Status::Conflict(fmt::format(
          "dispatcher instance {} was taken over by another process", instance_));
    }
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("dispatcher heartbeat");
  }
}

Status OutboxStore::MarkStopped(Instant now) {
  try {
    pqxx::work tx(*connection_);
    tx.exec_params0(kMarkStopped, instance_, started_at_, SqlTimestamp(now));
    tx.commit();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("mark dispatcher stopped");
  }
}

Status OutboxStore::HoldSender(Instant now, const std::string& sender,
                               std::chrono::microseconds length,
                               std::chrono::microseconds handover_gap, bool* held) {
  try {
    pqxx::work tx(*connection_);
    const pqxx::result rows =
        tx.exec_params(kHoldSender, sender, instance_, started_at_, SqlTimestamp(now),
                       static_cast<std::int64_t>(length.count()),
                       static_cast<std::int64_t>(handover_gap.count()));
    tx.commit();
    *held = !rows.empty();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("hold the sender's lease");
  }
}

Status OutboxStore::ReleaseSender(Instant now, const std::string& sender) {
  try {
    pqxx::work tx(*connection_);
    tx.exec_params0(kReleaseSender, sender, instance_, started_at_, SqlTimestamp(now));
    tx.commit();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("release the sender's lease");
  }
}

Status OutboxStore::Claim(Instant now, Date local_today, int limit, std::chrono::seconds lease,
                          std::vector<ClaimedMessage>* claimed) {
  pqxx::result rows;
  try {
    pqxx::work tx(*connection_);
    rows = tx.exec_params(kClaim, SqlTimestamp(now), FormatIsoDate(local_today), limit, instance_,
                          lease.count());
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("claim ready messages");
  }
  for (const pqxx::row& row : rows) {
    ClaimedMessage message;
    message.message.outbox_id = row[0].as<std::int64_t>();
    message.message.channel = ParseChannel(row[1].as<std::string>()).value_or(Channel::kSms);
    message.message.to = row[2].as<std::string>();
    message.message.body = row[3].as<std::string>();
    message.message.language = row[4].as<std::string>();
    message.attempt = row[5].as<int>();
    message.relevant_until = FromEpochMicros(row[6].as<std::int64_t>());
    message.lease_until = now + lease;
    LogChange(message.message.outbox_id, "ready", "sending", message.attempt, message.message.to,
              row[1].as<std::string>(), "", "", "claimed by " + instance_);
    claimed->push_back(std::move(message));
  }
  return Status::Ok();
}

Status OutboxStore::ApplyBatch(Instant now, const std::vector<RowChange>& changes, int* applied) {
  using C = const RowChange&;
  const std::string ids = Column(changes, [](C c) { return std::to_string(c.outbox_id); });
  const std::string from =
      Column(changes, [](C c) { return std::string(OutboxStateName(c.from)); });
  const std::string to = Column(changes, [](C c) { return std::string(OutboxStateName(c.to)); });
  const std::string attempts = Column(changes, [](C c) { return std::to_string(c.attempt); });
  const std::string sids = Column(changes, [](C c) { return c.sid; });
  const std::string codes = Column(changes, [](C c) { return c.code; });
  const std::string details = Column(changes, [](C c) { return c.detail; });
  const std::string next_ats = Column(
      changes, [](C c) { return c.next_at ? SqlTimestamp(*c.next_at) : std::string(); });
  const std::string unsent = Column(changes, [](C c) { return std::string(c.unsent ? "t" : "f"); });
  const std::string opt_out =
      Column(changes, [](C c) { return std::string(c.opt_out ? "t" : "f"); });
  pqxx::result rows;
  try {
    pqxx::work tx(*connection_);
    rows = tx.exec_params(kApply, SqlTimestamp(now), ids, from, to, attempts, sids, codes, details,
                          next_ats, unsent, opt_out, instance_);
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("write send outcomes");
  }
  *applied = static_cast<int>(rows.size());
  for (const pqxx::row& row : rows) {
    const std::string old_state = row[1].as<std::string>();
    const std::string new_state = row[2].as<std::string>();
    if (old_state == new_state) continue;
    LogChange(row[0].as<std::int64_t>(), old_state, new_state, row[3].as<int>(),
              row[7].as<std::string>(), row[8].as<std::string>(), OptionalText(row[5]),
              OptionalText(row[4]), row[6].as<std::string>());
  }
  return Status::Ok();
}

Status OutboxStore::Apply(Instant now, const std::vector<RowChange>& changes, int* applied) {
  *applied = 0;
  if (changes.empty()) return Status::Ok();
  Status status = ApplyBatch(now, changes, applied);
  if (!status.IsConflict()) return status;
  // One change broke a constraint (a SID already stored on another row): keep the others.
  spdlog::warn("outcome batch refused, applying one by one status={}", LogQuote(status.ToString()));
  for (const RowChange& change : changes) {
    int one = 0;
    status = ApplyBatch(now, {change}, &one);
    if (status.IsConflict() && !change.sid.empty()) {
      // The request went out but its SID cannot be recorded: let reconciliation decide.
      RowChange unsure = change;
      unsure.to = OutboxState::kUnknown;
      unsure.sid.clear();
      unsure.next_at = now;
      unsure.detail = change.detail + "; its SID is already recorded on another row";
      status = ApplyBatch(now, {unsure}, &one);
    }
    if (!status.ok()) return status;
    *applied += one;
  }
  return Status::Ok();
}

Status OutboxStore::RescueAbandoned(Instant now, std::chrono::seconds dead_after, int* rescued) {
  pqxx::result rows;
  try {
    pqxx::work tx(*connection_);
    rows = tx.exec_params(kRescue, SqlTimestamp(now), dead_after.count(), nullptr, instance_);
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("rescue abandoned messages");
  }
  *rescued = static_cast<int>(rows.size());
  for (const pqxx::row& row : rows) {
    LogChange(row[0].as<std::int64_t>(), "sending", "unknown", row[1].as<int>(),
              row[2].as<std::string>(), row[3].as<std::string>(), "", "",
              "rescued from dispatcher " + row[4].as<std::string>());
  }
  return Status::Ok();
}

Status OutboxStore::ExpireReady(Instant now, std::optional<Instant> deadline, std::string_view why,
                                int* expired) {
  pqxx::result rows;
  try {
    pqxx::work tx(*connection_);
    rows = tx.exec_params(kExpire, SqlTimestamp(now),
                          deadline ? SqlTimestamp(*deadline) : std::string("infinity"),
                          std::string(why));
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("expire messages past their deadline");
  }
  *expired = static_cast<int>(rows.size());
  for (const pqxx::row& row : rows) {
    LogChange(row[0].as<std::int64_t>(), "ready", "expired", row[1].as<int>(),
              row[2].as<std::string>(), row[3].as<std::string>(), "", "", why);
  }
  return Status::Ok();
}

Status OutboxStore::DeferReady(Instant now, Instant next_window, int* deferred) {
  try {
    pqxx::work tx(*connection_);
    const pqxx::result result =
        tx.exec_params(kDefer, SqlTimestamp(now), SqlTimestamp(next_window));
    tx.commit();
    *deferred = static_cast<int>(result.affected_rows());
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("defer messages to the next send window");
  }
}

Status OutboxStore::LeaseUnknown(Instant now, int limit, std::chrono::seconds lease,
                                 std::vector<UnknownRow>* rows) {
  pqxx::result result;
  try {
    pqxx::work tx(*connection_);
    result = tx.exec_params(kLeaseUnknown, SqlTimestamp(now), limit, instance_, lease.count());
    tx.commit();
  } catch (...) {
    return StatusFromCurrentException("lease unknown messages");
  }
  for (const pqxx::row& row : result) {
    UnknownRow unknown;
    unknown.outbox_id = row[0].as<std::int64_t>();
    unknown.channel = ParseChannel(row[1].as<std::string>()).value_or(Channel::kSms);
    unknown.to = row[2].as<std::string>();
    unknown.body = row[3].as<std::string>();
    unknown.attempt = row[4].as<int>();
    unknown.attempt_started = FromEpochMicros(row[5].as<std::int64_t>());
    rows->push_back(std::move(unknown));
  }
  return Status::Ok();
}

Status OutboxStore::HasPendingWork(Instant now, Date local_today,
                                   std::optional<Instant> window_closes, bool* pending) {
  try {
    pqxx::work tx(*connection_);
    const pqxx::row row = tx.exec_params1(
        kPendingWork, SqlTimestamp(now), FormatIsoDate(local_today),
        SqlTimestamp(window_closes.value_or(now)), window_closes.has_value());
    tx.commit();
    *pending = row[0].as<bool>();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("look for pending messages");
  }
}

}  // namespace nudged
