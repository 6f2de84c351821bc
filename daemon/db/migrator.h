// Applies the numbered migrations (db/migrations.h) to the state database: the work of
// `nudged migrate`. Safe to run any number of times and from several processes at once:
//   - a transaction-scoped advisory lock (kMigrationLockKey) serializes migrators, so a second
//     process waits and then finds nothing to do;
//   - each pending migration runs in its own transaction together with its row in
//     nudged.schema_migrations(version, name, checksum, applied_at), so it is applied entirely
//     and recorded, or not at all;
//   - the checksum (SHA-256 of the text, computed by PostgreSQL) of every applied migration must
//     match the embedded text, and the database may not hold a version this binary does not
//     know; otherwise nothing is applied and Conflict is returned.
// Not thread-safe: uses the caller's connection.

#ifndef NUDGED_DB_MIGRATOR_H_
#define NUDGED_DB_MIGRATOR_H_

#include <cstdint>
#include <pqxx/connection>
#include <span>
#include <vector>

#include "db/migrations.h"
#include "nudged/status.h"

namespace nudged {

// The pg_advisory_xact_lock key of `nudged migrate` ("nudged" in ASCII, then 1).
inline constexpr std::int64_t kMigrationLockKey = 0x6e7564676564'0001;

struct MigrateResult {
  std::vector<int> applied;  // versions applied by this call, in order
  int already_applied = 0;   // migrations that were in place before this call
};

// Applies the pending `migrations` (REQUIRES: sorted by increasing, unique version).
// Returns Ok (possibly having applied nothing), Conflict on a checksum mismatch or an unknown
// applied version, Unavailable when the connection is lost, Internal when a migration fails.
Status Migrate(pqxx::connection& connection, std::span<const Migration> migrations,
               MigrateResult* result);

}  // namespace nudged

#endif  // NUDGED_DB_MIGRATOR_H_
