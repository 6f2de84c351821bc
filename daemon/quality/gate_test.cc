// Every check of the data-quality gate, table-driven: each trips just past its limit and passes
// at it, and the sentences carry the numbers staff act on.

#include "quality/gate.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

namespace nudged {
namespace {

// 1000 qualifying students, 100 (10%) with absences, 500 contacts, 50 (10%) without channel.
WaveQualityStats Clean(int wave) {
  WaveQualityStats stats;
  stats.wave = wave;
  stats.students_enrolled = 1000;
  stats.students_qualifying = 1000;
  stats.students_with_absences = 100;
  stats.contacts_considered = 500;
  stats.contacts_without_channel = 50;
  return stats;
}

struct Case {
  const char* name;
  WaveQualityStats current;
  std::optional<WaveQualityStats> previous;
  const char* failed_check;  // "" when the gate passes
};

WaveQualityStats With(WaveQualityStats stats, std::int64_t WaveQualityStats::*field,
                      std::int64_t value) {
  stats.*field = value;
  return stats;
}

TEST_CASE("Each quality check trips just past its limit and passes at it", "[quality]") {
  using S = WaveQualityStats;
  const QualityConfig quality;  // defaults: 0 closures, +10 points, 25%, -10%, 20%
  const Case cases[] = {
      {"clean wave 1", Clean(1), std::nullopt, ""},
      {"clean wave 2", Clean(2), Clean(1), ""},
      {"closures at the limit", With(Clean(1), &S::absences_on_closures, 0), std::nullopt, ""},
      {"one closure absence", With(Clean(1), &S::absences_on_closures, 1), std::nullopt,
       "absences_on_closures"},
      {"one student above enrolled days", With(Clean(2), &S::students_absences_above_enrolled, 1),
       Clean(1), "absences_above_enrolled_days"},
      {"share rose exactly 10 points", With(Clean(2), &S::students_with_absences, 200), Clean(1),
       ""},
      {"share rose 10.1 points", With(Clean(2), &S::students_with_absences, 201), Clean(1),
       "absence_share_jump"},
      {"share fell a lot", With(Clean(2), &S::students_with_absences, 0),
       With(Clean(1), &S::students_with_absences, 900), ""},
      {"wave 1 share at the ceiling", With(Clean(1), &S::students_with_absences, 250), std::nullopt,
       ""},
      {"wave 1 share above the ceiling", With(Clean(1), &S::students_with_absences, 251),
       std::nullopt, "absence_share_ceiling"},
      {"enrolled fell exactly 10%", With(Clean(2), &S::students_enrolled, 900), Clean(1), ""},
      {"enrolled fell 10.1%", With(Clean(2), &S::students_enrolled, 899), Clean(1),
       "enrolled_drop"},
      {"no enrolled drop check on wave 1", With(Clean(1), &S::students_enrolled, 1), std::nullopt,
       ""},
      {"contacts without channel at 20%", With(Clean(1), &S::contacts_without_channel, 100),
       std::nullopt, ""},
      {"contacts without channel above 20%", With(Clean(1), &S::contacts_without_channel, 101),
       std::nullopt, "contacts_without_channel"},
      {"no contacts, no qualifying students",
       With(With(Clean(1), &S::contacts_considered, 0), &S::students_qualifying, 0), std::nullopt,
       ""},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    GateResult result = EvaluateGate(c.current, c.previous, quality);
    if (std::string(c.failed_check).empty()) {
      CHECK(result.passed());
    } else {
      REQUIRE(result.failures.size() == 1);
      CHECK(result.failures[0].check == c.failed_check);
    }
  }
}

TEST_CASE("Quality sentences name the numbers, the limit and what to check", "[quality]") {
  const QualityConfig quality;
  WaveQualityStats previous = Clean(2);
  previous.students_with_absences = 79;  // 7.9%
  WaveQualityStats current = Clean(3);
  current.students_with_absences = 312;  // 31.2%
  current.students_enrolled = 800;
  current.absences_on_closures = 12;
  current.students_absences_above_enrolled = 3;
  current.contacts_without_channel = 156;
  const GateResult result = EvaluateGate(current, previous, quality);
  REQUIRE(result.failures.size() == 5);
  CHECK(result.failures[0].sentence ==
        "12 attendance events are recorded on closure days (limit 0): check the calendar's "
        "closures against the SIS attendance import");
  CHECK(result.failures[1].sentence ==
        "3 students have more absences than enrolled instructional days (limit 0): check their "
        "enrollment dates and attendance events");
  CHECK(result.failures[2].sentence ==
        "absence share rose from 7.9% to 31.2% since wave 2 (limit +10.0 points): check today's "
        "attendance import");
  CHECK(result.failures[3].sentence ==
        "enrolled students fell from 1000 to 800 (-20.0%) since wave 2 (limit -10.0%): check the "
        "enrollment import for missing schools or exit dates");
  CHECK(result.failures[4].sentence ==
        "156 of 500 contacts (31.2%) have no usable channel (limit 20.0%): check the contacts "
        "import (phone numbers, SMS capability, emails, addresses)");

  const GateResult first = EvaluateGate(current, std::nullopt, quality);
  REQUIRE(first.failures.size() == 4);
  CHECK(first.failures[2].sentence ==
        "absence share is 31.2% of 1000 qualifying students at wave 3 (ceiling 25.0%): check the "
        "attendance import and which categories count as absences");
}

}  // namespace
}  // namespace nudged
