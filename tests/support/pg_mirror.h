// Shared setup of the PostgreSQL tests that sync a hand-made SIS mirror: the test DSN, and a
// fresh mirror schema plus a freshly migrated state schema "nudged". Test-only; uses Catch2 to
// fail the calling test. Not thread-safe (PostgreSQL tests run one at a time).

#ifndef NUDGED_TESTS_SUPPORT_PG_MIRROR_H_
#define NUDGED_TESTS_SUPPORT_PG_MIRROR_H_

#include <string>

namespace nudged::testing {

// Returns $NUDGED_TEST_DSN; fails the test when it is not set.
std::string TestDsn();

// Drops and recreates schema `schema` with the mirror tables of sql/sis/001_mirror.sql filled by
// the SQL statements `rows` (run with `schema` first on the search path), then drops schema
// "nudged" and applies every embedded migration.
void ResetMirrorAndState(const std::string& schema, const std::string& rows);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_PG_MIRROR_H_
