// The per-wave inputs of `nudged plan` that are read once, before the students stream: the sync
// run covering the wave, the averages of the qualifying students, the opt-outs and the mirror's
// school names; and the wave's row in nudged.waves. Set-based queries, one each.
// Not thread-safe: uses the caller's transactions. Throws libpqxx exceptions.

#ifndef NUDGED_PLAN_WAVE_SOURCE_H_
#define NUDGED_PLAN_WAVE_SOURCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "calendar/wave_key.h"
#include "config/config.h"
#include "nudged/date.h"
#include "plan/student_plan.h"
#include "planner/contacts.h"

namespace nudged {

// Returns the latest succeeded sync of the year whose next wave is `wave` and whose as-of is on
// or after its count-through (so its counts through the count-through are complete); nullopt
// when there is none.
std::optional<std::int64_t> FindCoveringSync(pqxx::transaction_base& state, const WaveKey& wave);

// Returns the mean period and total absences of the snapshot's qualifying students (enrolled on
// the wave date, enough days enrolled, in the audience), per school and overall, rounded to one
// decimal half away from zero (as planner/kind.h AverageAbsences).
Averages LoadAverages(pqxx::transaction_base& state, std::int64_t sync_id, const WaveKey& wave,
                      const Config& config);

// Returns the opt-outs in force.
OptOuts LoadOptOuts(pqxx::transaction_base& state);

// Returns school_id -> name from the mirror's school table.
std::map<std::string, std::string> LoadSchoolNames(pqxx::transaction_base& mirror);

// Inserts the wave's row in state `planned` when missing, or refreshes its date, count-through
// and sync while it is still planned; returns the row's state afterwards.
std::string RecordWave(pqxx::transaction_base& state, const WaveKey& wave, std::int64_t sync_id);

}  // namespace nudged

#endif  // NUDGED_PLAN_WAVE_SOURCE_H_
