// Table tests of how numbers, dates and phones read in each language.

#include "render/phrasing.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("Absence counts read naturally in English and Spanish", "[render]") {
  struct Row {
    double days;
    const char* count_en;
    const char* count_es;
    const char* written_en;
    const char* written_es;
    const char* spoken_en;
    const char* spoken_es;
  };
  const Row rows[] = {
      {0, "0", "0", "no days", "ningún día", "no days", "ningún día"},
      {0.5, "0.5", "0,5", "half a day", "medio día", "half a day", "medio día"},
      {1, "1", "1", "1 day", "1 día", "1 day", "1 día"},
      {1.5, "1.5", "1,5", "1.5 days", "1,5 días", "1 and a half days", "1 día y medio"},
      {2, "2", "2", "2 days", "2 días", "2 days", "2 días"},
      {2.5, "2.5", "2,5", "2.5 days", "2,5 días", "2 and a half days", "2 días y medio"},
      {10, "10", "10", "10 days", "10 días", "10 days", "10 días"},
      {12.5, "12.5", "12,5", "12.5 days", "12,5 días", "12 and a half days", "12 días y medio"},
      {1.3, "1.3", "1,3", "1.3 days", "1,3 días", "1.3 days", "1,3 días"},
      {2.04, "2", "2", "2 days", "2 días", "2 days", "2 días"},
  };
  for (const Row& row : rows) {
    INFO(row.days);
    CHECK(FormatCount(row.days, "en") == row.count_en);
    CHECK(FormatCount(row.days, "es") == row.count_es);
    CHECK(PhraseDays(row.days, "en") == row.written_en);
    CHECK(PhraseDays(row.days, "es") == row.written_es);
    CHECK(SpeakDays(row.days, "en") == row.spoken_en);
    CHECK(SpeakDays(row.days, "es") == row.spoken_es);
  }
}

TEST_CASE("Languages without their own rules are phrased the English way", "[render]") {
  CHECK(PhraseDays(2.5, "vi") == "2.5 days");
}

TEST_CASE("Dates are written without the year, per language", "[render]") {
  struct Row {
    Date date;
    const char* en;
    const char* es;
  };
  const Row rows[] = {
      {MakeDate(2026, 10, 14), "October 14", "14 de octubre"},
      {MakeDate(2027, 1, 1), "January 1", "1 de enero"},
      {MakeDate(2026, 9, 8), "September 8", "8 de septiembre"},
  };
  for (const Row& row : rows) {
    CHECK(PhraseDate(row.date, "en") == row.en);
    CHECK(PhraseDate(row.date, "es") == row.es);
  }
}

TEST_CASE("Phone numbers are written for reading and spelled for speaking", "[render]") {
  struct Row {
    const char* phone;
    const char* written;
    const char* spoken;
  };
  const Row rows[] = {
      {"+15085550110", "508-555-0110", "5 0 8, 5 5 5, 0 1 1 0"},
      {"+1 (508) 555-0110", "508-555-0110", "5 0 8, 5 5 5, 0 1 1 0"},
      {"+442071838750", "+442071838750", "4 4 2, 0 7 1, 8 3 8, 7 5 0"},
      {"+3312345678", "+3312345678", "3 3 1, 2 3 4, 5 6 7 8"},
      {"", "", ""},
  };
  for (const Row& row : rows) {
    INFO(row.phone);
    CHECK(WritePhone(row.phone) == row.written);
    CHECK(SpeakPhone(row.phone) == row.spoken);
  }
}

}  // namespace
}  // namespace nudged
