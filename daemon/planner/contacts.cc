// Implementation details: PlanContacts sorts the caregivers once, then walks them in order.
// For each unrestricted caregiver, ReachOne tries the channels of channel_order and remembers
// whether a candidate was turned away only by an opt-out, which is what tells the "opted out"
// skip from "no usable channel". Phone numbers are normalised at most once per caregiver, and
// only as far as the channel walk needs them (LazyPhones), because libphonenumber parsing is the
// costliest step here; invalid numbers never reach a channel.

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

// A caregiver's numbers in the order they are tried (order_of_priority, NULL last, then E.164),
// validated as the walk reaches them: libphonenumber is the costliest step of planning, and most
// caregivers are reached at their first number. A priority group is validated whole, because
// its numbers are ordered by their E.164 form.
class LazyPhones {
 public:
  LazyPhones(const Caregiver& caregiver, const ContactRules& rules) : rules_(rules) {
    for (const CaregiverPhone& row : caregiver.phones) {
      if (!row.do_not_contact && !IsFaxType(row.type)) rows_.push_back(&row);
    }
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const CaregiverPhone* a, const CaregiverPhone* b) {
                       return a->order_of_priority.value_or(kNullLast) <
                              b->order_of_priority.value_or(kNullLast);
                     });
  }

  // Returns the i-th usable number, or nullptr past the last.
  const UsablePhone* At(size_t i) {
    while (i >= usable_.size() && next_row_ < rows_.size()) ValidateNextGroup();
    return i < usable_.size() ? &usable_[i] : nullptr;
  }

 private:
  void ValidateNextGroup() {
    const int priority = rows_[next_row_]->order_of_priority.value_or(kNullLast);
    const size_t group_start = usable_.size();
    for (; next_row_ < rows_.size() &&
           rows_[next_row_]->order_of_priority.value_or(kNullLast) == priority;
         ++next_row_) {
      UsablePhone usable{{}, rows_[next_row_]};
      if (NormalizePhone(usable.row->number, rules_.default_region, &usable.phone).ok()) {
        usable_.push_back(std::move(usable));
      }
    }
    std::sort(
        usable_.begin() + static_cast<std::ptrdiff_t>(group_start), usable_.end(),
        [](const UsablePhone& a, const UsablePhone& b) { return a.phone.e164 < b.phone.e164; });
  }

  const ContactRules& rules_;
  std::vector<const CaregiverPhone*> rows_;  // callable rows, by priority
  size_t next_row_ = 0;                      // the first row not validated yet
  std::vector<UsablePhone> usable_;          // the validated groups, in order
};

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

// Returns whether `number` may be used for `channel` (sms or voice).
bool PhoneFits(Channel channel, const UsablePhone& number, const ContactRules& rules) {
  return channel == Channel::kVoice ||
         CanTakeSms(number.phone, number.row->type, number.row->sms_capable, rules.sms_phone_types);
}

// The candidate recipients of email or letter for a caregiver, best first, opt-outs not yet
// applied.
std::vector<std::string> OtherCandidates(Channel channel, const Caregiver& caregiver) {
  if (channel == Channel::kEmail) return UsableEmails(caregiver);
  if (caregiver.has_mailing_address) return {caregiver.contact_id};
  return {};
}

Reach ReachOne(const Caregiver& caregiver, const OptOuts& opt_outs, const ContactRules& rules) {
  Reach reach;
  LazyPhones phones(caregiver, rules);
  // Returns whether `address` is opted out of `channel`, noting it in `reach`.
  const auto opted_out = [&](Channel channel, const std::string& address) {
    const bool out = opt_outs.count(OptOut{channel, address}) > 0;
    reach.blocked_by_opt_out = reach.blocked_by_opt_out || out;
    return out;
  };
  const auto plan = [&](Channel channel, std::string recipient) {
    reach.message =
        PlannedContact{caregiver.contact_id,
                       caregiver.first_name,
                       caregiver.last_surname,
                       channel,
                       std::move(recipient),
                       ChooseLanguage(caregiver.preferred_language, rules.template_languages,
                                      rules.default_language)};
  };
  for (Channel channel : rules.channel_order) {
    if (channel == Channel::kSms || channel == Channel::kVoice) {
      for (size_t i = 0; const UsablePhone* number = phones.At(i); ++i) {
        if (!PhoneFits(channel, *number, rules) || opted_out(channel, number->phone.e164)) continue;
        plan(channel, number->phone.e164);
        return reach;
      }
      continue;
    }
    for (std::string& address : OtherCandidates(channel, caregiver)) {
      if (opted_out(channel, address)) continue;
      plan(channel,
           channel == Channel::kLetter ? std::string(kLetterRecipient) : std::move(address));
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
