// The set-based read behind `nudged plan`: the snapshot of one sync (state database) and the
// students' names and caregivers (SIS mirror), each streamed with COPY ordered by student_id in
// byte order and merge-joined here, so one pass visits every student of the snapshot with
// everything the planner needs while memory holds one student at a time, whatever the size of
// the district. Not thread-safe: uses the caller's transactions.

#ifndef NUDGED_PLAN_STUDENT_STREAM_H_
#define NUDGED_PLAN_STUDENT_STREAM_H_

#include <cstdint>
#include <functional>
#include <pqxx/transaction_base>
#include <string>

#include "plan/student_plan.h"

namespace nudged {

struct StreamRequest {
  std::int64_t sync_id = 0;
  std::string school_year;
  int wave = 0;
};

// The visitor may move from its arguments: they are refilled for the next student.
using StudentVisitor = std::function<void(StudentSnapshot&, StudentMirror&)>;

// Calls `visit` once per student of the snapshot of `request.sync_id`, in student_id byte
// order, with the student's cadence (messages_received counts the waves before request.wave)
// and experiment arm (nullopt when not assigned) and the mirror's data for the student (empty
// when the mirror does not know the student). The references are valid during the call only.
// REQUIRES: `state` and `mirror` are open transactions with no other stream active.
// Throws the libpqxx exceptions of either side, and whatever `visit` throws.
void StreamStudents(pqxx::transaction_base& state, pqxx::transaction_base& mirror,
                    const StreamRequest& request, const StudentVisitor& visit);

}  // namespace nudged

#endif  // NUDGED_PLAN_STUDENT_STREAM_H_
