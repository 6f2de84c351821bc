// The randomized holdout of [experiment]: which students get messages (treatment) and which are
// planned but skipped with reason "control group", so that an evaluation can compare them.
//
// Households: students linked by a shared contact_id, transitively (two siblings share a
// mother, one of them also a stepfather who has a third child: all three are one household).
// A household's id is its smallest student_id (byte order), and so is its "first student".
//
// Assignment: each household gets a key, SplitMix64 of (FNV-1a 64 of its id, SplitMix64 of the
// seed): fixed arithmetic, so the same seed gives the same arms on every machine, compiler and
// library version (std::hash and the std:: distributions do not promise that). Households are
// grouped by stratum, the stratum of their first student (the rule for a household whose
// students span schools or grades); within a stratum they are ordered by key (then id) and the
// first round(treatment_share x n) go to treatment. So every stratum is balanced to within one
// household of the share, and a household's arm depends only on the seed, its id and the other
// households of its stratum, never on the order of the input.
//
// The assignment is a pure function of its input; "assigned once" is the caller's job: store
// the result (nudged.experiment assignments) and reuse it, since a household whose composition
// changes (a new sibling with a smaller id) gets a new id and key.
//
// With assign_by_household = false every student is a household of one.
// Pure functions over values; thread-safe. O(L log L + S log S) for L links and S students.

#ifndef NUDGED_PLANNER_HOLDOUT_H_
#define NUDGED_PLANNER_HOLDOUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace nudged {

enum class Arm { kTreatment, kControl };

// Returns "treatment" or "control".
std::string_view ArmName(Arm arm);

struct ExperimentStudent {
  std::string student_id;
  std::string school_id;
  std::string grade;
  std::vector<std::string> contact_ids;  // every contact linked to the student, any order
};

// One student's draw. Indices rather than strings keep the result of a state-sized draw small
// (12 bytes a student).
struct ArmAssignment {
  Arm arm = Arm::kControl;
  // Index in the input of the household's first student, whose student_id is the household id.
  std::uint32_t household_first = 0;
  // Index into Holdout::strata.
  std::uint32_t stratum = 0;
};

struct Holdout {
  std::vector<ArmAssignment> students;  // one per input student, in input order
  // Names of the strata, in order of first appearance in the input: the stratify_by values of a
  // first student joined by "/" ("12/3" for school 12, grade 3), or "all" when stratify_by is
  // empty.
  std::vector<std::string> strata;
};

// Returns, for each student, the index in `students` of its household's first student.
// REQUIRES: student ids are unique.
std::vector<std::uint32_t> HouseholdFirsts(const std::vector<ExperimentStudent>& students);

// Returns the draw for `students`.
// REQUIRES: student ids are unique; fewer than 2^32 students; 0 < treatment_share < 1.
Holdout AssignArms(const std::vector<ExperimentStudent>& students, const ExperimentConfig& config);

// The stable 64-bit key of a household: exposed so tests and reports can recompute it.
std::uint64_t HouseholdKey(std::int64_t seed, std::string_view household_id);

}  // namespace nudged

#endif  // NUDGED_PLANNER_HOLDOUT_H_
