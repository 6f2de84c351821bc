// The leader lease in PostgreSQL (nudged.leader_lease, sql/005_scheduler.sql): of several
// `nudged run` processes sharing a database, only the one holding the "scheduler" lease runs the
// scheduler; all of them dispatch. The lease has a holder and an expiry on the database clock;
// the holder renews it, and any instance takes it over once it has expired.
//
//   LeaderLease lease("host:1234", std::chrono::seconds(30));
//   bool leader = false;
//   Status s = lease.Renew(connection, &leader);   // take or keep it; every few seconds
//   ...
//   lease.Release(connection);                     // at a clean stop: others take over at once
// The scheduler renews it before each action, so an action longer than the ttl (a state-scale
// sync) lets another instance take over meanwhile: harmless, since a plan is exactly-once under
// its wave lock and a second sync only records another snapshot.
// Not thread-safe: use one LeaderLease from one thread, with that thread's connection.

#ifndef NUDGED_SCHEDULER_LEADER_LEASE_H_
#define NUDGED_SCHEDULER_LEADER_LEASE_H_

#include <chrono>
#include <pqxx/connection>
#include <string>

#include "nudged/status.h"

namespace nudged {

class LeaderLease {
 public:
  // `holder`: this instance's name, unique among the contenders. `ttl`: how long a renewal
  // holds the lease. REQUIRES: holder non-empty, ttl > 0.
  LeaderLease(std::string holder, std::chrono::seconds ttl, std::string name = "scheduler");

  // Takes the lease when it is free or expired, or extends it when this instance holds it.
  // Sets *held to whether this instance holds it now. Returns Unavailable/Internal on database
  // errors (*held is then false: a leader that cannot reach the database must not act).
  Status Renew(pqxx::connection& connection, bool* held);

  // Lets the lease expire now when this instance holds it.
  Status Release(pqxx::connection& connection);

  const std::string& holder() const { return holder_; }

 private:
  const std::string holder_;
  const std::chrono::seconds ttl_;
  const std::string name_;
};

}  // namespace nudged

#endif  // NUDGED_SCHEDULER_LEADER_LEASE_H_
