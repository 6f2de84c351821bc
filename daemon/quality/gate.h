// The data-quality gate of a wave (DESIGN.md "Counting absences and planning a wave"): the
// numbers a wave's snapshot is judged by, and the pure evaluation of the [quality] checks
// against them and against the previous wave's numbers. A failed check is a sentence for staff
// that says what is wrong, with the numbers and the limit, and what to look at.
// Thread-safe (pure values, no I/O).

#ifndef NUDGED_QUALITY_GATE_H_
#define NUDGED_QUALITY_GATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace nudged {

// What the gate looks at for one wave. The first five fields come from the sync's snapshot and
// anomalies (quality/stats.h); the contact fields from the planner.
struct WaveQualityStats {
  int wave = 0;  // the wave number these numbers belong to
  // Students of the snapshot enrolled on the wave date.
  std::int64_t students_enrolled = 0;
  // Of those, students with at least min_enrolled_instructional_days enrolled days by the
  // count-through date: the students the wave is about.
  std::int64_t students_qualifying = 0;
  // Qualifying students with at least one absence (> 0 days) in the wave's period.
  std::int64_t students_with_absences = 0;
  // Attendance events recorded on closure days (sync anomalies), which are never counted.
  std::int64_t absences_on_closures = 0;
  // Students whose absences exceed their enrolled instructional days, through either wave bound.
  std::int64_t students_absences_above_enrolled = 0;
  // Contacts the planner considered, and those with no usable channel (no SMS-capable or valid
  // phone, email or mailing address left after opt-outs).
  std::int64_t contacts_considered = 0;
  std::int64_t contacts_without_channel = 0;

  // Returns students_with_absences / students_qualifying, or 0 without qualifying students.
  double AbsenceShare() const;
  // Returns contacts_without_channel / contacts_considered, or 0 without contacts.
  double ContactsWithoutChannelShare() const;

  friend bool operator==(const WaveQualityStats&, const WaveQualityStats&) = default;
};

// One failed check. `check` is a stable name for logs and tests (absences_on_closures,
// absences_above_enrolled_days, absence_share_jump, absence_share_ceiling, enrolled_drop,
// contacts_without_channel); `sentence` is what staff read.
struct GateFailure {
  std::string check;
  std::string sentence;
};

struct GateResult {
  std::vector<GateFailure> failures;  // in the order of the checks above

  bool passed() const { return failures.empty(); }
};

// Runs every check of `quality` on `current`. The absence share and enrolled-student checks
// compare with `previous_wave` (the last earlier wave evaluated this school year); without it
// the absence share is held to initial_absence_share_ceiling and enrollment is not compared.
// A value equal to its limit passes; shares are compared with a 1e-9 tolerance so that a rise
// of exactly the limit is not tripped by rounding.
GateResult EvaluateGate(const WaveQualityStats& current,
                        const std::optional<WaveQualityStats>& previous_wave,
                        const QualityConfig& quality);

}  // namespace nudged

#endif  // NUDGED_QUALITY_GATE_H_
