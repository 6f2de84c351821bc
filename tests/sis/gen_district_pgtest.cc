// Runs scripts/gen-district into a real PostgreSQL and checks that the synthetic district is
// plausible (counts, absence rates, households, languages, moves), entirely flagged synthetic,
// consistent with the calendar of config/nudged.example.toml, and reproducible from its seed.
//
// The generator runs into its own schema (kSchema) so that these tests never disturb a mirror
// that other tests load into the default "sis" schema.

#include <string>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "calendar/calendar.h"
#include "config/loader.h"
#include "nudged/date.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace {

using nudged::testing::RunShell;
using nudged::testing::ShellQuote;
using nudged::testing::SourceDir;
using nudged::testing::TestDsn;

constexpr const char* kSchema = "gen_test";
constexpr const char* kReferenceSchema = "gen_test_reference";
constexpr int kStudents = 2000;

int RunGenerator(int seed) {
  return RunShell(ShellQuote(SourceDir() + "/scripts/gen-district") + " " + ShellQuote(TestDsn()) +
                  " --students " + std::to_string(kStudents) + " --seed " + std::to_string(seed) +
                  " --schema " + kSchema + " >/dev/null");
}

// The instructional days of the example configuration's 2026-27 calendar (the generator's
// default year), as a PostgreSQL date[] literal.
std::string InstructionalDaysLiteral() {
  nudged::LoadResult loaded =
      nudged::LoadConfigFile(SourceDir() + "/config/nudged.example.toml");
  REQUIRE(loaded.ok());
  nudged::Calendar calendar(loaded.config->calendar, loaded.config->cadence);
  std::string literal = "{";
  for (int n = 1; n <= calendar.instructional_day_count(); ++n) {
    if (n > 1) literal += ",";
    literal += nudged::FormatIsoDate(*calendar.NthInstructionalDay(n));
  }
  return literal + "}";
}

// One md5 over every table's rows in primary-key order: equal digests mean identical data.
std::string DataDigest(pqxx::work& tx) {
  return tx
      .exec1(
          "SELECT md5(string_agg(t, '|')) FROM ("
          "  SELECT (SELECT string_agg(x::text, ',' ORDER BY school_id) FROM school x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY student_id) FROM student x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY student_id, school_id,"
          "                     entry_date) FROM enrollment x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY category)"
          "                    FROM attendance_category x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY student_id, event_date,"
          "                     school_id, category) FROM attendance_event x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY contact_id) FROM contact x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY student_id, contact_id)"
          "                    FROM student_contact x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY contact_id,"
          "                     telephone_number, telephone_number_type) FROM contact_phone x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY contact_id,"
          "                     electronic_mail_type, electronic_mail_address)"
          "                    FROM contact_email x)"
          "  UNION ALL SELECT (SELECT string_agg(x::text, ',' ORDER BY contact_id, address_type,"
          "                     street_number_name, city, state_abbreviation, postal_code)"
          "                    FROM contact_address x)) tables (t)")[0]
      .as<std::string>();
}

void UseSchema(pqxx::work& tx) { tx.exec0(std::string("SET LOCAL search_path TO ") + kSchema); }

}  // namespace

TEST_CASE("gen-district builds a plausible, synthetic, reproducible district", "[sis][gen]") {
  REQUIRE(RunGenerator(7) == 0);
  pqxx::connection conn(TestDsn());

  SECTION("every student is enrolled and has a caregiver; schools and moves are present") {
    pqxx::work tx(conn);
    UseSchema(tx);
    CHECK(tx.exec1("SELECT count(*) FROM student")[0].as<int>() == kStudents);
    CHECK(tx.exec1("SELECT count(*) FROM student s WHERE NOT EXISTS "
                   "(SELECT FROM enrollment e WHERE e.student_id = s.student_id)")[0]
              .as<int>() == 0);
    CHECK(tx.exec1("SELECT count(*) FROM student s WHERE NOT EXISTS "
                   "(SELECT FROM student_contact c WHERE c.student_id = s.student_id)")[0]
              .as<int>() == 0);
    CHECK(tx.exec1("SELECT count(*) FROM school")[0].as<int>() >= 3);
    CHECK(tx.exec1("SELECT count(DISTINCT entry_grade_level) FROM enrollment")[0].as<int>() == 13);
    // Each kind of move is about 1-3% of 2,000 students.
    int late_entries = tx.exec1("SELECT count(*) FROM enrollment WHERE entry_date > '2026-09-08' "
                                "AND student_id IN (SELECT student_id FROM enrollment "
                                "GROUP BY student_id HAVING count(*) = 1)")[0]
                           .as<int>();
    int withdrawals = tx.exec1("SELECT count(*) FROM enrollment e WHERE exit_withdraw_date "
                               "IS NOT NULL AND NOT EXISTS (SELECT FROM enrollment f WHERE "
                               "f.student_id = e.student_id AND f.entry_date > e.entry_date)")[0]
                          .as<int>();
    int transfers = tx.exec1("SELECT count(*) FROM (SELECT student_id FROM enrollment "
                             "GROUP BY student_id HAVING count(DISTINCT school_id) = 2) t")[0]
                        .as<int>();
    CHECK(late_entries >= 20);
    CHECK(late_entries <= 120);
    CHECK(withdrawals >= 20);
    CHECK(withdrawals <= 120);
    CHECK(transfers >= 5);
    CHECK(transfers <= 50);
  }

  SECTION("the absence rate is about 8% with a long tail") {
    pqxx::work tx(conn);
    UseSchema(tx);
    // Absences counted as nudged counts them: per student and instructional day inside an
    // enrollment at the recording school, durations summed and capped at 1.
    tx.exec0("CREATE TEMP TABLE instructional_day ON COMMIT DROP AS SELECT unnest('" +
             InstructionalDaysLiteral() + "'::date[]) AS day");
    pqxx::row rates = tx.exec1(
        "WITH enrolled AS ("
        "  SELECT e.student_id, count(*) AS days FROM enrollment e"
        "  JOIN instructional_day d ON d.day >= e.entry_date"
        "   AND d.day <= coalesce(e.exit_withdraw_date, 'infinity')"
        "  GROUP BY e.student_id"
        "), absent AS ("
        "  SELECT student_id, sum(least(day_sum, 1)) AS days FROM ("
        "    SELECT ev.student_id, ev.event_date,"
        "           sum(coalesce(ev.duration, c.default_duration)) AS day_sum"
        "    FROM attendance_event ev"
        "    JOIN attendance_category c ON c.category = ev.category AND c.counts_as_absence"
        "    JOIN instructional_day d ON d.day = ev.event_date"
        "    JOIN enrollment e ON e.student_id = ev.student_id AND e.school_id = ev.school_id"
        "     AND ev.event_date BETWEEN e.entry_date"
        "                           AND coalesce(e.exit_withdraw_date, 'infinity')"
        "    GROUP BY ev.student_id, ev.event_date) per_day"
        "  GROUP BY student_id"
        "), rate AS ("
        "  SELECT en.days, coalesce(a.days, 0) AS absent, coalesce(a.days, 0) / en.days AS rate"
        "  FROM enrolled en LEFT JOIN absent a USING (student_id)"
        ")"
        "SELECT (sum(absent) / sum(days))::float8,"
        "       avg((rate > 0.1)::integer)::float8,"
        "       count(*) FILTER (WHERE rate > 0.3),"
        "       avg((rate BETWEEN 0.02 AND 0.05)::integer)::float8"
        " FROM rate");
    double mean_rate = rates[0].as<double>();
    double chronic_share = rates[1].as<double>();
    CHECK(mean_rate >= 0.05);
    CHECK(mean_rate <= 0.12);
    CHECK(chronic_share >= 0.08);
    CHECK(chronic_share <= 0.25);
    CHECK(rates[2].as<int>() >= 5);
    CHECK(rates[3].as<double>() >= 0.3);
    // Tardies, half days and duplicate events on one day all occur.
    CHECK(tx.exec1("SELECT count(*) FROM attendance_event WHERE category = 'Tardy'")[0].as<int>() >
          0);
    CHECK(tx.exec1("SELECT count(*) FROM attendance_event WHERE category = 'Partial' "
                   "OR duration = 0.5")[0]
              .as<int>() > 0);
    CHECK(tx.exec1("SELECT count(*) FROM (SELECT FROM attendance_event "
                   "GROUP BY student_id, event_date HAVING count(*) > 1) d")[0]
              .as<int>() > 0);
  }

  SECTION("only the deliberate anomalies lie off instructional days or outside enrollments") {
    pqxx::work tx(conn);
    UseSchema(tx);
    tx.exec0("CREATE TEMP TABLE instructional_day ON COMMIT DROP AS SELECT unnest('" +
             InstructionalDaysLiteral() + "'::date[]) AS day");
    pqxx::result stray = tx.exec(
        "SELECT coalesce(ev.reason, '') AS reason, count(*) FROM attendance_event ev"
        " WHERE NOT EXISTS (SELECT FROM instructional_day d WHERE d.day = ev.event_date)"
        "    OR NOT EXISTS (SELECT FROM enrollment e WHERE e.student_id = ev.student_id"
        "                   AND e.school_id = ev.school_id AND ev.event_date >= e.entry_date"
        "                   AND ev.event_date <= coalesce(e.exit_withdraw_date, 'infinity'))"
        " GROUP BY 1 ORDER BY 1");
    REQUIRE(stray.size() == 3);
    CHECK(stray[0][0].as<std::string>() == "Synthetic anomaly: event after withdrawal");
    CHECK(stray[1][0].as<std::string>() == "Synthetic anomaly: event on a Sunday");
    CHECK(stray[2][0].as<std::string>() == "Synthetic anomaly: event on a closure");
    for (const auto& row : stray) CHECK(row[1].as<int>() == 3);
    CHECK(tx.exec1("SELECT count(*) FROM attendance_event WHERE reason LIKE 'Synthetic anomaly:%'")[0]
              .as<int>() == 9);
    // Stays of one student never overlap.
    CHECK(tx.exec1("SELECT count(*) FROM enrollment a JOIN enrollment b USING (student_id) "
                   "WHERE a.entry_date < b.entry_date "
                   "AND coalesce(a.exit_withdraw_date, 'infinity') >= b.entry_date")[0]
              .as<int>() == 0);
  }

  SECTION("caregivers: households, languages, channels") {
    pqxx::work tx(conn);
    UseSchema(tx);
    CHECK(tx.exec1("SELECT count(*) FROM (SELECT contact_id FROM student_contact "
                   "GROUP BY contact_id HAVING count(*) >= 2) h")[0]
              .as<int>() >= 100);
    CHECK(tx.exec1("SELECT max(n) FROM (SELECT count(*) AS n FROM student_contact "
                   "GROUP BY student_id) c")[0]
              .as<int>() == 3);
    pqxx::row languages = tx.exec1(
        "SELECT avg((preferred_language = 'en')::integer)::float8,"
        "       avg((preferred_language = 'es')::integer)::float8,"
        "       count(DISTINCT preferred_language) FROM contact");
    CHECK(languages[0].as<double>() > 0.65);
    CHECK(languages[0].as<double>() < 0.85);
    CHECK(languages[1].as<double>() > 0.12);
    CHECK(languages[1].as<double>() < 0.28);
    CHECK(languages[2].as<int>() >= 4);
    CHECK(tx.exec1("SELECT count(*) FROM student_contact WHERE contact_restrictions IS NOT NULL")[0]
              .as<int>() > 0);
    CHECK(tx.exec1("SELECT count(*) FROM contact_phone WHERE telephone_number_type = 'Mobile' "
                   "AND sms_capable")[0]
              .as<int>() > 0);
    CHECK(tx.exec1("SELECT count(*) FROM contact_phone WHERE telephone_number_type = 'Home'")[0]
              .as<int>() > 0);
    CHECK(tx.exec1("SELECT count(*) FROM contact_phone "
                   "WHERE telephone_number !~ '[0-9]{3}\\D+[0-9]{3}\\D+[0-9]{4}$' "
                   "OR telephone_number ~ '^\\(0'")[0]
              .as<int>() > 0);
    double with_email = tx.exec1("SELECT (SELECT count(DISTINCT contact_id) FROM contact_email)"
                                 "::float8 / count(*) FROM contact")[0]
                            .as<double>();
    double with_address = tx.exec1("SELECT (SELECT count(DISTINCT contact_id) FROM "
                                   "contact_address)::float8 / count(*) FROM contact")[0]
                              .as<double>();
    CHECK(with_email > 0.5);
    CHECK(with_email < 0.7);
    CHECK(with_address > 0.9);
  }

  SECTION("every row is synthetic and the constraints of the contract are back") {
    pqxx::work tx(conn);
    UseSchema(tx);
    for (const char* table :
         {"school", "student", "enrollment", "attendance_category", "attendance_event", "contact",
          "student_contact", "contact_phone", "contact_email", "contact_address"}) {
      INFO(table);
      CHECK(tx.exec1(std::string("SELECT count(*) FILTER (WHERE NOT synthetic) FROM ") + table)[0]
                .as<int>() == 0);
    }
    // The same keys and indexes as a schema created straight from sql/sis/001_mirror.sql.
    REQUIRE(RunShell("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(TestDsn()) +
                     " -c 'DROP SCHEMA IF EXISTS " + kReferenceSchema +
                     " CASCADE' -c 'CREATE SCHEMA " + kReferenceSchema +
                     "' -c 'SET search_path TO " + kReferenceSchema + "' -f " +
                     ShellQuote(SourceDir() + "/sql/sis/001_mirror.sql") + " >/dev/null") == 0);
    const std::string kCatalog =
        "SELECT string_agg(c.relname || ' ' || x.name || ' ' || x.kind, ', '"
        "                  ORDER BY c.relname, x.name, x.kind) FROM ("
        "  SELECT conrelid AS rel, conname AS name, contype::text AS kind FROM pg_constraint"
        "  WHERE connamespace = $1::regnamespace"
        "  UNION ALL SELECT i.indrelid, ic.relname, 'index' FROM pg_index i"
        "  JOIN pg_class ic ON ic.oid = i.indexrelid WHERE ic.relnamespace = $1::regnamespace"
        ") x JOIN pg_class c ON c.oid = x.rel";
    conn.prepare("catalog", kCatalog);
    std::string generated = tx.exec_prepared1("catalog", kSchema)[0].as<std::string>();
    CHECK(generated == tx.exec_prepared1("catalog", kReferenceSchema)[0].as<std::string>());
    tx.exec0(std::string("DROP SCHEMA ") + kReferenceSchema + " CASCADE");
  }
}

TEST_CASE("gen-district gives identical data for a seed and other data for another",
          "[sis][gen]") {
  pqxx::connection conn(TestDsn());
  auto digest = [&conn] {
    pqxx::work tx(conn);
    UseSchema(tx);
    return DataDigest(tx);
  };
  REQUIRE(RunGenerator(7) == 0);
  std::string first = digest();
  REQUIRE(RunGenerator(7) == 0);
  CHECK(digest() == first);
  REQUIRE(RunGenerator(8) == 0);
  CHECK(digest() != first);
}
