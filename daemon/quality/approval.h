// Staff releasing a wave the data-quality gate held (`nudged approve --wave N`): the wave moves
// from held to approved with approved_at and approved_by, its held reasons go to the
// nudged.wave_events log (the CHECK on nudged.waves clears held_reason outside held), and the
// gate lets an approved wave through from then on (quality/wave_gate.h). A wave that does not
// exist or is not held is a result, not an error. Not thread-safe: uses the caller's connection.

#ifndef NUDGED_QUALITY_APPROVAL_H_
#define NUDGED_QUALITY_APPROVAL_H_

#include <pqxx/connection>
#include <string>

#include "nudged/status.h"

namespace nudged {

struct Approval {
  enum class Outcome { kApproved, kNotFound, kNotHeld };
  Outcome outcome = Outcome::kNotFound;
  std::string state;        // the wave's state before (kApproved: "held"; kNotFound: "")
  std::string wave_date;    // YYYY-MM-DD, unless kNotFound
  std::string held_reason;  // the sentences that held it, one per line (kApproved only)
};

// Approves wave `wave` of `school_year` for `approved_by` in one transaction when it is held;
// otherwise changes nothing. Fills *approval. Returns Unavailable or Internal for database errors.
Status ApproveHeldWave(pqxx::connection& connection, const std::string& school_year, int wave,
                       const std::string& approved_by, Approval* approval);

}  // namespace nudged

#endif  // NUDGED_QUALITY_APPROVAL_H_
