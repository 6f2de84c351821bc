// What one wave says about one student: whether the student qualifies, the period and total
// absences, the kind, goal and average, and one row per message (rendered) or one skip row
// with the reason. This is the pure core of `nudged plan`: values in, rows out; the database
// side (plan/student_stream.h) feeds it one student at a time.
//
// Rules (DESIGN.md "Counting absences and planning a wave"), in this order:
//   * not in the audience ([audience] schools and grades) -> skip "not in the audience";
//   * exited before the wave date -> skip "not enrolled on the wave date";
//   * fewer than min_enrolled_instructional_days instructional days enrolled through the
//     count-through -> skip "not enrolled long enough";
//   * control arm of the experiment -> skip "control group" (counts still shown);
//   * no message from planner/contacts.h -> skip with its reason.
// Period = absences through the count-through minus through the previous wave's
// count-through; it starts the day after that count-through, or on the entry date when later.
// Total = absences through the count-through. Pure; thread-safe (PlanSettings is read-only).

#ifndef NUDGED_PLAN_STUDENT_PLAN_H_
#define NUDGED_PLAN_STUDENT_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "nudged/date.h"
#include "nudged/message.h"
#include "nudged/status.h"
#include "planner/contacts.h"
#include "planner/holdout.h"
#include "render/template_set.h"

namespace nudged {

inline constexpr std::string_view kSkipNotInAudience = "not in the audience";
inline constexpr std::string_view kSkipNotEnrolledOnWaveDate = "not enrolled on the wave date";
inline constexpr std::string_view kSkipNotEnrolledLongEnough = "not enrolled long enough";
inline constexpr std::string_view kSkipControlGroup = "control group";

// One student of the snapshot the wave is planned from (nudged.sync_snapshots and cadence).
struct StudentSnapshot {
  std::string student_id;
  std::string school_id;
  std::string grade;
  Date entry_date;
  std::optional<Date> exit_date;
  int days_enrolled = 0;          // instructional days enrolled through the count-through
  double absences_through = 0;    // absence days through the count-through
  double absences_previous = 0;   // through the previous wave's count-through (0 if none)
  int messages_received = 0;      // waves before this one that messaged about the student
  std::optional<Arm> arm;         // nullopt when the experiment is off
};

// What the mirror says about the student: the name messages use and the caregivers.
struct StudentMirror {
  std::string first_name;  // preferred first name when the SIS has one
  std::vector<Caregiver> caregivers;
};

// Mean absences of a group of qualifying students, one decimal: over the wave's period (what a
// recurring or praise message reports) and over the year through the count-through (what an
// initial message reports), so a message always compares like with like.
struct GroupAverage {
  double period = 0;
  double total = 0;
};

struct Averages {
  std::map<std::string, GroupAverage> by_school;  // by school_id
  std::optional<GroupAverage> district;
};

// The wave and everything constant for a plan run. The caller owns what the pointers name.
struct PlanSettings {
  const Config* config = nullptr;
  const TemplateSet* templates = nullptr;
  const OptOuts* opt_outs = nullptr;
  ContactRules rules;
  int wave = 0;
  Date wave_date;
  Date count_through;
  Date period_first_day;  // the day after the previous wave's count-through, or first_day
  // Averages of the qualifying students, per school and of the district.
  Averages averages;
  // School names from the mirror, used when [[schools]] gives none.
  std::map<std::string, std::string> mirror_school_names;
};

// One output row: a message, or (skip_reason set) a student without one.
struct PlanRow {
  std::string student_id;
  std::string school_id;
  std::string contact_id;  // empty on skip rows
  std::optional<Channel> channel;
  std::string language;
  std::optional<MessageKind> kind;  // nullopt on skip rows ("skipped")
  std::optional<double> absences_period;  // nullopt when the student does not qualify
  std::optional<double> absences_total;
  std::optional<double> average;
  std::optional<int> goal;
  std::string recipient;    // unmasked; masked by the formatter unless asked otherwise
  std::string text;         // the message (email: subject line, blank line, body) or reason
  std::string_view skip_reason;
};

struct StudentOutcome {
  std::vector<PlanRow> rows;     // the messages, or exactly one skip row
  int contacts_considered = 0;   // caregivers looked at (students that reached contacts)
  int contacts_without_channel = 0;  // of them, skipped for "no usable channel"
};

// Returns the rows of `student` in the wave. Returns InvalidArgument in *status only when a
// template cannot be rendered (the configuration check makes that unreachable in practice).
StudentOutcome PlanStudent(const StudentSnapshot& student, const StudentMirror& mirror,
                           const PlanSettings& settings, Status* status);

// PlanStudent in two steps, for plan/parallel_planner.h, which runs them on different threads:
// DraftStudent decides everything but the messages' text (it validates the phone numbers),
// RenderStudent renders the messages.
struct StudentDraft {
  StudentOutcome outcome;  // the contact counts, and the skip row when `messages` is empty
  PlanRow base;            // what every message row of the student shares
  std::vector<PlannedContact> messages;  // to render, in order
};
StudentDraft DraftStudent(const StudentSnapshot& student, const StudentMirror& mirror,
                          const PlanSettings& settings);
StudentOutcome RenderStudent(StudentDraft draft, const StudentSnapshot& student,
                             const StudentMirror& mirror, const PlanSettings& settings,
                             Status* status);

}  // namespace nudged

#endif  // NUDGED_PLAN_STUDENT_PLAN_H_
