// The dispatcher's statements on nudged.outbox and nudged.dispatcher_instances, each one short
// transaction that changes many rows (claims, group commits of outcomes, rescue, expiry), so
// throughput never needs one transaction per message. Every state change is appended to
// nudged.audit_events in the same transaction and logged once (recipient masked) after the
// commit. Instants come from the dispatcher's Clock and are passed in (`now`): the SQL never
// reads the server's now(), so a simulated clock drives every due time.
//
// Not thread-safe: one OutboxStore per connection, used from the database thread only.
// libpqxx exceptions never leave it: every method returns a Status (db/errors.h).

#ifndef NUDGED_DISPATCH_OUTBOX_STORE_H_
#define NUDGED_DISPATCH_OUTBOX_STORE_H_

#include <chrono>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <string_view>
#include <vector>

#include "dispatch/transition.h"
#include "nudged/clock.h"
#include "nudged/date.h"
#include "nudged/status.h"
#include "provider/provider.h"

namespace nudged {

// A row claimed for sending: state sending, attempts counted, leased by this instance.
struct ClaimedMessage {
  OutgoingMessage message;
  int attempt = 0;  // the row's attempts, this one included
  Instant relevant_until;
  Instant lease_until;  // no request may still be under way then
};

// A row in state unknown leased for reconciliation.
struct UnknownRow {
  std::int64_t outbox_id = 0;
  Channel channel = Channel::kSms;
  std::string to;
  std::string body;
  int attempt = 0;
  Instant attempt_started;  // when the ambiguous attempt was claimed
};

class OutboxStore {
 public:
  // `instance` is the lease owner written on every row this store claims.
  OutboxStore(pqxx::connection& connection, std::string instance);

  // Continues on `connection` after the previous one was lost; the registration is kept.
  void UseConnection(pqxx::connection& connection) { connection_ = &connection; }

  // Registers the instance as alive at `now`. A previous registration under the same name
  // that is stopped or silent for `dead_after` is taken over, and the rows it left in sending
  // become unknown in the same transaction. Returns Conflict when a live instance already
  // has the name.
  Status Register(Instant now, std::chrono::seconds dead_after, const std::string& host, int pid);

  // Records a heartbeat. Returns Conflict when another process took the registration over
  // (this one was silent for too long and must stop).
  Status Heartbeat(Instant now);

  // Records a clean shutdown.
  Status MarkStopped(Instant now);

  // Holds `sender` for this run (nudged.sender_leases) until now + `length`: renews the lease
  // when this run has it, takes it when it is free or has been over for `handover_gap`, and
  // otherwise leaves it to the run that has it. Sets *held to whether this run holds it now.
  Status HoldSender(Instant now, const std::string& sender, std::chrono::microseconds length,
                    std::chrono::microseconds handover_gap, bool* held);

  // Ends this run's lease on `sender` at `now` (a clean stop), if it holds it.
  Status ReleaseSender(Instant now, const std::string& sender);

  // Claims up to `limit` sms/voice rows that are ready, due at `now`, still relevant and whose
  // wave's date is on or before `local_today`: marks them sending with attempts + 1, leased
  // until now + `lease`, and commits. Appends them to *claimed.
  Status Claim(Instant now, Date local_today, int limit, std::chrono::seconds lease,
               std::vector<ClaimedMessage>* claimed);

  // Applies `changes` in one transaction (see RowChange). A change whose row is no longer in
  // its `from` state, at its attempt, leased by this instance, is skipped. Sets *applied to
  // the rows changed. If the batch fails on a conflict, each change is retried alone; a SID
  // already stored on another row makes its row unknown instead, for reconciliation.
  Status Apply(Instant now, const std::vector<RowChange>& changes, int* applied);

  // Moves rows left in sending by a dead instance (silent for `dead_after`, or stopped), or by
  // another instance whose lease on them ran out, to unknown, to be reconciled: the request
  // may have gone out.
  Status RescueAbandoned(Instant now, std::chrono::seconds dead_after, int* rescued);

  // Expires ready rows whose relevance deadline is at or before `deadline` (now, or the start
  // of the next send window when none can go out before then). `why` goes into the audit.
  Status ExpireReady(Instant now, std::optional<Instant> deadline, std::string_view why,
                     int* expired);

  // While the send window is closed: makes ready rows that are not due before `next_window`
  // wait for it (next_attempt_at), so they resume there. No state changes.
  Status DeferReady(Instant now, Instant next_window, int* deferred);

  // Leases up to `limit` unknown rows due for reconciliation for `lease`.
  Status LeaseUnknown(Instant now, int limit, std::chrono::seconds lease,
                      std::vector<UnknownRow>* rows);

  // Sets *pending when any row is sending or unknown (any instance), or, with the window
  // open until `window_closes`, ready and due before it.
  Status HasPendingWork(Instant now, Date local_today, std::optional<Instant> window_closes,
                        bool* pending);

 private:
  Status ApplyBatch(Instant now, const std::vector<RowChange>& changes, int* applied);

  pqxx::connection* connection_;
  const std::string instance_;
  std::string started_at_;  // this registration's started_at, as sent to the server
};

// Returns `instant` as a timestamptz literal in UTC: "2026-11-03 21:00:00.000000+00".
std::string SqlTimestamp(Instant instant);

}  // namespace nudged

#endif  // NUDGED_DISPATCH_OUTBOX_STORE_H_
