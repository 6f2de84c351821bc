// Storing the randomized holdout (planner/holdout.h) in nudged.experiment_assignments, so each
// student is assigned once per school year and keeps the arm for every later wave.
//
// The first plan of the year finds every student of the snapshot unassigned and draws them all
// at once with AssignArms (households, strata, share). Later, a student first seen (a mid-year
// entry) is drawn the same way together with the other newcomers of that plan; then, when the
// newcomer's household (through a shared contact) includes an already assigned student, the
// whole new household takes that student's arm and household key instead, so siblings always
// share an arm. Existing rows are never changed.
// Not thread-safe: uses the caller's transactions. Throws libpqxx exceptions.

#ifndef NUDGED_PLAN_ASSIGNMENTS_H_
#define NUDGED_PLAN_ASSIGNMENTS_H_

#include <cstdint>
#include <pqxx/transaction_base>
#include <string>

#include "config/config.h"

namespace nudged {

// Assigns the students of snapshot `sync_id` that have no arm for `school_year` yet and returns
// how many it assigned. Takes a transaction-level advisory lock on the year's assignments, so
// two plans at once assign each student once.
// REQUIRES: `state` is a read-write transaction; `mirror` reads the SIS mirror.
std::int64_t AssignNewStudents(pqxx::transaction_base& state, pqxx::transaction_base& mirror,
                               const std::string& school_year, std::int64_t sync_id,
                               const ExperimentConfig& config);

}  // namespace nudged

#endif  // NUDGED_PLAN_ASSIGNMENTS_H_
