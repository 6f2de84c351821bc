// Implementation details: PlanContacts sorts the caregivers once, then walks them in order.
// For each unrestricted caregiver, ReachOne tries the channels of channel_order and remembers
// whether a candidate was turned away only by an opt-out, which is what tells the "opted out"
// skip from "no usable channel". Phone numbers are normalised once per caregiver, before the
// channel loop, because libphonenumber parsing is the costliest step here; invalid numbers are
// dropped at that point and never reach a channel.

#include "planner/contacts.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "planner/language.h"
#include "planner/phone.h"

namespace nudged {
namespace {

// Sort value of a NULL priority: after every number the SIS can hold.
constexpr int kNullLast = std::numeric_limits<int>::max();

// A caregiver's number that validated, with the SIS row it came from.
struct UsablePhone {
  NormalizedPhone phone;
  const CaregiverPhone* row;
};

// What trying to reach one caregiver gave.
struct Reach {
  std::optional<PlannedContact> message;
  bool blocked_by_opt_out = false;
};

std::string Trimmed(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string LowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Sort key of a caregiver: smaller comes first. NULL priority sorts after every number.
auto CaregiverKey(const Caregiver& c) {
  return std::make_tuple(c.priority.value_or(kNullLast), !c.primary_contact.value_or(false),
                         !c.lives_with.value_or(false), !c.legal_guardian.value_or(false),
                         std::string_view(c.contact_id));
}

std::vector<UsablePhone> UsablePhones(const Caregiver& caregiver, const ContactRules& rules) {
  std::vector<UsablePhone> phones;
  for (const CaregiverPhone& row : caregiver.phones) {
    UsablePhone usable{{}, &row};
    if (row.do_not_contact || IsFaxType(row.type)) continue;
    if (NormalizePhone(row.number, rules.default_region, &usable.phone).ok()) {
      phones.push_back(std::move(usable));
    }
  }
  std::sort(phones.begin(), phones.end(), [](const UsablePhone& a, const UsablePhone& b) {
    return std::make_tuple(a.row->order_of_priority.value_or(kNullLast), a.phone.e164) <
           std::make_tuple(b.row->order_of_priority.value_or(kNullLast), b.phone.e164);
  });
  return phones;
}

// Returns the caregiver's emails that may be written to, best first.
std::vector<std::string> UsableEmails(const Caregiver& caregiver) {
  std::vector<std::tuple<bool, bool, std::string>> ranked;  // (not primary, not home, address)
  for (const CaregiverEmail& row : caregiver.emails) {
    if (row.do_not_contact) continue;
    if (std::optional<std::string> address = NormalizeEmail(row.address)) {
      ranked.emplace_back(!row.primary.value_or(false),
                          !EqualsIgnoreCase(row.type, "Home/Personal"), std::move(*address));
    }
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> emails;
  for (auto& entry : ranked) emails.push_back(std::move(std::get<2>(entry)));
  return emails;
}

// The candidate recipients of `channel` for a caregiver, best first, opt-outs not yet applied.
std::vector<std::string> Candidates(Channel channel, const Caregiver& caregiver,
                                    const std::vector<UsablePhone>& phones,
                                    const ContactRules& rules) {
  std::vector<std::string> out;
  switch (channel) {
    case Channel::kSms:
      for (const UsablePhone& p : phones) {
        if (CanTakeSms(p.phone, p.row->type, p.row->sms_capable, rules.sms_phone_types)) {
          out.push_back(p.phone.e164);
        }
      }
      break;
    case Channel::kVoice:
      for (const UsablePhone& p : phones) out.push_back(p.phone.e164);
      break;
    case Channel::kEmail:
      out = UsableEmails(caregiver);
      break;
    case Channel::kLetter:
      if (caregiver.has_mailing_address) out.push_back(caregiver.contact_id);
      break;
  }
  return out;
}

Reach ReachOne(const Caregiver& caregiver, const OptOuts& opt_outs, const ContactRules& rules) {
  Reach reach;
  const std::vector<UsablePhone> phones = UsablePhones(caregiver, rules);
  for (Channel channel : rules.channel_order) {
    for (std::string& address : Candidates(channel, caregiver, phones, rules)) {
      if (opt_outs.count(OptOut{channel, address}) > 0) {
        reach.blocked_by_opt_out = true;
        continue;
      }
      std::string recipient =
          channel == Channel::kLetter ? std::string(kLetterRecipient) : std::move(address);
      reach.message =
          PlannedContact{caregiver.contact_id,
                         caregiver.first_name,
                         caregiver.last_surname,
                         channel,
                         std::move(recipient),
                         ChooseLanguage(caregiver.preferred_language, rules.template_languages,
                                        rules.default_language)};
      return reach;
    }
  }
  return reach;
}

bool SameRecipientPlanned(const ContactPlan& plan, const PlannedContact& message) {
  // Letters go to each contact's own address record, so they never count as shared.
  if (message.channel == Channel::kLetter) return false;
  return std::any_of(plan.messages.begin(), plan.messages.end(), [&](const PlannedContact& m) {
    return m.channel == message.channel && m.recipient == message.recipient;
  });
}

std::string_view StudentSkipReason(bool any_caregiver, bool any_opted_out, bool any_unrestricted) {
  if (!any_caregiver) return kSkipNoContact;
  if (any_opted_out) return kSkipOptedOut;
  if (any_unrestricted) return kSkipNoUsableChannel;
  return kSkipContactRestricted;
}

}  // namespace

bool IsRestricted(std::string_view contact_restrictions) {
  const std::string text = LowerAscii(Trimmed(contact_restrictions));
  constexpr std::string_view kNoRestriction[] = {"",   "none",           "n/a",
                                                 "na", "no restriction", "no restrictions"};
  return std::find(std::begin(kNoRestriction), std::end(kNoRestriction), text) ==
         std::end(kNoRestriction);
}

std::optional<std::string> NormalizeEmail(std::string_view address) {
  const std::string text = LowerAscii(Trimmed(address));
  const size_t at = text.find('@');
  if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) {
    return std::nullopt;
  }
  const std::string_view domain = std::string_view(text).substr(at + 1);
  const size_t dot = domain.find('.');
  const bool dotted = dot != std::string_view::npos && dot > 0 && domain.back() != '.' &&
                      domain.find("..") == std::string_view::npos;
  if (!dotted || text.find_first_of(" \t,;<>()[]\\\"") != std::string::npos) return std::nullopt;
  return text;
}

ContactRules MakeContactRules(const ContactsConfig& contacts, const MessagesConfig& messages,
                              const DistrictConfig& district) {
  ContactRules rules;
  rules.max_per_student = contacts.max_per_student;
  for (const std::string& name : contacts.channel_order) {
    // Validation guarantees every name parses; an unknown one could only be skipped.
    if (std::optional<Channel> channel = ParseChannel(name))
      rules.channel_order.push_back(*channel);
  }
  rules.sms_phone_types = contacts.sms_phone_types;
  rules.default_region = contacts.default_region;
  rules.template_languages = messages.languages;
  rules.default_language = district.default_language;
  return rules;
}

ContactPlan PlanContacts(const std::vector<Caregiver>& caregivers, const OptOuts& opt_outs,
                         const ContactRules& rules) {
  std::vector<const Caregiver*> ordered;
  for (const Caregiver& c : caregivers) ordered.push_back(&c);
  std::sort(ordered.begin(), ordered.end(), [](const Caregiver* a, const Caregiver* b) {
    return CaregiverKey(*a) < CaregiverKey(*b);
  });
  ContactPlan plan;
  bool any_opted_out = false;
  bool any_unrestricted = false;
  // Shape: one pass in priority order; each caregiver ends planned or skipped with a reason.
  for (const Caregiver* caregiver : ordered) {
    if (IsRestricted(caregiver->contact_restrictions)) {
      plan.skipped.push_back({caregiver->contact_id, kSkipContactRestricted});
      continue;
    }
    any_unrestricted = true;
    Reach reach = ReachOne(*caregiver, opt_outs, rules);
    any_opted_out = any_opted_out || (reach.blocked_by_opt_out && !reach.message);
    std::string_view reason;
    if (!reach.message) {
      reason = reach.blocked_by_opt_out ? kSkipOptedOut : kSkipNoUsableChannel;
    } else if (static_cast<int>(plan.messages.size()) >= rules.max_per_student) {
      reason = kSkipOverLimit;
    } else if (SameRecipientPlanned(plan, *reach.message)) {
      reason = kSkipSameRecipient;
    } else {
      plan.messages.push_back(std::move(*reach.message));
      continue;
    }
    plan.skipped.push_back({caregiver->contact_id, reason});
  }
  if (plan.messages.empty()) {
    plan.skip_reason = StudentSkipReason(!caregivers.empty(), any_opted_out, any_unrestricted);
  }
  return plan;
}

}  // namespace nudged
