// Implementation details: one upsert takes or renews the lease atomically: the row is written
// only when this instance already holds it or it has expired, so two contenders racing for an
// expired lease serialize on the row and the second finds it held. clock_timestamp(), not
// now(), so a long transaction cannot stretch the lease.

#include "scheduler/leader_lease.h"

#include <pqxx/pqxx>

#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kRenew = R"sql(
INSERT INTO nudged.leader_lease AS l (name, holder, acquired_at, expires_at)
VALUES ($1, $2, clock_timestamp(), clock_timestamp() + make_interval(secs => $3))
ON CONFLICT (name) DO UPDATE
SET holder = excluded.holder,
    acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at
                       ELSE excluded.acquired_at END,
    expires_at = excluded.expires_at
WHERE l.holder = excluded.holder OR l.expires_at <= clock_timestamp()
RETURNING holder
)sql";

constexpr const char* kRelease = R"sql(
UPDATE nudged.leader_lease SET expires_at = greatest(acquired_at, clock_timestamp())
WHERE name = $1 AND holder = $2
)sql";

}  // namespace

LeaderLease::LeaderLease(std::string holder, std::chrono::seconds ttl, std::string name)
    : holder_(std::move(holder)), ttl_(ttl), name_(std::move(name)) {}

Status LeaderLease::Renew(pqxx::connection& connection, bool* held) {
  *held = false;
  try {
    pqxx::work tx{connection};
    const pqxx::result row =
        tx.exec_params(kRenew, name_, holder_, static_cast<double>(ttl_.count()));
    tx.commit();
    *held = !row.empty();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("renew the leader lease");
  }
}

Status LeaderLease::Release(pqxx::connection& connection) {
  try {
    pqxx::work tx{connection};
    tx.exec_params(kRelease, name_, holder_);
    tx.commit();
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("release the leader lease");
  }
}

}  // namespace nudged
