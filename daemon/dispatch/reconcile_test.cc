// Table tests of reconciliation: matching a listed message or call to an ambiguous attempt,
// and what the row becomes when found, not found yet, or not found after the grace period.

#include "dispatch/reconcile.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace nudged {
namespace {

using std::chrono::seconds;

const auto kStart = std::chrono::sys_seconds(seconds(1'800'000'000));

SentRecord Record(std::string sid, std::string to, std::string body, int offset_s) {
  return SentRecord{std::move(sid), std::move(to), std::move(body), kStart + seconds(offset_s)};
}

UnknownRow Row(Channel channel) {
  UnknownRow row;
  row.outbox_id = 7;
  row.channel = channel;
  row.to = "+15085550101";
  row.body = channel == Channel::kSms ? "Hello" : "Hello, read aloud";
  row.attempt = 2;
  row.attempt_started = kStart + std::chrono::milliseconds(400);
  return row;
}

TEST_CASE("reconciliation finds the ambiguous attempt among the listed ones",
          "[dispatch][reconcile]") {
  const struct {
    const char* name;
    Channel channel;
    std::vector<SentRecord> records;
    const char* sid;  // "" when nothing matches
  } cases[] = {
      {"sms: same body", Channel::kSms, {Record("SM1", "+15085550101", "Hello", 1)}, "SM1"},
      {"sms: another body is another message", Channel::kSms,
       {Record("SM1", "+15085550101", "Other", 1)}, ""},
      {"sms: another number", Channel::kSms, {Record("SM1", "+15085550199", "Hello", 1)}, ""},
      {"sms: long before the attempt", Channel::kSms,
       {Record("SM1", "+15085550101", "Hello", -600)}, ""},
      {"sms: within the clock skew before", Channel::kSms,
       {Record("SM1", "+15085550101", "Hello", -30)}, "SM1"},
      {"sms: the earliest of two", Channel::kSms,
       {Record("SM2", "+15085550101", "Hello", 5), Record("SM1", "+15085550101", "Hello", 2)},
       "SM1"},
      {"voice: number and time, no body", Channel::kVoice,
       {Record("CA1", "+15085550101", "", 2)}, "CA1"},
      {"voice: the closest in time", Channel::kVoice,
       {Record("CA1", "+15085550101", "", 40), Record("CA2", "+15085550101", "", -3)}, "CA2"},
      {"voice: too late to be this attempt", Channel::kVoice,
       {Record("CA1", "+15085550101", "", 600)}, ""},
      {"nothing listed", Channel::kSms, {}, ""},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const SentRecord* match = FindAttempt(Row(c.channel), c.records);
      CHECK((match == nullptr ? std::string() : match->sid) == std::string(c.sid));
    }
  }
}

TEST_CASE("reconciliation decides the row's next state", "[dispatch][reconcile]") {
  const ReconcilePolicy policy{seconds(60), seconds(5), 3};
  const UnknownRow row = Row(Channel::kSms);
  const SentRecord found = Record("SM9", row.to, row.body, 1);
  const Instant early = row.attempt_started + seconds(10);
  const Instant late = row.attempt_started + seconds(60);

  RowChange change = ReconcileChange(row, &found, early, policy);
  CHECK(change.to == OutboxState::kSent);
  CHECK(change.sid == "SM9");

  change = ReconcileChange(row, nullptr, early, policy);
  CHECK(change.to == OutboxState::kUnknown);
  CHECK(change.next_at == early + seconds(5));

  change = ReconcileChange(row, nullptr, late, policy);
  CHECK(change.to == OutboxState::kReady);
  CHECK(!change.next_at);

  UnknownRow last = row;
  last.attempt = 3;
  CHECK(ReconcileChange(last, nullptr, late, policy).to == OutboxState::kFailed);
  CHECK(change.from == OutboxState::kUnknown);
  CHECK(change.attempt == 2);
}

}  // namespace
}  // namespace nudged
