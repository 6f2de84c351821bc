// Synthetic students for the holdout tests and benchmark: 3 schools x 5 grades (15 strata),
// one or two caregivers of their own each, and about 20% of them siblings sharing a caregiver
// with a recent student (some in another school or grade, so households span strata).
// Deterministic: the same count and seed always give the same students.

#ifndef NUDGED_TESTS_SUPPORT_SYNTHETIC_STUDENTS_H_
#define NUDGED_TESTS_SUPPORT_SYNTHETIC_STUDENTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "planner/holdout.h"

namespace nudged::testing {

std::vector<ExperimentStudent> SyntheticStudents(std::size_t count, std::uint64_t seed);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_SYNTHETIC_STUDENTS_H_
