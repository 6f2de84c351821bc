// Implementation details: every step is one transaction that first takes the advisory lock,
// then creates the bookkeeping (schema "nudged" and nudged.schema_migrations) if missing, reads
// what is applied, verifies it, and applies the first pending migration. Creating the bookkeeping
// under the lock matters: two concurrent CREATE ... IF NOT EXISTS can still collide on the
// catalog's unique index. The loop ends when a step finds nothing pending; re-reading the applied
// set in every step costs a few rows and keeps each step correct on its own.

#include "db/migrator.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <pqxx/pqxx>
#include <string>

#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kLock = "SELECT pg_advisory_xact_lock($1)";

constexpr const char* kBootstrap = R"sql(
CREATE SCHEMA IF NOT EXISTS nudged;
COMMENT ON SCHEMA nudged IS 'State of the nudged daemon; changed only by `nudged migrate`.';
CREATE TABLE IF NOT EXISTS nudged.schema_migrations (
  version integer PRIMARY KEY CHECK (version >= 1),
  name text NOT NULL CHECK (name <> ''),
  checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  applied_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE nudged.schema_migrations IS
  'One row per applied sql/NNN_name.sql; checksum is the hex SHA-256 of its text.';
)sql";

constexpr const char* kSelectApplied =
    "SELECT version, checksum FROM nudged.schema_migrations ORDER BY version";

constexpr const char* kChecksum = "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')";

constexpr const char* kRecord =
    "INSERT INTO nudged.schema_migrations (version, name, checksum) "
    "VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'))";

// Checks what is applied against `migrations`. Returns Conflict on any mismatch.
Status Verify(pqxx::work& tx, std::span<const Migration> migrations,
              const std::map<int, std::string>& applied) {
  std::map<int, const Migration*> known;
  for (const Migration& migration : migrations) known[migration.version] = &migration;
  for (const auto& [version, checksum] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return Status::Conflict(fmt::format(
          "the database has migration {} which this nudged does not know; use a newer nudged",
          version));
    }
    const std::string expected =
        tx.exec_params1(kChecksum, std::string(it->second->sql))[0].as<std::string>();
    if (expected != checksum) {
      return Status::Conflict(fmt::format(
          "migration {} ({}) was changed after it was applied (checksum {} in the database, {} "
          "embedded); never edit an applied migration, add a new one",
          version, it->second->name, checksum, expected));
    }
  }
  return Status::Ok();
}

// One locked step: applies the first pending migration. Sets *done when none is pending.
Status Step(pqxx::connection& connection, std::span<const Migration> migrations, bool* done,
            MigrateResult* result) {
  pqxx::work tx{connection};
  tx.exec_params(kLock, kMigrationLockKey);
  tx.exec0(kBootstrap);
  std::map<int, std::string> applied;
  for (const auto& row : tx.exec(kSelectApplied)) {
    applied[row[0].as<int>()] = row[1].as<std::string>();
  }
  Status status = Verify(tx, migrations, applied);
  if (!status.ok()) return status;
  for (const Migration& migration : migrations) {
    if (applied.count(migration.version) != 0) continue;
    tx.exec0(std::string(migration.sql));
    tx.exec_params(kRecord, migration.version, std::string(migration.name),
                   std::string(migration.sql));
    tx.commit();
    spdlog::info("migration applied version={} name={}", migration.version, migration.name);
    result->applied.push_back(migration.version);
    return Status::Ok();
  }
  result->already_applied = static_cast<int>(applied.size());
  *done = true;
  return Status::Ok();
}

}  // namespace

Status Migrate(pqxx::connection& connection, std::span<const Migration> migrations,
               MigrateResult* result) {
  *result = MigrateResult{};
  // Shape: one locked transaction per pending migration, until a step finds none pending.
  bool done = false;
  while (!done) {
    try {
      Status status = Step(connection, migrations, &done, result);
      if (!status.ok()) return status;
    } catch (...) {
      return StatusFromCurrentException("apply migrations");
    }
  }
  result->already_applied -= static_cast<int>(result->applied.size());
  return Status::Ok();
}

}  // namespace nudged
