// Enqueueing a planned wave: the message rows are streamed with COPY straight into nudged.outbox
// (state ready) in the caller's transaction (OutboxStage). The data-quality gate then decides:
// either one statement (EnqueueStaged) advances nudged.student_cadence and marks the wave
// enqueued, or the rows are deleted again (a held wave; the gate's own writes in the
// transaction stay). A row's creation is recorded by the row itself (created_at, its wave) and
// read as the first event of nudged.message_events (sql/007_bulk_writes.sql). The caller holds the
// wave's row lock and has seen it planned or approved, so no row of the wave exists yet and no
// other planner can write one: the outbox's unique key is only a safety net, and a violation fails
// the plan rather than being skipped. Not thread-safe: uses the caller's transaction. Throws
// libpqxx exceptions.

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
  // Opens the stream into the outbox for `wave`; `relevant_until` is
  // the rows' relevance deadline (an ISO 8601 instant).
  OutboxStage(pqxx::transaction_base& tx, const WaveKey& wave, std::string relevant_until);

  // Stages one message row. REQUIRES: row.kind and row.channel are set (not a skip row).
  void Add(const PlanRow& row);

  // Closes the stream; the staged rows are then visible to the transaction.
  void Finish();

  // Removes the staged rows. REQUIRES: Finish was called.
  void Discard();

 private:
  pqxx::transaction_base& tx_;
  std::string school_year_;
  std::string wave_;
  std::string relevant_until_;
  std::unique_ptr<pqxx::stream_to> sink_;
};

struct EnqueueResult {
  std::int64_t messages = 0;  // outbox rows enqueued
  std::int64_t students = 0;  // students whose cadence advanced
};

// Advances the cadence of the staged rows' students and sets the wave's state to enqueued.
// REQUIRES: OutboxStage::Finish was called in `tx`; the wave's row exists.
EnqueueResult EnqueueStaged(pqxx::transaction_base& tx, const WaveKey& wave);

}  // namespace nudged

#endif  // NUDGED_PLAN_OUTBOX_STAGE_H_
