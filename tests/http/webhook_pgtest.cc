// The webhook listener against a real PostgreSQL: status callbacks (repeats, out of order,
// calls, unknown rows, another SID, the race with the dispatcher), inbound keywords and HELP,
// an opt-out reaching the dispatcher's claim, bad requests, and a database outage.

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "calendar/test_configs.h"
#include "dispatch/outbox_store.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/webhook_run.h"

namespace nudged {
namespace {

using testing::D;
using testing::SendHttp;
using testing::TestDsn;
using testing::WebhookRun;
namespace http = boost::beast::http;

const Instant kFarFuture = Instant(D(2027, 6, 30));

// A fresh schema with `count` rows of `channel` in state sent, SID "SM<id>" ("CA<id>" for
// voice), attempt 1. Returns their ids.
std::vector<std::int64_t> SentRows(int count, Channel channel = Channel::kSms) {
  testing::ResetOutbox(D(2026, 11, 3));
  const std::vector<std::int64_t> ids = testing::InsertReadyRows(count, kFarFuture, channel);
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  tx.exec0(std::string("UPDATE nudged.outbox SET state = 'sent', attempts = 1, provider_sid = '") +
           (channel == Channel::kVoice ? "CA" : "SM") + "' || outbox_id");
  tx.commit();
  return ids;
}

std::string Query(const std::string& sql) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  const pqxx::result result = tx.exec(sql);
  if (result.empty() || result[0][0].is_null()) return "";
  return result[0][0].as<std::string>();
}

// The wave day's send burst starting: dispatcher "d1" registers and claims the due rows at `now`.
std::vector<ClaimedMessage> ClaimDue(OutboxStore& store, Instant now) {
  REQUIRE(store.Register(now, std::chrono::seconds(30), "test", 1).ok());
  std::vector<ClaimedMessage> claimed;
  REQUIRE(store.Claim(now, D(2026, 11, 3), 10, std::chrono::seconds(60), &claimed).ok());
  return claimed;
}

// A change of attempt 1 as the dispatcher writes it.
RowChange Change(std::int64_t outbox_id, OutboxState from, OutboxState to, std::string sid) {
  RowChange change;
  change.outbox_id = outbox_id;
  change.from = from;
  change.to = to;
  change.attempt = 1;
  change.sid = std::move(sid);
  change.detail = "test";
  return change;
}

std::string Target(std::int64_t outbox_id) {
  return "/twilio/status?outbox_id=" + std::to_string(outbox_id);
}

std::vector<FormField> Sms(std::int64_t outbox_id, const std::string& status,
                           const std::string& code = "") {
  std::vector<FormField> fields = {{"AccountSid", "AC00000000000000000000000000000000"},
                                   {"MessageSid", "SM" + std::to_string(outbox_id)},
                                   {"SmsSid", "SM" + std::to_string(outbox_id)},
                                   {"MessageStatus", status}};
  if (!code.empty()) fields.emplace_back("ErrorCode", code);
  return fields;
}

std::string Outcomes(std::int64_t outbox_id) {
  return Query(
      "SELECT string_agg(provider_status || ':' || outcome, ' ' ORDER BY callback_id) "
      "FROM nudged.status_callbacks WHERE outbox_id = " +
      std::to_string(outbox_id));
}

TEST_CASE("Status callbacks move a message forward only and repeats change nothing", "[webhooks]") {
  const auto ids = SentRows(2);
  WebhookRun run;
  SECTION("in order, then repeated and late") {
    for (const char* status : {"sent", "delivered", "delivered", "sent", "failed", "queued"}) {
      INFO(status);
      CHECK(run.Post(Target(ids[0]), Sms(ids[0], status)).status == 200);
    }
    CHECK(testing::RowState(ids[0]) == "delivered");
    CHECK(testing::AuditTrail(ids[0]) == "sent>delivered");
    CHECK(Outcomes(ids[0]) ==
          "sent:stale delivered:applied delivered:stale sent:stale "
          "failed:stale queued:stale");
    CHECK(Query("SELECT provider_sid || ' ' || detail FROM nudged.audit_events WHERE outbox_id = " +
                std::to_string(ids[0])) ==
          "SM" + std::to_string(ids[0]) + " status callback MessageStatus=delivered");
  }
  SECTION("undelivered keeps its error code and is final") {
    CHECK(run.Post(Target(ids[1]), Sms(ids[1], "undelivered", "30003")).status == 200);
    CHECK(run.Post(Target(ids[1]), Sms(ids[1], "delivered")).status == 200);
    CHECK(testing::RowState(ids[1]) == "undelivered");
    CHECK(Query("SELECT provider_code FROM nudged.outbox WHERE outbox_id = " +
                std::to_string(ids[1])) == "30003");
    CHECK(Query("SELECT provider_code FROM nudged.audit_events WHERE outbox_id = " +
                std::to_string(ids[1])) == "30003");
  }
  CHECK(testing::RowState(ids[0]) != "sending");
}

TEST_CASE("Call status callbacks map to outbox states", "[webhooks]") {
  struct Case {
    std::vector<std::string> statuses;
    std::string state;
  };
  const std::vector<Case> cases = {
      {{"initiated", "ringing", "in-progress", "completed"}, "delivered"},
      {{"initiated", "busy"}, "undelivered"},
      {{"ringing", "no-answer"}, "undelivered"},
      {{"queued", "canceled"}, "undelivered"},
      {{"failed"}, "failed"},
      {{"queued", "initiated", "ringing"}, "sent"},
      {{"completed", "ringing"}, "delivered"},
  };
  const auto ids = SentRows(static_cast<int>(cases.size()), Channel::kVoice);
  WebhookRun run;
  for (size_t i = 0; i < cases.size(); ++i) {
    for (const std::string& status : cases[i].statuses) {
      const std::vector<FormField> fields = {{"CallSid", "CA" + std::to_string(ids[i])},
                                             {"CallStatus", status},
                                             {"AnsweredBy", "human"}};
      CHECK(run.Post(Target(ids[i]), fields).status == 200);
    }
    INFO(cases[i].statuses.back());
    CHECK(testing::RowState(ids[i]) == cases[i].state);
  }
  CHECK(Query("SELECT detail FROM nudged.audit_events WHERE outbox_id = " +
              std::to_string(ids[0])) == "status callback CallStatus=completed AnsweredBy=human");
}

TEST_CASE("Callbacks for unknown rows or another SID are recorded, not applied", "[webhooks]") {
  const auto ids = SentRows(1);
  WebhookRun run;
  CHECK(run.Post(Target(999999), Sms(999999, "delivered")).status == 200);
  CHECK(Outcomes(999999) == "delivered:unknown_outbox");
  CHECK(run.Post("/twilio/status", Sms(5, "delivered")).status == 200);
  CHECK(Query("SELECT outcome FROM nudged.status_callbacks WHERE outbox_id IS NULL") ==
        "unknown_outbox");
  std::vector<FormField> other = Sms(ids[0], "failed");
  other[1].second = other[2].second = "SMsomeoneelse";
  CHECK(run.Post(Target(ids[0]), other).status == 200);
  CHECK(Outcomes(ids[0]) == "failed:sid_mismatch");
  CHECK(testing::RowState(ids[0]) == "sent");
}

// The dispatcher commits the SID only after the provider answered, so the provider's first
// callback can arrive while the row is still sending (or unknown after a timeout). It must wait,
// be applied once the dispatcher records the row as sent, and the dispatcher must never move
// the row back.
TEST_CASE("A callback that overtakes the dispatcher waits for the row to be sent", "[webhooks]") {
  testing::ResetOutbox(D(2026, 11, 3));
  const auto ids = testing::InsertReadyRows(2, kFarFuture);
  pqxx::connection connection{TestDsn()};
  OutboxStore store(connection, "d1");
  const Instant now = Instant(D(2026, 11, 3)) + std::chrono::hours(20);
  const std::vector<ClaimedMessage> claimed = ClaimDue(store, now);
  REQUIRE(claimed.size() == 2);
  // The second row's attempt became ambiguous: unknown, to be reconciled.
  int applied = 0;
  RowChange ambiguous = Change(ids[1], OutboxState::kSending, OutboxState::kUnknown, "");
  ambiguous.next_at = now;
  REQUIRE(store.Apply(now, {ambiguous}, &applied).ok());

  WebhookRun run;
  CHECK(run.Post(Target(ids[0]), Sms(ids[0], "sent")).status == 200);
  CHECK(run.Post(Target(ids[0]), Sms(ids[0], "delivered")).status == 200);
  CHECK(run.Post(Target(ids[1]), Sms(ids[1], "undelivered", "30005")).status == 200);
  CHECK(testing::RowState(ids[0]) == "sending");
  CHECK(testing::RowState(ids[1]) == "unknown");
  CHECK(Outcomes(ids[0]) == "sent:pending delivered:pending");

  // The dispatcher records the SIDs, as after the provider's answer and after reconciling.
  const RowChange sent =
      Change(ids[0], OutboxState::kSending, OutboxState::kSent, "SM" + std::to_string(ids[0]));
  REQUIRE(store.Apply(now, {sent}, &applied).ok());
  CHECK(applied == 1);
  std::vector<UnknownRow> unknown;
  REQUIRE(store.LeaseUnknown(now + std::chrono::seconds(1), 10, std::chrono::seconds(60), &unknown)
              .ok());
  REQUIRE(unknown.size() == 1);
  const RowChange reconciled =
      Change(ids[1], OutboxState::kUnknown, OutboxState::kSent, "SM" + std::to_string(ids[1]));
  REQUIRE(store.Apply(now, {reconciled}, &applied).ok());
  CHECK(applied == 1);

  // The sweep (every second) applies what waited.
  CHECK(testing::WaitUntil(
      [&] {
        return testing::RowState(ids[0]) == "delivered" &&
               testing::RowState(ids[1]) == "undelivered";
      },
      std::chrono::seconds(5)));
  CHECK(testing::AuditTrail(ids[0]) == "ready>sending sending>sent sent>delivered");
  CHECK(testing::AuditTrail(ids[1]) ==
        "ready>sending sending>unknown unknown>sent sent>undelivered");
  CHECK(Outcomes(ids[0]) == "sent:stale delivered:applied");

  // A dispatcher whose commit was in doubt applies its batch again: nothing goes back.
  REQUIRE(store.Apply(now, {sent}, &applied).ok());
  CHECK(applied == 0);
  CHECK(testing::RowState(ids[0]) == "delivered");
}

TEST_CASE("Inbound keywords opt out, opt in, help, and the rest is kept for staff", "[webhooks]") {
  testing::ResetOutbox(D(2026, 11, 3));
  WebhookRun run;
  struct Case {
    std::string body;
    std::string action;
  };
  const std::vector<Case> cases = {
      {"STOP", "opt_out"},
      {" stop ", "opt_out"},
      {"StopAll", "opt_out"},
      {"unsubscribe", "opt_out"},
      {" Cancel", "opt_out"},
      {"END ", "opt_out"},
      {"qUIT", "opt_out"},
      {"  Revoke  ", "opt_out"},
      {"optout", "opt_out"},
      {"start", "opt_in"},
      {" YES ", "opt_in"},
      {"Unstop", "opt_in"},
      {"help", "help"},
      {" INFO ", "help"},
      {"Who is this?", "for_staff"},
      {"stop texting me please", "for_staff"},
      {"", "for_staff"},
  };
  int n = 0;
  for (const Case& c : cases) {
    ++n;
    const std::string from = "+1508555" + std::to_string(1000 + n);
    INFO("body \"" << c.body << "\" from " << from);
    if (c.action == "opt_in") {  // opted out first, so there is something to revoke
      REQUIRE(run.Post("/twilio/inbound", {{"MessageSid", "SMpre" + std::to_string(n)},
                                           {"From", from},
                                           {"To", "+15085550199"},
                                           {"Body", "STOP"}})
                  .status == 200);
    }
    const auto result = run.Post("/twilio/inbound", {{"MessageSid", "SMin" + std::to_string(n)},
                                                     {"From", from},
                                                     {"To", "+15085550199"},
                                                     {"Body", c.body}});
    CHECK(result.status == 200);
    CHECK(result.content_type == "text/xml");
    CHECK(Query("SELECT action FROM nudged.inbound_messages WHERE message_sid = 'SMin" +
                std::to_string(n) + "'") == c.action);
    const std::string active = Query(
        "SELECT string_agg(channel, ',' ORDER BY channel) FROM nudged.opt_outs WHERE address = '" +
        from + "' AND revoked_at IS NULL");
    const std::string revoked = Query(
        "SELECT string_agg(channel, ',' ORDER BY channel) FROM nudged.opt_outs WHERE address = '" +
        from + "' AND revoked_at IS NOT NULL");
    if (c.action == "opt_out") {
      CHECK(active == "sms,voice");
      CHECK(Query("SELECT min(source) FROM nudged.opt_outs WHERE address = '" + from + "'") ==
            "inbound_stop");
    } else if (c.action == "opt_in") {
      CHECK(active.empty());
      CHECK(revoked == "sms,voice");
    } else {
      CHECK(active.empty());
      CHECK(revoked.empty());
    }
    if (c.action == "help") {
      CHECK(result.body ==
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Grand Bend &amp; Sons "
            "&lt;ISD&gt;: attendance messages from your school district. Questions? Call +1 "
            "555-0100. Reply STOP to opt out.</Message></Response>");
    } else {
      CHECK(result.body == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }
  }
}

TEST_CASE("Inbound: a repeated STOP or a provider retry changes nothing", "[webhooks]") {
  testing::ResetOutbox(D(2026, 11, 3));
  WebhookRun run;
  const std::vector<FormField> stop = {
      {"MessageSid", "SM1"}, {"From", "+15085551234"}, {"To", "+15085550199"}, {"Body", "Stop"}};
  CHECK(run.Post("/twilio/inbound", stop).status == 200);
  CHECK(run.Post("/twilio/inbound", stop).status == 200);  // the provider's retry
  CHECK(run.Post("/twilio/inbound",
                 {{"MessageSid", "SM2"}, {"From", "+15085551234"}, {"Body", "STOP"}})
            .status == 200);
  CHECK(Query("SELECT count(*) FROM nudged.inbound_messages") == "2");
  CHECK(Query("SELECT count(*) FROM nudged.opt_outs") == "2");
  // A staff opt-out is not the caregiver's to revoke by START.
  {
    pqxx::connection connection{TestDsn()};
    pqxx::work tx{connection};
    tx.exec0(
        "INSERT INTO nudged.opt_outs (address, channel, source) "
        "VALUES ('+15085559999', 'sms', 'staff')");
    tx.commit();
  }
  CHECK(run.Post("/twilio/inbound",
                 {{"MessageSid", "SM3"}, {"From", "+15085559999"}, {"Body", "START"}})
            .status == 200);
  CHECK(Query("SELECT count(*) FROM nudged.opt_outs WHERE address = '+15085559999' "
              "AND revoked_at IS NULL") == "1");
}

TEST_CASE("A number that replied STOP after planning is not sent to", "[webhooks]") {
  testing::ResetOutbox(D(2026, 11, 3));
  const auto ids = testing::InsertReadyRows(3, kFarFuture);
  const std::string stopped =
      Query("SELECT recipient FROM nudged.outbox WHERE outbox_id = " + std::to_string(ids[1]));
  {
    WebhookRun run;
    REQUIRE(run.Post("/twilio/inbound",
                     {{"MessageSid", "SMstop"}, {"From", stopped}, {"Body", " stop "}})
                .status == 200);
  }
  pqxx::connection connection{TestDsn()};
  OutboxStore store(connection, "d1");
  const Instant now = Instant(D(2026, 11, 3)) + std::chrono::hours(20);
  const std::vector<ClaimedMessage> claimed = ClaimDue(store, now);
  REQUIRE(claimed.size() == 2);
  CHECK(claimed[0].message.outbox_id == ids[0]);
  CHECK(claimed[1].message.outbox_id == ids[2]);
  CHECK(testing::RowState(ids[1]) == "failed");
  CHECK(testing::AuditTrail(ids[1]) == "ready>failed");
  CHECK(Query("SELECT detail FROM nudged.audit_events WHERE outbox_id = " +
              std::to_string(ids[1])) == "recipient opted out after planning");
}

TEST_CASE("Webhooks refuse bad requests", "[webhooks]") {
  const auto ids = SentRows(1);
  WebhookRun run;
  const std::string target = Target(ids[0]);
  SECTION("unsigned, or signed with another token: 403") {
    testing::HttpCall call;
    call.target = target;
    call.body = FormEncode(Sms(ids[0], "delivered"));
    CHECK(SendHttp(run.endpoint(), call).status == 403);
    CHECK(run.Post(target, Sms(ids[0], "delivered"), "another-token").status == 403);
    CHECK(run.Post("/twilio/inbound",
                   {{"MessageSid", "SM1"}, {"From", "+15085551234"}, {"Body", "STOP"}},
                   "another-token")
              .status == 403);
    CHECK(testing::RowState(ids[0]) == "sent");
    CHECK(Query("SELECT count(*) FROM nudged.opt_outs") == "0");
  }
  SECTION("content the callback cannot be read from: 400") {
    CHECK(run.Post(target, {{"MessageSid", "SM1"}, {"MessageStatus", "exploded"}}).status == 400);
    CHECK(run.Post(target, {{"MessageStatus", "delivered"}}).status == 400);
    CHECK(run.Post(target, {{"MessageSid", ""}, {"MessageStatus", "delivered"}}).status == 400);
    CHECK(run.Post(target, {{"CallSid", "CA1"}, {"CallStatus", "delivered"}}).status == 400);
    CHECK(run.Post("/twilio/status?outbox_id=abc", Sms(1, "delivered")).status == 400);
    CHECK(run.Post("/twilio/status?outbox_id=-3", Sms(1, "delivered")).status == 400);
    CHECK(run.Post("/twilio/inbound", {{"Body", "STOP"}}).status == 400);
    testing::HttpCall malformed;
    malformed.target = target;
    malformed.body = "MessageSid=SM1&MessageStatus=%zz";
    CHECK(SendHttp(run.endpoint(), malformed).status == 400);
    malformed.body = "Body=%FF%FE&From=%2B15085551234&MessageSid=SM1";
    malformed.target = "/twilio/inbound";
    CHECK(SendHttp(run.endpoint(), malformed).status == 400);
  }
  SECTION("wrong method, path, type, size: 405, 404, 415, 413") {
    CHECK(SendHttp(run.endpoint(), {http::verb::get, target, "", "", {}}).status == 405);
    CHECK(SendHttp(run.endpoint(), {http::verb::post, "/twilio/other", "", "", {}}).status == 404);
    CHECK(
        SendHttp(run.endpoint(), {http::verb::post, target, "application/json", "{}", {}}).status ==
        415);
    CHECK(SendHttp(run.endpoint(), {http::verb::post,
                                    target,
                                    "application/x-www-form-urlencoded",
                                    "Body=" + std::string(70000, 'x'),
                                    {}})
              .status == 413);
  }
  CHECK(testing::RowState(ids[0]) == "sent");
}

TEST_CASE("Webhooks refuse to start without a URL to check signatures against", "[webhooks]") {
  Config config = testing::WebhookConfig();
  config.http.public_url.clear();
  config.provider.status_callback_url.clear();
  boost::asio::io_context io;
  WebhookServer server(config, "token", testing::TestConnector(), io.get_executor());
  boost::asio::ip::tcp::endpoint bound;
  CHECK(server.Start(&bound).IsInvalidArgument());
}

// Counts the log lines containing `text` while it lives (it replaces the default logger).
class LogCapture {
 public:
  LogCapture()
      : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)),
        previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  int Count(const std::string& text) const {
    int count = 0;
    for (const std::string& line : sink_->last_formatted()) {
      if (line.find(text) != std::string::npos) ++count;
    }
    return count;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_CASE("While the database is unreachable webhooks answer 503", "[webhooks]") {
  SentRows(1);
  LogCapture log;
  std::atomic<bool> reachable{false};
  ConnectionFactory inner = testing::TestConnector();
  WebhookRun run(testing::WebhookConfig(), [&](std::unique_ptr<pqxx::connection>* connection) {
    if (!reachable) return Status::Unavailable("connection refused (test)");
    return inner(connection);
  });
  for (int i = 0; i < 3; ++i) {
    const auto refused = run.Post(Target(1), Sms(1, "delivered"));
    CHECK(refused.status == 503);
  }
  CHECK(Query("SELECT count(*) FROM nudged.status_callbacks") == "0");
  reachable = true;
  CHECK(testing::WaitUntil([&] { return run.Post(Target(1), Sms(1, "delivered")).status == 200; },
                           std::chrono::seconds(10)));
  CHECK(testing::RowState(1) == "delivered");
  // Logged once per change of state, not once per try.
  CHECK(log.Count("webhook database unavailable") == 1);
  CHECK(log.Count("webhook database available again") == 1);
}

}  // namespace
}  // namespace nudged
