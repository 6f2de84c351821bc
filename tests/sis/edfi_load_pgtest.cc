// Loads the Ed-Fi "Grand Bend" sample with scripts/load-edfi-sample into a real PostgreSQL and
// checks the SIS mirror against counts taken independently from the XML text, the synthetic
// flags, reload idempotence and the read-only role of sql/sis/readonly_role.sql.
//
// The loader runs into its own schema (kSchema) so that these tests never disturb a mirror that
// other tests load into the default "sis" schema.

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace {

using nudged::testing::RunShell;
using nudged::testing::ShellQuote;
using nudged::testing::SourceDir;
using nudged::testing::TestDsn;

constexpr const char* kSchema = "edfi_load_test";
constexpr const char* kReader = "nudged_sis_reader_test";

const std::vector<std::string> kTables = {
    "school",  "student",         "enrollment",    "attendance_category", "attendance_event",
    "contact", "student_contact", "contact_phone", "contact_email",       "contact_address"};

// The loader's default data directory, read here directly for the independent counts.
std::string DataDir() { return SourceDir() + "/../shared/data/edfi-grand-bend"; }

int RunLoader() {
  return RunShell("NUDGED_SIS_SCHEMA=" + std::string(kSchema) + " NUDGED_SIS_READER=" + kReader +
                  " " + ShellQuote(SourceDir() + "/scripts/load-edfi-sample") + " " +
                  ShellQuote(TestDsn()) + " >/dev/null");
}

int ApplyReadonlyRole() {
  return RunShell("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(TestDsn()) +
                  " -v schema=" + kSchema + " -v reader=" + kReader + " -f " +
                  ShellQuote(SourceDir() + "/sql/sis/readonly_role.sql") + " >/dev/null");
}

// Returns the whole text of `name` in the data directory.
std::string ReadDataFile(const std::string& name) {
  return nudged::testing::ReadFile(DataDir() + "/" + name);
}

// Counts occurrences of an element's opening tag in raw XML text, with no XML or SQL involved.
// `opening` includes what follows the name ('>' or ' ') so that "<Student>" does not match
// "<StudentUniqueId>".
long CountOpenings(const std::string& text, std::string_view opening) {
  long count = 0;
  for (auto at = text.find(opening); at != std::string::npos;
       at = text.find(opening, at + opening.size())) {
    ++count;
  }
  return count;
}

long Count(pqxx::connection& connection, const std::string& sql) {
  pqxx::work tx{connection};
  tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema);
  return tx.exec1(sql)[0].as<long>();
}

long Rows(pqxx::connection& connection, const std::string& table) {
  return Count(connection, "SELECT count(*) FROM " + table);
}

// One md5 over the sorted text of every row of every mirror table.
std::string MirrorChecksum(pqxx::connection& connection) {
  std::string per_table;
  for (std::size_t i = 0; i < kTables.size(); ++i) {
    if (i > 0) per_table += " UNION ALL ";
    per_table += "SELECT " + std::to_string(i) +
                 " AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum FROM " +
                 kTables[i] + " t";
  }
  pqxx::work tx{connection};
  tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema);
  return tx.exec1("SELECT md5(string_agg(sum, ',' ORDER BY n)) FROM (" + per_table + ") s")[0]
      .as<std::string>();
}

TEST_CASE("The Grand Bend loader keeps every real row of the XML") {
  REQUIRE(RunLoader() == 0);
  pqxx::connection connection{TestDsn()};
  const std::string organizations = ReadDataFile("EducationOrganization.xml");
  const std::string students = ReadDataFile("Student.xml");
  const std::string contacts = ReadDataFile("Contact.xml");
  const std::string attendance = ReadDataFile("StudentSchoolAttendance.xml");

  // The published sizes of the sample, then the same tables against the file text.
  CHECK(Rows(connection, "school") == 3);
  CHECK(Rows(connection, "student") == 960);
  CHECK(Rows(connection, "attendance_event") == 1917);
  CHECK(Rows(connection, "school") == CountOpenings(organizations, "<School "));
  CHECK(Rows(connection, "student") == CountOpenings(students, "<Student>"));
  CHECK(Rows(connection, "attendance_event") ==
        CountOpenings(attendance, "<StudentSchoolAttendanceEvent>"));
  CHECK(Rows(connection, "contact") == CountOpenings(contacts, "<Contact "));
  CHECK(Rows(connection, "student_contact") ==
        CountOpenings(contacts, "<StudentContactAssociation>"));
  CHECK(Rows(connection, "contact_phone") == CountOpenings(contacts, "<Telephone>"));
  CHECK(Rows(connection, "contact_email") == CountOpenings(contacts, "<ElectronicMail>"));
  CHECK(Rows(connection, "contact_address") == CountOpenings(contacts, "<Address>"));

  // Events without a duration stay NULL; the category map supplies the default.
  CHECK(Count(connection, "SELECT count(*) FROM attendance_event WHERE duration IS NULL") ==
        CountOpenings(attendance, "<AttendanceEvent>") -
            CountOpenings(attendance, "<EventDuration>"));
  CHECK(Count(connection,
              "SELECT count(*) FROM attendance_event WHERE category = 'Excused Absence'") ==
        CountOpenings(attendance, "AttendanceEventCategoryDescriptor#Excused Absence<"));
  CHECK(Count(connection, "SELECT count(*) FROM attendance_event WHERE category = 'Tardy'") ==
        CountOpenings(attendance, "AttendanceEventCategoryDescriptor#Tardy<"));
}

TEST_CASE("The Grand Bend loader gives every student exactly one enrollment") {
  REQUIRE(RunLoader() == 0);
  pqxx::connection connection{TestDsn()};
  CHECK(Count(connection,
              "SELECT count(*) FROM student s WHERE (SELECT count(*) FROM enrollment e "
              "WHERE e.student_id = s.student_id) <> 1") == 0);
  // Synthetic enrollments must not hide real absences: each event lies inside an enrollment at
  // the school that recorded it.
  CHECK(Count(connection,
              "SELECT count(*) FROM attendance_event a WHERE NOT EXISTS (SELECT FROM enrollment e "
              "WHERE e.student_id = a.student_id AND e.school_id = a.school_id "
              "AND a.event_date >= e.entry_date "
              "AND (e.exit_withdraw_date IS NULL OR a.event_date <= e.exit_withdraw_date))") == 0);
  CHECK(Count(connection,
              "SELECT count(*) FROM enrollment WHERE entry_date > date '2021-08-23'") > 0);
  CHECK(Count(connection, "SELECT count(*) FROM enrollment WHERE exit_withdraw_date IS NOT NULL") >
        0);
}

TEST_CASE("The Grand Bend loader marks what it supplies as synthetic and nothing else") {
  REQUIRE(RunLoader() == 0);
  pqxx::connection connection{TestDsn()};
  for (const char* real : {"school", "student", "attendance_event", "contact", "student_contact",
                           "contact_phone", "contact_email", "contact_address"}) {
    INFO(real);
    CHECK(Count(connection, std::string("SELECT count(*) FROM ") + real + " WHERE synthetic") ==
          0);
  }
  CHECK(Count(connection, "SELECT count(*) FROM enrollment WHERE NOT synthetic") == 0);
  CHECK(Count(connection, "SELECT count(*) FROM attendance_category WHERE NOT synthetic") == 0);
  // The sample has no languages and no SMS indicator, so every value of those columns is supplied.
  CHECK(Count(connection,
              "SELECT count(*) FROM contact "
              "WHERE NOT preferred_language_synthetic OR preferred_language IS NULL") == 0);
  CHECK(Count(connection,
              "SELECT count(*) FROM contact_phone "
              "WHERE NOT sms_capable_synthetic OR sms_capable IS NULL") == 0);
  CHECK(Count(connection, "SELECT count(*) FROM contact_phone WHERE sms_capable") ==
        Count(connection,
              "SELECT count(*) FROM contact_phone WHERE telephone_number_type = 'Mobile'"));
}

TEST_CASE("Loading the Grand Bend sample twice gives the same mirror") {
  REQUIRE(RunLoader() == 0);
  pqxx::connection connection{TestDsn()};
  const std::string first = MirrorChecksum(connection);
  REQUIRE(RunLoader() == 0);
  CHECK(MirrorChecksum(connection) == first);
  CHECK(Rows(connection, "student") == 960);
}

TEST_CASE("The read-only role reads every mirror table and can change none") {
  REQUIRE(RunLoader() == 0);
  REQUIRE(ApplyReadonlyRole() == 0);
  // A reload drops and recreates the schema; the loader must give the role its grants back.
  REQUIRE(RunLoader() == 0);
  pqxx::connection connection{TestDsn()};

  for (const std::string& table : kTables) {
    INFO(table);
    pqxx::work tx{connection};
    tx.exec0(std::string("SET LOCAL ROLE ") + kReader);
    tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema);
    CHECK(tx.exec1("SELECT count(*) FROM " + table)[0].as<long>() > 0);
  }

  const std::vector<std::string> writes = {
      "INSERT INTO student (student_id, first_name, last_surname) VALUES ('x', 'X', 'X')",
      "UPDATE student SET first_name = 'X'",
      "DELETE FROM attendance_event",
      "TRUNCATE contact_phone",
      "UPDATE attendance_category SET counts_as_absence = false",
      "CREATE TABLE intruder (id int)",
  };
  for (const std::string& write : writes) {
    INFO(write);
    pqxx::work tx{connection};
    tx.exec0(std::string("SET LOCAL ROLE ") + kReader);
    tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema);
    CHECK_THROWS_AS(tx.exec0(write), pqxx::insufficient_privilege);
  }
  CHECK(Rows(connection, "attendance_event") == 1917);
}

}  // namespace
