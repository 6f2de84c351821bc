#include "planner/holdout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "tests/support/synthetic_students.h"

namespace nudged {
namespace {

ExperimentConfig Experiment(double share, std::int64_t seed) {
  ExperimentConfig config;
  config.enabled = true;
  config.treatment_share = share;
  config.seed = seed;
  return config;
}

// Treated and total households per stratum.
std::map<std::string, std::pair<int, int>> HouseholdsPerStratum(const Holdout& holdout) {
  std::map<std::string, std::pair<int, int>> counts;
  std::set<std::uint32_t> seen;
  for (const ArmAssignment& a : holdout.students) {
    if (!seen.insert(a.household_first).second) continue;
    auto& [treated, total] = counts[holdout.strata.at(a.stratum)];
    treated += a.arm == Arm::kTreatment ? 1 : 0;
    ++total;
  }
  return counts;
}

TEST_CASE("Households are the connected components of shared contacts") {
  const std::vector<ExperimentStudent> students = {
      {"S5", "A", "1", {"mother"}},
      {"S3", "A", "2", {"mother", "stepfather"}},
      {"S9", "B", "7", {"stepfather"}},
      {"S1", "A", "1", {"aunt"}},
      {"S2", "A", "1", {}},
      {"S4", "A", "1", {"aunt"}},
  };
  const std::vector<std::uint32_t> firsts = HouseholdFirsts(students);
  CHECK(firsts == std::vector<std::uint32_t>{1, 1, 1, 3, 4, 3});
  const Holdout holdout = AssignArms(students, Experiment(0.5, 7));
  const std::vector<ArmAssignment>& arms = holdout.students;
  CHECK(arms[0].household_first == 1);
  CHECK(arms[2].household_first == 1);
  CHECK(holdout.strata.at(arms[2].stratum) == "A/2");  // the stratum of the first student, S3
  CHECK(arms[2].arm == arms[0].arm);
  CHECK(arms[5].household_first == 3);
}

TEST_CASE("Holdout over 10,000 students: balanced strata, siblings together, reproducible") {
  const std::vector<ExperimentStudent> students = testing::SyntheticStudents(10000, 2026);
  const Holdout holdout = AssignArms(students, Experiment(0.5, 42));
  const std::vector<ArmAssignment>& arms = holdout.students;
  REQUIRE(arms.size() == students.size());

  const auto strata = HouseholdsPerStratum(holdout);
  CHECK(strata.size() == 15);
  for (const auto& [stratum, counts] : strata) {
    CAPTURE(stratum, counts.first, counts.second);
    CHECK(std::abs(2 * counts.first - counts.second) <= 1);
  }

  std::map<std::string, Arm> arm_of_contact;
  int siblings = 0;
  for (std::size_t i = 0; i < students.size(); ++i) {
    for (const std::string& contact : students[i].contact_ids) {
      const auto [it, added] = arm_of_contact.try_emplace(contact, arms[i].arm);
      siblings += added ? 0 : 1;
      CHECK(it->second == arms[i].arm);
    }
  }
  CHECK(siblings > 1000);  // the generator really made ~20% siblings

  // Same seed, any input order: the same arm for every student.
  std::vector<std::size_t> order(students.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = order.size() - 1 - i;
  std::vector<ExperimentStudent> reversed;
  for (std::size_t i : order) reversed.push_back(students[i]);
  const Holdout again = AssignArms(reversed, Experiment(0.5, 42));
  for (std::size_t k = 0; k < order.size(); ++k) {
    const ArmAssignment& a = again.students[k];
    const ArmAssignment& b = arms[order[k]];
    REQUIRE(a.arm == b.arm);
    REQUIRE(reversed[a.household_first].student_id == students[b.household_first].student_id);
    REQUIRE(again.strata[a.stratum] == holdout.strata[b.stratum]);
  }

  // Another seed: a different draw (about half the students change arm).
  const std::vector<ArmAssignment> other = AssignArms(students, Experiment(0.5, 43)).students;
  const auto changed = std::count_if(arms.begin(), arms.end(), [&](const ArmAssignment& a) {
    return a.arm != other[static_cast<std::size_t>(&a - arms.data())].arm;
  });
  CHECK(changed > 3000);
  CHECK(changed < 7000);
}

TEST_CASE("Treatment share per stratum is round(share x households)") {
  const std::vector<ExperimentStudent> students = testing::SyntheticStudents(10000, 7);
  struct Case {
    double share;
    bool by_household;
  };
  const Case cases[] = {{0.3, true}, {0.5, true}, {0.8, true}, {0.3, false}};
  for (const Case& c : cases) {
    CAPTURE(c.share, c.by_household);
    ExperimentConfig config = Experiment(c.share, 11);
    config.assign_by_household = c.by_household;
    for (const auto& [stratum, counts] : HouseholdsPerStratum(AssignArms(students, config))) {
      CAPTURE(stratum, counts.first, counts.second);
      CHECK(std::abs(counts.first - c.share * counts.second) <= 1.0);
    }
  }
}

TEST_CASE("Without households every student is drawn alone") {
  const std::vector<ExperimentStudent> students = {{"S1", "A", "1", {"mother"}},
                                                   {"S2", "A", "1", {"mother"}}};
  ExperimentConfig config = Experiment(0.5, 1);
  config.assign_by_household = false;
  const std::vector<ArmAssignment> arms = AssignArms(students, config).students;
  CHECK(arms[0].household_first == 0);
  CHECK(arms[1].household_first == 1);
  CHECK(arms[0].arm != arms[1].arm);  // one stratum of two: one each
}

TEST_CASE("Strata follow stratify_by") {
  const std::vector<ExperimentStudent> students = {{"S1", "12", "3", {}}};
  struct Case {
    std::vector<std::string> by;
    const char* stratum;
  };
  const Case cases[] = {{{"school", "grade"}, "12/3"}, {{"grade"}, "3"}, {{}, "all"}};
  for (const Case& c : cases) {
    ExperimentConfig config = Experiment(0.5, 1);
    config.stratify_by = c.by;
    const Holdout holdout = AssignArms(students, config);
    CHECK(holdout.strata.at(holdout.students.at(0).stratum) == c.stratum);
  }
}

TEST_CASE("HouseholdKey is fixed arithmetic, the same on every platform") {
  // Values computed independently (Python, FNV-1a 64 and SplitMix64 by hand). Changing them
  // would re-randomise every experiment whose assignments are recomputed.
  struct Case {
    std::int64_t seed;
    const char* household;
    std::uint64_t key;
  };
  const Case cases[] = {
      {0, "S1", 0x0de8b8b626f71174ULL},
      {1, "S1", 0x1a69a4ce5b8f832eULL},
      {-5, "S00000042", 0x2f958b369c49743dULL},
  };
  for (const Case& c : cases) {
    CAPTURE(c.seed, c.household);
    CHECK(HouseholdKey(c.seed, c.household) == c.key);
  }
}

}  // namespace
}  // namespace nudged
