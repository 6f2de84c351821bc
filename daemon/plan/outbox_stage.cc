// Implementation details: ON CONFLICT DO NOTHING on the outbox's unique key makes the insert
// idempotent; its RETURNING rows (only the new ones) drive the audit rows and the cadence, so a
// student whose messages were all there already is not counted twice. The cadence upsert also
// refuses to move backwards or count the same wave twice (last_wave < this wave). Data-modifying
// CTEs all run to completion whether or not the final SELECT reads them.

#include "plan/outbox_stage.h"

#include <pqxx/pqxx>
#include <tuple>

namespace nudged {
namespace {

constexpr const char* kCreateStage = R"sql(
CREATE TEMPORARY TABLE plan_outbox_stage (
  student_id text NOT NULL, contact_id text NOT NULL, channel text NOT NULL,
  language text NOT NULL, kind text NOT NULL, recipient text NOT NULL, body text NOT NULL
) ON COMMIT DROP
)sql";

constexpr const char* kEnqueue = R"sql(
WITH inserted AS (
  INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, language, kind,
                             recipient, body, state, relevant_until)
  SELECT $1, $2, student_id, contact_id, channel, language, kind, recipient, body, 'ready',
         $4::timestamptz
  FROM plan_outbox_stage
  ON CONFLICT DO NOTHING
  RETURNING outbox_id, student_id
), audit AS (
  INSERT INTO nudged.audit_events (outbox_id, old_state, new_state, detail)
  SELECT outbox_id, NULL, 'ready', 'planned' FROM inserted
), students AS (
  SELECT DISTINCT student_id FROM inserted
), cadence AS (
  INSERT INTO nudged.student_cadence AS c (school_year, student_id, messages_received,
                                           last_count_through, last_wave)
  SELECT $1, student_id, 1, $3::date, $2 FROM students
  ON CONFLICT (school_year, student_id) DO UPDATE
  SET messages_received = c.messages_received + 1, last_count_through = excluded.last_count_through,
      last_wave = excluded.last_wave, updated_at = now()
  WHERE c.last_wave IS NULL OR c.last_wave < excluded.last_wave
), wave AS (
  UPDATE nudged.waves SET state = 'enqueued', enqueued_at = now(), updated_at = now()
  WHERE school_year = $1 AND wave = $2
)
SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM students)
)sql";

}  // namespace

OutboxStage::OutboxStage(pqxx::transaction_base& tx) {
  tx.exec0(kCreateStage);
  sink_ = std::make_unique<pqxx::stream_to>(
      tx, "plan_outbox_stage",
      std::vector<std::string>{"student_id", "contact_id", "channel", "language", "kind",
                               "recipient", "body"});
}

void OutboxStage::Add(const PlanRow& row) {
  *sink_ << std::make_tuple(row.student_id, row.contact_id, std::string(ChannelName(*row.channel)),
                            row.language, std::string(MessageKindName(*row.kind)), row.recipient,
                            row.text);
}

void OutboxStage::Finish() { sink_->complete(); }

EnqueueResult EnqueueStaged(pqxx::transaction_base& tx, const WaveKey& wave,
                            const std::string& relevant_until) {
  const pqxx::row counts = tx.exec_params1(kEnqueue, wave.school_year, wave.number,
                                           FormatIsoDate(wave.count_through), relevant_until);
  return {counts[0].as<std::int64_t>(), counts[1].as<std::int64_t>()};
}

}  // namespace nudged
