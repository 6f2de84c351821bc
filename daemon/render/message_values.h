// The values one message is rendered with, and the names templates may use for them.
//
// The planner fills a MessageValues per message (raw numbers and names); BuildView phrases
// them for a channel and a language into the strings the Mustache templates see. Plain
// values; pure functions; thread-safe.
//
// Variables ({{name}}), all plain text, never HTML-escaped:
//   first_name              the student's first name (the planner picks the preferred name)
//   school_name             the school's name
//   school_phone            the phone caregivers are invited to call; voice: spelled digit by
//                           digit ("5 0 8, 5 5 5, 0 1 1 0"), else "508-555-0110"
//   district_name           the district's name
//   district_phone          the district's phone, written like school_phone
//   sender_name             who signs, "Ms. Rivera" (may be empty)
//   sender_role             their role, "Principal" (may be empty)
//   signature               name and role joined: "Ms. Rivera, Principal"
//   absences_period         absences in the period, phrased: "2 days", "2,5 días",
//                           "half a day"; voice: "2 and a half days"
//   absences_total          absences since the first day of school (or entry), phrased
//   absences_period_number  the bare number, "2.5" ("2,5" in Spanish); same for
//   absences_total_number   the total
//   period_start            first day of the period, "October 14" / "14 de octubre"
//   period_end              last day counted, same form
//   average_days            the comparison average, phrased like absences_period
//   average_number          the bare average
//   average_place           where the average is taken: the school's or the district's name
//   goal_days               the goal, phrased: miss no more than this next period
//   goal_number             the bare goal
// Sections ({{#name}}...{{/name}}, or {{^name}} for the opposite), true or false:
//   goal                    the message carries a goal
//   average                 the message compares with the average
//   illness_note            the message says illness absences count (and to stay home)
//   sender                  a sender name or role is set
//   perfect                 no absence at all in the period (praise wording)

#ifndef NUDGED_RENDER_MESSAGE_VALUES_H_
#define NUDGED_RENDER_MESSAGE_VALUES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudged/date.h"
#include "nudged/message.h"

namespace nudged {

struct MessageValues {
  std::string first_name;
  std::string school_name;
  std::string school_phone;  // E.164 or as written in the configuration
  std::string district_name;
  std::string district_phone;
  std::string sender_name;
  std::string sender_role;
  // Absences as days, multiples of 0.5. Invariant: 0 <= period <= total.
  double absences_period = 0;
  double absences_total = 0;
  // The period counted: from its first day through its count-through date.
  Date period_start;
  Date period_end;
  // The comparison average and where it is taken; nullopt leaves the section out.
  std::optional<double> average;
  std::string average_place;
  // The goal for the next period, in days; nullopt leaves the section out. A goal of 0
  // reads "no more than no days", so the planner gives at least half a day.
  std::optional<double> goal;
  bool illness_note = false;
};

// What a template sees: every variable as text and every section as a flag.
struct TemplateView {
  std::map<std::string, std::string> variables;
  std::map<std::string, bool> sections;
};

// Returns the view of `values` phrased for `channel` and `language` (see the list above).
TemplateView BuildView(Channel channel, std::string_view language, const MessageValues& values);

// Return one variable of that view, or one section, alone; nullopt when `name` is none. The
// renderer asks for the few a template uses instead of building the whole view per message.
std::optional<std::string> ViewVariable(std::string_view name, Channel channel,
                                        std::string_view language, const MessageValues& values);
std::optional<bool> ViewSection(std::string_view name, const MessageValues& values);

// Returns the names of all variables, and of all sections, in the order listed above.
const std::vector<std::string_view>& TemplateVariableNames();
const std::vector<std::string_view>& TemplateSectionNames();

}  // namespace nudged

#endif  // NUDGED_RENDER_MESSAGE_VALUES_H_
