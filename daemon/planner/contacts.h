// Who of a student's caregivers gets the wave's message, by which channel, at which number or
// address, and in which language. The input is one student's caregivers as the SIS mirror
// describes them (student_contact, contact, contact_phone, contact_email, contact_address) plus
// the recorded opt-outs; the output is the messages to plan, or why there are none.
//
// Rules (sql/sis/README.md "Recipients" and [contacts]):
//   * Order: contact_priority ascending (NULL last), then primary contact, lives with the
//     student, legal guardian (true before false/NULL), then contact_id, so ties are decided
//     the same way on every run whatever order the rows came in.
//   * Restrictions: Ed-Fi ContactRestrictions is free text, so any text restricts ("No
//     Contact", "Do Not Contact", "Court order: no contact with father", "Mail only"...),
//     except blank and the values that say there is none: "None", "N/A", "NA",
//     "No restriction(s)" (any case). A restricted contact is never messaged about the student.
//   * Channel: the first in channel_order the contact can receive: sms, the best number
//     (order_of_priority, NULL last, then E.164) that validates, may take SMS (phone.h), is not
//     do_not_contact and not opted out of sms; voice, the best such number that is not a fax,
//     opt-outs of voice; email, the best plausible address (primary first, then
//     "Home/Personal", then the address) not do_not_contact and not opted out of email; letter,
//     a mailing address and no letter opt-out.
//   * At most max_per_student contacts get a message: the first that can be reached, so a
//     contact without any channel does not use up a place. Two contacts reached at the same
//     recipient (parents sharing a home phone) get one message.
//   * Language: language.h ChooseLanguage.
// Pure functions over values; thread-safe.

#ifndef NUDGED_PLANNER_CONTACTS_H_
#define NUDGED_PLANNER_CONTACTS_H_

#include <compare>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "nudged/message.h"

namespace nudged {

// Reasons a student gets no message at all, as the plan output prints them.
inline constexpr std::string_view kSkipNoContact = "no contact";
inline constexpr std::string_view kSkipContactRestricted = "contact restricted";
inline constexpr std::string_view kSkipOptedOut = "opted out";
inline constexpr std::string_view kSkipNoUsableChannel = "no usable channel";
// Further reasons one contact of a student with messages is left out.
inline constexpr std::string_view kSkipOverLimit = "over max_per_student";
inline constexpr std::string_view kSkipSameRecipient = "same recipient as another contact";

// The recipient of a letter: the mailing address itself is looked up when printing.
inline constexpr std::string_view kLetterRecipient = "address";

struct CaregiverPhone {
  std::string number;  // as the SIS stores it, e.g. "(508) 555-0123"
  std::string type;    // Ed-Fi TelephoneNumberType, e.g. "Mobile"
  std::optional<int> order_of_priority;
  std::optional<bool> sms_capable;
  bool do_not_contact = false;
};

struct CaregiverEmail {
  std::string address;
  std::string type;  // Ed-Fi ElectronicMailType, e.g. "Home/Personal"
  std::optional<bool> primary;
  bool do_not_contact = false;
};

// One caregiver of one student: the contact and its link to the student.
struct Caregiver {
  std::string contact_id;
  std::string first_name;  // the preferred first name when the SIS has one
  std::string last_surname;
  std::string preferred_language;  // "" when NULL
  std::optional<int> priority;
  std::optional<bool> primary_contact;
  std::optional<bool> lives_with;
  std::optional<bool> legal_guardian;
  std::string contact_restrictions;  // "" when NULL
  std::vector<CaregiverPhone> phones;
  std::vector<CaregiverEmail> emails;
  bool has_mailing_address = false;
};

// A caregiver asked not to be reached at `address` by `channel`. The address is normalised:
// E.164 for sms and voice, NormalizeEmail() for email, the contact_id for letters.
struct OptOut {
  Channel channel;
  std::string address;
  auto operator<=>(const OptOut&) const = default;
};
using OptOuts = std::set<OptOut>;

// [contacts] and the language settings, parsed once per plan.
struct ContactRules {
  int max_per_student = 2;
  std::vector<Channel> channel_order;
  std::vector<std::string> sms_phone_types;
  std::string default_region;
  std::vector<std::string> template_languages;
  std::string default_language;
};

// REQUIRES: the configuration passed validation (channel names are known).
ContactRules MakeContactRules(const ContactsConfig& contacts, const MessagesConfig& messages,
                              const DistrictConfig& district);

// One message to plan for the student.
struct PlannedContact {
  std::string contact_id;
  std::string first_name;
  std::string last_surname;
  Channel channel = Channel::kSms;
  std::string recipient;  // E.164 number, email address or kLetterRecipient
  std::string language;   // one of the template languages
};

struct SkippedContact {
  std::string contact_id;
  std::string_view reason;  // one of the kSkip constants
};

struct ContactPlan {
  std::vector<PlannedContact> messages;  // in the order above
  std::vector<SkippedContact> skipped;   // every caregiver not messaged, in the order above
  std::string_view skip_reason;          // when `messages` is empty, why; else ""
};

// Returns the messages for one student whose caregivers are `caregivers` (any order).
// When no message can be planned, skip_reason is, by precedence: no contact (no caregivers),
// opted out (some caregiver was reachable but for an opt-out), no usable channel (some
// caregiver is unrestricted), contact restricted (all are).
ContactPlan PlanContacts(const std::vector<Caregiver>& caregivers, const OptOuts& opt_outs,
                         const ContactRules& rules);

// Returns whether a ContactRestrictions text forbids messaging the contact (rule above).
bool IsRestricted(std::string_view contact_restrictions);

// Returns `address` trimmed and lowercased when it is a plausible email address (one '@', a
// local part, a dotted domain, no spaces); nullopt otherwise.
std::optional<std::string> NormalizeEmail(std::string_view address);

}  // namespace nudged

#endif  // NUDGED_PLANNER_CONTACTS_H_
