// Implementation details: lock the waves row, then either leave it (not found, not held) or
// update it and append the wave_events row in the same transaction, so the log and the state
// never disagree.

#include "quality/approval.h"

#include <pqxx/pqxx>

#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kLockWave = R"sql(
SELECT state, wave_date::text, coalesce(held_reason, '') FROM nudged.waves
WHERE school_year = $1 AND wave = $2 FOR UPDATE
)sql";

constexpr const char* kApprove = R"sql(
UPDATE nudged.waves
SET state = 'approved', held_reason = NULL, approved_at = now(), approved_by = $3,
    updated_at = now()
WHERE school_year = $1 AND wave = $2
)sql";

constexpr const char* kWaveEvent = R"sql(
INSERT INTO nudged.wave_events (school_year, wave, old_state, new_state, actor, detail)
VALUES ($1, $2, 'held', 'approved', $3, $4)
)sql";

}  // namespace

Status ApproveHeldWave(pqxx::connection& connection, const std::string& school_year, int wave,
                       const std::string& approved_by, Approval* approval) {
  try {
    *approval = Approval{};
    pqxx::work tx{connection};
    const pqxx::result rows = tx.exec_params(kLockWave, school_year, wave);
    if (rows.empty()) return Status::Ok();
    approval->state = rows[0][0].as<std::string>();
    approval->wave_date = rows[0][1].as<std::string>();
    if (approval->state != "held") {
      approval->outcome = Approval::Outcome::kNotHeld;
      return Status::Ok();
    }
    approval->held_reason = rows[0][2].as<std::string>();
    tx.exec_params0(kApprove, school_year, wave, approved_by);
    tx.exec_params0(kWaveEvent, school_year, wave, approved_by, approval->held_reason);
    tx.commit();
    approval->outcome = Approval::Outcome::kApproved;
    return Status::Ok();
  } catch (...) {
    return StatusFromCurrentException("approve the held wave");
  }
}

}  // namespace nudged
