// Shared setup of the PostgreSQL tests that sync a SIS mirror: the test DSN, a fresh mirror
// schema (hand-made, or the Ed-Fi Grand Bend sample) plus a freshly migrated state schema
// "nudged". Test-only; uses Catch2 to
// fail the calling test. Not thread-safe (PostgreSQL tests run one at a time).

#ifndef NUDGED_TESTS_SUPPORT_PG_MIRROR_H_
#define NUDGED_TESTS_SUPPORT_PG_MIRROR_H_

#include <pqxx/connection>
#include <string>

#include "nudged/date.h"

namespace nudged::testing {

// Returns $NUDGED_TEST_DSN; fails the test when it is not set.
std::string TestDsn();

// Drops schema "nudged" and applies every embedded migration.
void RecreateStateSchema(pqxx::connection& connection);

// Drops and recreates schema `schema` with the mirror tables of sql/sis/001_mirror.sql filled by
// the SQL statements `rows` (run with `schema` first on the search path), then drops schema
// "nudged" and applies every embedded migration.
void ResetMirrorAndState(const std::string& schema, const std::string& rows);

// Returns mirror rows (for ResetMirrorAndState) of one school with `students` students
// ("s1"...), enrolled from `entry`, each with one English-speaking caregiver ("c1"...) whose
// mobile takes texts: (508) 555-0101 and on. REQUIRES: 1 <= students <= 99.
std::string TextableDistrictRows(Date entry, int students);

// Loads the Ed-Fi sample at `data_dir` into mirror schema `schema` with
// scripts/load-edfi-sample, drops schema "nudged" and applies every embedded migration, then
// writes a configuration for that mirror with Grand Bend's calendar
// (config/grand-bend.calendar.toml) into a new scratch directory. Returns the configuration's
// path.
std::string LoadGrandBend(const std::string& schema, const std::string& data_dir);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_PG_MIRROR_H_
