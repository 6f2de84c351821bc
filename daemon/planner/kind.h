// The content decisions of one student's message in a wave: its kind, its goal and the average
// it is compared with. Follows the guide's examples (seed/000_53a152d063e05983.txt, "Sample
// Personalized Message Templates"):
//   * praise when the period's absences are at most [messages] praise_threshold (the guide's
//     "students with 0 or 1 absences"), also for the student's first message: the guide writes
//     its initial template only "for students with 2 or more absences", and a student with none
//     in the first month has earned the thanks rather than a warning;
//   * otherwise initial for the student's first message of the year, recurring after it;
//   * a goal only on initial and recurring messages (praise has none), as days to stay at or
//     under in the next period;
//   * the average over the qualifying students of the school or district, one decimal.
// Pure functions over values; thread-safe.

#ifndef NUDGED_PLANNER_KIND_H_
#define NUDGED_PLANNER_KIND_H_

#include <optional>
#include <vector>

#include "config/config.h"
#include "nudged/message.h"

namespace nudged {

// Returns the kind of the message for a student who has received `messages_received` messages
// this school year and has `period_absences` absences in the wave's period (a multiple of 0.5).
// REQUIRES: messages_received >= 0, period_absences >= 0, praise_threshold >= 0.
MessageKind ChooseKind(int messages_received, double period_absences, int praise_threshold);

// Returns the goal in days, or nullopt when messages carry no goal (goal_enabled false, or a
// praise message). With goal_days > 0 the goal is goal_days. With goal_days = 0 it is derived
// from the period: about half the period's absences, rounded down after taking one off,
// floor((period_absences - 1) / 2), and at least 1, so from 2 absences on the goal is lower
// than what the student missed, yet reachable: 2 or 2.5 -> 1, 4 -> 1 (the guide's example: missed
// 4, goal "no more than 1 day"), 5 -> 2, 10 -> 4.
std::optional<int> ChooseGoal(const MessagesConfig& messages, MessageKind kind,
                              double period_absences);

// Returns the mean of `period_absences` rounded to one decimal (halves away from zero), or
// nullopt for an empty list. The caller passes the period absences of the qualifying students
// of one school (or of the district), whatever arm of the experiment they are in.
std::optional<double> AverageAbsences(const std::vector<double>& period_absences);

}  // namespace nudged

#endif  // NUDGED_PLANNER_KIND_H_
