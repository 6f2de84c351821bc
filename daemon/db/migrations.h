// The numbered migrations of the nudged state schema (sql/NNN_name.sql), embedded into the binary
// at build time by cmake/embed_migrations.cmake. A released migration is never edited or
// renumbered: `nudged migrate` compares each applied migration's checksum with this text.
// Plain constant data; thread-safe.

#ifndef NUDGED_DB_MIGRATIONS_H_
#define NUDGED_DB_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace nudged {

struct Migration {
  int version = 0;        // NNN of the file name; versions are unique and increasing
  std::string_view name;  // the rest of the file name, e.g. "state"
  std::string_view sql;   // the file's text, run as one transaction
};

// Returns every migration in version order. The storage is static and lives forever.
std::span<const Migration> EmbeddedMigrations();

}  // namespace nudged

#endif  // NUDGED_DB_MIGRATIONS_H_
