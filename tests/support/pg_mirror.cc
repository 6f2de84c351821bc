// Implementation details: the mirror and the state schema are rebuilt in one transaction, then
// migrated through the same Migrate() that `nudged migrate` runs, so tests see the real schema.

#include "tests/support/pg_mirror.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>

#include "db/migrations.h"
#include "db/migrator.h"
#include "tests/support/files.h"
#include "tests/support/subprocess.h"

namespace nudged::testing {

std::string TestDsn() {
  const char* dsn = std::getenv("NUDGED_TEST_DSN");
  if (dsn == nullptr || *dsn == '\0') FAIL("NUDGED_TEST_DSN is not set; run through scripts/test");
  return dsn;
}

void ResetMirrorAndState(const std::string& schema, const std::string& rows) {
  pqxx::connection connection{TestDsn()};
  {
    pqxx::work tx{connection};
    tx.exec0("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    tx.exec0("CREATE SCHEMA " + schema);
    tx.exec0("SET LOCAL search_path TO " + schema);
    tx.exec0(ReadFile(SourcePath("sql/sis/001_mirror.sql")));
    tx.exec0(rows);
    tx.commit();
  }
  RecreateStateSchema(connection);
}

void RecreateStateSchema(pqxx::connection& connection) {
  {
    pqxx::work tx{connection};
    tx.exec0("DROP SCHEMA IF EXISTS nudged CASCADE");
    tx.commit();
  }
  MigrateResult migrated;
  REQUIRE(Migrate(connection, EmbeddedMigrations(), &migrated).ok());
}

std::string LoadGrandBend(const std::string& schema, const std::string& data_dir) {
  REQUIRE(RunShell("NUDGED_SIS_SCHEMA=" + schema + " " + SourcePath("scripts/load-edfi-sample") +
                   " " + ShellQuote(TestDsn()) + " " +
                   ShellQuote(data_dir) + " >/dev/null") == 0);
  pqxx::connection connection{TestDsn()};
  RecreateStateSchema(connection);
  const std::string path = NewScratchDirectory("grand-bend") + "/grand-bend.toml";
  std::ofstream{path} << "[district]\nname = \"Grand Bend ISD\"\ntimezone = \"America/Chicago\"\n"
                      << "[database]\nurl = \"" << TestDsn() << "\"\nsis_schema = \"" << schema
                      << "\"\n\n"
                      << ReadFile(SourcePath("config/grand-bend.calendar.toml"));
  return path;
}

std::string TextableDistrictRows(Date entry, int students) {
  const std::string series = "FROM generate_series(1, " + std::to_string(students) + ") n;\n";
  return "INSERT INTO school (school_id, name) VALUES (1, 'North Elementary');\n"
         "INSERT INTO attendance_category VALUES ('Absence', true, 1, false);\n"
         "INSERT INTO student (student_id, first_name, preferred_first_name, last_surname) "
         "SELECT 's' || n, 'Kid' || n, NULL, 'X' " + series +
         "INSERT INTO enrollment (student_id, school_id, entry_date, exit_withdraw_date, "
         "entry_grade_level) SELECT 's' || n, 1, '" + FormatIsoDate(entry) + "', NULL, '3' " +
         series +
         "INSERT INTO contact (contact_id, first_name, last_surname, preferred_language) "
         "SELECT 'c' || n, 'Parent', 'X', 'en' " + series +
         "INSERT INTO student_contact (student_id, contact_id, contact_priority, "
         "contact_restrictions) SELECT 's' || n, 'c' || n, 1, NULL " + series +
         "INSERT INTO contact_phone (contact_id, telephone_number, telephone_number_type, "
         "sms_capable) SELECT 'c' || n, format('(508) 555-01%s', lpad(n::text, 2, '0')), "
         "'Mobile', true " + series;
}

}  // namespace nudged::testing
