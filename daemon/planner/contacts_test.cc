#include "planner/contacts.h"

#include <algorithm>

#include <catch2/catch.hpp>

namespace nudged {
namespace {

// Numbers as a SIS stores them, and their E.164 form.
constexpr const char* kMobileA = "(508) 555-0123";
constexpr const char* kMobileAE164 = "+15085550123";
constexpr const char* kHomeB = "508-555-0177";
constexpr const char* kHomeBE164 = "+15085550177";

ContactRules Rules() {
  return MakeContactRules(ContactsConfig{}, MessagesConfig{}, DistrictConfig{});
}

Caregiver Parent(std::string id, std::optional<int> priority = 1) {
  Caregiver c;
  c.contact_id = std::move(id);
  c.first_name = "Ana";
  c.last_surname = "Silva";
  c.priority = priority;
  return c;
}

Caregiver WithMobile(Caregiver c, const char* number = kMobileA) {
  c.phones.push_back({number, "Mobile", 1, std::nullopt, false});
  return c;
}

Caregiver WithHome(Caregiver c, const char* number = kHomeB) {
  c.phones.push_back({number, "Home", 2, std::nullopt, false});
  return c;
}

Caregiver WithEmail(Caregiver c, const char* address = "Ana.Silva@Example.org") {
  c.emails.push_back({address, "Home/Personal", true, false});
  return c;
}

// Returns "contact:channel:recipient:language" per message, or "skip:reason".
std::vector<std::string> Summary(const ContactPlan& plan) {
  std::vector<std::string> out;
  for (const PlannedContact& m : plan.messages) {
    out.push_back(m.contact_id + ":" + std::string(ChannelName(m.channel)) + ":" + m.recipient +
                  ":" + m.language);
  }
  if (out.empty()) out.push_back("skip:" + std::string(plan.skip_reason));
  return out;
}

TEST_CASE("PlanContacts picks contacts and one channel each") {
  Caregiver restricted = WithMobile(Parent("P1"));
  restricted.contact_restrictions = "No Contact";
  Caregiver fax_only = Parent("P1");
  fax_only.phones.push_back({kHomeB, "Fax", 1, true, false});
  Caregiver do_not_call = WithMobile(Parent("P1"));
  do_not_call.phones[0].do_not_contact = true;
  Caregiver invalid = Parent("P1");
  invalid.phones.push_back({"(950) 342 7522", "Mobile", 1, true, false});
  Caregiver not_capable = WithMobile(Parent("P1"));
  not_capable.phones[0].sms_capable = false;
  Caregiver letter_only = Parent("P1");
  letter_only.has_mailing_address = true;
  Caregiver bad_email = WithEmail(Parent("P1"), "ana at example dot org");
  Caregiver second_number_first = WithMobile(WithMobile(Parent("P1")), kHomeB);
  second_number_first.phones[1].order_of_priority = std::nullopt;
  second_number_first.phones[0].order_of_priority = 3;
  // Both mobiles of priority 1, the larger E.164 listed first: the smaller one goes first.
  const Caregiver same_priority = WithMobile(WithMobile(Parent("P1"), kHomeB));
  Caregiver landline_first = WithHome(Parent("P1"));
  landline_first.phones[0].order_of_priority = 1;
  landline_first.phones[0].sms_capable = false;
  landline_first = WithMobile(landline_first);
  landline_first.phones[1].order_of_priority = 2;
  const std::string mobile = std::string("P1:sms:") + kMobileAE164 + ":en";
  struct Case {
    const char* name;
    std::vector<Caregiver> caregivers;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"mobile gets sms", {WithMobile(Parent("P1"))}, {mobile}},
      {"home number gets a call", {WithHome(Parent("P1"))}, {"P1:voice:+15085550177:en"}},
      {"sms_capable false: call", {not_capable}, {"P1:voice:+15085550123:en"}},
      {"email lowercased", {WithEmail(Parent("P1"))}, {"P1:email:ana.silva@example.org:en"}},
      {"letter", {letter_only}, {"P1:letter:address:en"}},
      {"order_of_priority, NULL last", {second_number_first}, {"P1:sms:+15085550123:en"}},
      {"same priority: E.164 order", {same_priority}, {mobile}},
      {"a landline first: sms to the next number", {landline_first}, {mobile}},
      {"no caregivers", {}, {"skip:no contact"}},
      {"restricted", {restricted}, {"skip:contact restricted"}},
      {"restricted one, next one reached",
       {restricted, WithHome(Parent("P2", 2))},
       {"P2:voice:+15085550177:en"}},
      {"fax is never called", {fax_only}, {"skip:no usable channel"}},
      {"do_not_contact number", {do_not_call}, {"skip:no usable channel"}},
      {"invalid number", {invalid}, {"skip:no usable channel"}},
      {"implausible email", {bad_email}, {"skip:no usable channel"}},
      {"restricted and unreachable", {restricted, Parent("P2", 2)}, {"skip:no usable channel"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Summary(PlanContacts(c.caregivers, {}, Rules())) == c.expected);
  }
}

TEST_CASE("Contact restrictions: any text but 'none' forbids the contact") {
  struct Case {
    const char* text;
    bool restricted;
  };
  const Case cases[] = {
      {"", false},
      {"   ", false},
      {"None", false},
      {"N/A", false},
      {"no restrictions", false},
      {"No Contact", true},
      {"DO NOT CONTACT", true},
      {"do not contact", true},
      {"Court order: no contact", true},
      {"Mail only", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(IsRestricted(c.text) == c.restricted);
    Caregiver caregiver = WithMobile(Parent("P1"));
    caregiver.contact_restrictions = c.text;
    const ContactPlan plan = PlanContacts({caregiver}, {}, Rules());
    CHECK(plan.messages.empty() == c.restricted);
  }
}

TEST_CASE("Opt-outs move a contact to the next channel") {
  const Caregiver caregiver = WithEmail(WithHome(WithMobile(Parent("P1"))));
  struct Case {
    const char* name;
    OptOuts opt_outs;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"none", {}, {"P1:sms:+15085550123:en"}},
      {"sms number opted out: voice to the same number",
       {{Channel::kSms, kMobileAE164}},
       {"P1:voice:+15085550123:en"}},
      {"both numbers opted out of voice too",
       {{Channel::kSms, kMobileAE164},
        {Channel::kVoice, kMobileAE164},
        {Channel::kVoice, kHomeBE164}},
       {"P1:email:ana.silva@example.org:en"}},
      {"everything opted out",
       {{Channel::kSms, kMobileAE164},
        {Channel::kVoice, kMobileAE164},
        {Channel::kVoice, kHomeBE164},
        {Channel::kEmail, "ana.silva@example.org"}},
       {"skip:opted out"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Summary(PlanContacts({caregiver}, c.opt_outs, Rules())) == c.expected);
  }
}

TEST_CASE("A caregiver of two students gets one message per student") {
  Caregiver shared = WithMobile(Parent("P-shared"));
  Caregiver for_first = shared;
  Caregiver for_second = shared;
  for_second.priority = 2;  // the link flags belong to each student's association
  const std::vector<Caregiver> first = {for_first, WithHome(Parent("P-other", 2))};
  const std::vector<Caregiver> second = {for_second};
  const ContactRules rules = Rules();
  CHECK(Summary(PlanContacts(first, {}, rules)) ==
        std::vector<std::string>{"P-shared:sms:+15085550123:en", "P-other:voice:+15085550177:en"});
  CHECK(Summary(PlanContacts(second, {}, rules)) ==
        std::vector<std::string>{"P-shared:sms:+15085550123:en"});
  // Restricted for one child only (e.g. a court order about that child).
  for_second.contact_restrictions = "No Contact";
  CHECK(Summary(PlanContacts({for_second}, {}, rules)) ==
        std::vector<std::string>{"skip:contact restricted"});
  CHECK(Summary(PlanContacts({for_first}, {}, rules)).size() == 1);
}

TEST_CASE("Languages: preferred when a template exists, else the district default") {
  struct Case {
    const char* preferred;
    const char* language;
  };
  const Case cases[] = {{"es", "es"}, {"es-MX", "es"}, {"Spanish", "es"}, {"spa", "es"},
                        {"vi", "en"}, {"", "en"},      {"en-US", "en"}};
  for (const Case& c : cases) {
    CAPTURE(c.preferred);
    Caregiver caregiver = WithMobile(Parent("P1"));
    caregiver.preferred_language = c.preferred;
    CHECK(PlanContacts({caregiver}, {}, Rules()).messages.at(0).language == c.language);
  }
}

TEST_CASE("Non-ASCII names pass through intact") {
  Caregiver caregiver = WithMobile(Parent("P1"));
  caregiver.first_name = "Zoë-Ngọc";
  caregiver.last_surname = "O'Brien Núñez";
  const ContactPlan plan = PlanContacts({caregiver}, {}, Rules());
  REQUIRE(plan.messages.size() == 1);
  CHECK(plan.messages[0].first_name == "Zoë-Ngọc");
  CHECK(plan.messages[0].last_surname == "O'Brien Núñez");
}

TEST_CASE("Ordering: priority, primary, lives with, guardian, id, same in any input order") {
  Caregiver no_priority = WithMobile(Parent("A-null", std::nullopt), "508-555-0101");
  Caregiver plain = WithMobile(Parent("B-plain", 1), "508-555-0102");
  Caregiver guardian = WithMobile(Parent("C-guardian", 1), "508-555-0103");
  guardian.legal_guardian = true;
  Caregiver lives_with = WithMobile(Parent("D-lives", 1), "508-555-0104");
  lives_with.lives_with = true;
  Caregiver primary = WithMobile(Parent("E-primary", 1), "508-555-0105");
  primary.primary_contact = true;
  Caregiver tie = WithMobile(Parent("A-tie", 1), "508-555-0106");
  std::vector<Caregiver> caregivers = {no_priority, plain, guardian, lives_with, primary, tie};
  ContactRules rules = Rules();
  rules.max_per_student = 10;
  const std::vector<std::string> expected = {"E-primary", "D-lives", "C-guardian",
                                             "A-tie",     "B-plain", "A-null"};
  std::sort(caregivers.begin(), caregivers.end(),
            [](const Caregiver& a, const Caregiver& b) { return a.contact_id < b.contact_id; });
  do {
    std::vector<std::string> ids;
    for (const PlannedContact& m : PlanContacts(caregivers, {}, rules).messages) {
      ids.push_back(m.contact_id);
    }
    REQUIRE(ids == expected);
  } while (std::next_permutation(
      caregivers.begin(), caregivers.end(),
      [](const Caregiver& a, const Caregiver& b) { return a.contact_id < b.contact_id; }));
}

TEST_CASE("max_per_student counts reachable contacts, a shared number gets one message") {
  Caregiver first = WithHome(Parent("P1", 1));
  Caregiver same_home = WithHome(Parent("P2", 2));
  Caregiver unreachable = Parent("P3", 3);
  Caregiver fourth = WithMobile(Parent("P4", 4));
  Caregiver fifth = WithMobile(Parent("P5", 5), "508-555-0199");
  const ContactPlan plan =
      PlanContacts({fifth, fourth, unreachable, same_home, first}, {}, Rules());
  CHECK(Summary(plan) ==
        std::vector<std::string>{"P1:voice:+15085550177:en", "P4:sms:+15085550123:en"});
  std::vector<std::string> skipped;
  for (const SkippedContact& s : plan.skipped)
    skipped.push_back(s.contact_id + ":" + std::string(s.reason));
  CHECK(skipped == std::vector<std::string>{"P2:same recipient as another contact",
                                            "P3:no usable channel", "P5:over max_per_student"});
}

TEST_CASE("channel_order decides between channels a contact can receive") {
  const Caregiver caregiver = [] {
    Caregiver c = WithEmail(WithMobile(Parent("P1")));
    c.has_mailing_address = true;
    return c;
  }();
  struct Case {
    std::vector<std::string> order;
    const char* channel;
  };
  const Case cases[] = {{{"sms", "voice", "email", "letter"}, "sms"},
                        {{"email", "sms"}, "email"},
                        {{"letter", "sms"}, "letter"},
                        {{"voice"}, "voice"}};
  for (const Case& c : cases) {
    ContactsConfig config;
    config.channel_order = c.order;
    const ContactRules rules = MakeContactRules(config, MessagesConfig{}, DistrictConfig{});
    CHECK(ChannelName(PlanContacts({caregiver}, {}, rules).messages.at(0).channel) == c.channel);
  }
}

TEST_CASE("NormalizeEmail accepts plausible addresses only") {
  struct Case {
    const char* in;
    std::optional<std::string> out;
  };
  const Case cases[] = {
      {" Ana.Silva@Example.ORG ", "ana.silva@example.org"},
      {"a+tag@sub.example.co", "a+tag@sub.example.co"},
      {"ana@example", std::nullopt},
      {"@example.org", std::nullopt},
      {"ana@@example.org", std::nullopt},
      {"ana silva@example.org", std::nullopt},
      {"ana@example..org", std::nullopt},
      {"ana@.example.org", std::nullopt},
      {"ana@example.org.", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(NormalizeEmail(c.in) == c.out);
  }
}

}  // namespace
}  // namespace nudged
