// Enqueueing a planned wave: the message rows are streamed with COPY into a temporary table of
// the caller's transaction (OutboxStage), then moved into nudged.outbox by one statement
// (EnqueueStaged) that also records the rows' creation in nudged.audit_events, updates
// nudged.student_cadence for the students that got at least one new row and marks the wave
// enqueued. Between the two the caller may look at what was staged (the data-quality gate's
// place). Not thread-safe: uses the caller's transaction. Throws libpqxx exceptions.

#ifndef NUDGED_PLAN_OUTBOX_STAGE_H_
#define NUDGED_PLAN_OUTBOX_STAGE_H_

#include <cstdint>
#include <memory>
#include <pqxx/stream_to>
#include <pqxx/transaction_base>
#include <string>

#include "plan/student_plan.h"
#include "plan/wave_source.h"

namespace nudged {

class OutboxStage {
 public:
  // Creates the temporary table (dropped at commit) and opens the stream into it.
  explicit OutboxStage(pqxx::transaction_base& tx);

  // Stages one message row. REQUIRES: row.kind and row.channel are set (not a skip row).
  void Add(const PlanRow& row);

  // Closes the stream; the staged rows are then visible to the transaction.
  void Finish();

 private:
  std::unique_ptr<pqxx::stream_to> sink_;
};

struct EnqueueResult {
  std::int64_t messages = 0;  // outbox rows inserted (existing ones are left alone)
  std::int64_t students = 0;  // students whose cadence advanced
};

// Moves the staged rows into the outbox in state ready with `relevant_until` (an ISO 8601
// instant), advances the cadence and sets the wave's state to enqueued.
// REQUIRES: OutboxStage::Finish was called in `tx`; the wave's row exists.
EnqueueResult EnqueueStaged(pqxx::transaction_base& tx, const WaveKey& wave,
                            const std::string& relevant_until);

}  // namespace nudged

#endif  // NUDGED_PLAN_OUTBOX_STAGE_H_
