// End-to-end tests of delivery (issue 4, "Acceptance"): the real `nudged dispatch` process
// against a real PostgreSQL ($NUDGED_TEST_DSN) and the project's fake provider. Where
// tests/dispatch/ drives the Dispatcher with an in-process Provider double and a simulated
// clock, these go through everything production uses: the configuration file, the database
// clock, TwilioClient's connections and its classification of real HTTP answers, timeouts
// and dropped connections. They prove, per fault kind, the final outbox state, the audit
// trail and what the fake received; that Retry-After is honored to within 10%; and that
// permanent errors are never retried.
//
// The fake runs without Prism: the faults must reach the client as the fake makes them, not
// as a proxy answers for them (Prism's checks of every request are in tests/provider/). The
// configuration puts the district in an Etc/GMT zone where it is early afternoon now, so the
// send window is open, as scripts/lib/delivery.sh does.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <algorithm>
#include <boost/asio.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "dispatch/outbox_store.h"
#include "nudged/date.h"
#include "tests/support/dispatch_fixture.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/provider_harness.h"
#include "tests/support/subprocess.h"
#include "tests/support/webhook_run.h"

namespace nudged {
namespace {

using namespace testing;
using std::chrono::milliseconds;

// No Prism (see above); started once per test process.
ProviderHarness& Fake() {
  static ProviderHarness harness([] {
    ProviderHarnessOptions options;
    options.with_prism = false;
    return options;
  }());
  return harness;
}

// The district's zone: one where it is early afternoon now, and its date today.
struct AfternoonZone {
  std::string name;
  Date today;
};

AfternoonZone ZoneWhereItIsAfternoon() {
  const auto now = std::chrono::system_clock::now();
  const auto utc_hour =
      std::chrono::floor<std::chrono::hours>(now - std::chrono::floor<std::chrono::days>(now));
  const int offset = (13 - static_cast<int>(utc_hour.count()) + 36) % 24 - 12;
  // POSIX signs: Etc/GMT-3 is three hours ahead of UTC.
  AfternoonZone zone;
  zone.name =
      offset >= 0 ? "Etc/GMT-" + std::to_string(offset) : "Etc/GMT+" + std::to_string(-offset);
  zone.today = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(offset));
  return zone;
}

// Timeouts short enough for tests; a reconcile grace just above the request timeout, so a
// lost ambiguous send is resent within seconds; attempts enough that retries never run out.
constexpr int kRequestTimeoutMs = 1000;
constexpr int kReconcileGraceS = 2;

// Writes a configuration for the test database, every day a send day, the provider at
// `base_url` with `rate` messages per second, and returns its path.
std::string WriteConfig(const AfternoonZone& zone, const std::string& base_url, int rate = 100) {
  const std::string first_day = FormatIsoDate(zone.today - std::chrono::days(40));
  const std::string last_day = FormatIsoDate(zone.today + std::chrono::days(80));
  const std::string path = NewScratchDirectory("dispatch-e2e") + "/nudged.toml";
  std::ofstream out(path);
  out << "[district]\nname = \"Delivery Test District\"\ntimezone = \"" << zone.name
      << "\"\nphone = \"+15085550100\"\n\n"
      << "[database]\nurl = \"" << TestDsn() << "\"\n\n"
      << "[calendar]\nfirst_day = " << first_day << "\nlast_day = " << last_day
      << "\ninstructional_weekdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", "
         "\"Sun\"]\n[[calendar.marking_periods]]\nname = \"All year\"\nfrom = "
      << first_day << "\nto = " << last_day << "\n\n"
      << "[cadence]\nsend_weekdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", "
         "\"Sun\"]\nsend_window = { start = \"08:00\", end = \"21:00\" }\n\n"
      << "[provider]\nbase_url = \"" << base_url << "\"\naccount_sid = \""
      << ProviderHarness::kAccountSid << "\"\nauth_token_env = \""
      << ProviderHarness::kTokenVariable << "\"\nfrom_number = \"" << ProviderHarness::kFromNumber
      << "\"\nrate_per_second = " << rate << "\nconcurrency = 8\nconnect_timeout_ms = 1000\n"
      << "request_timeout_ms = " << kRequestTimeoutMs << "\nmax_attempts = 20\n"
      << "backoff_initial_ms = 200\nbackoff_max_ms = 1000\nreconcile_grace_s = " << kReconcileGraceS
      << "\n";
  REQUIRE(out.good());
  return path;
}

// Runs `nudged dispatch` as instance `instance`, stopped with SIGTERM after `limit_s` seconds
// at the latest; with `until_idle` it should stop by itself long before.
ProcessResult Dispatch(const std::string& config, const std::string& instance, bool until_idle,
                       int limit_s) {
  std::vector<std::string> argv{"/usr/bin/timeout",
                                "-s",
                                "TERM",
                                std::to_string(limit_s),
                                NudgedBinary(),
                                "--config",
                                config,
                                "--log-level",
                                "debug",
                                "dispatch",
                                "--instance",
                                instance};
  if (until_idle) argv.push_back("--until-idle");
  return RunProcess(argv);
}

// A port on 127.0.0.1 nothing listens on: bound, read, released.
int ClosedPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// Inserts a row of the wave to `to` on `channel`, relevant until now() + `relevant_for` (a
// PostgreSQL interval), and returns its id.
std::int64_t InsertRow(const std::string& to, Channel channel, const std::string& relevant_for) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  const std::int64_t id =
      tx.exec_params1(
            "INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, "
            "language, kind, recipient, body, state, relevant_until) "
            "VALUES ('2026-2027', 1, 's' || $1, 'c' || $1, $2, 'en', 'initial', $1, "
            "'Your student missed school today (' || right($1, 4) || ').', 'ready', "
            "now() + $3::interval) RETURNING outbox_id",
            to, std::string(ChannelName(channel)), relevant_for)[0]
          .as<std::int64_t>();
  tx.commit();
  return id;
}

// The row's audit trail as "old>new" pairs, with ":code" where the provider gave one.
std::string CodedTrail(std::int64_t outbox_id) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx
      .exec_params1(
          "SELECT coalesce(string_agg(coalesce(old_state, '') || '>' || new_state || "
          "coalesce(':' || provider_code, ''), ' ' ORDER BY audit_id), '') "
          "FROM nudged.audit_events WHERE outbox_id = $1",
          outbox_id)[0]
      .as<std::string>();
}

struct RowNow {
  std::string state;
  std::string sid;   // empty when none
  std::string code;  // empty when none
};

RowNow ReadRow(std::int64_t outbox_id) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  const pqxx::row row = tx.exec_params1(
      "SELECT state, coalesce(provider_sid, ''), coalesce(provider_code, '') "
      "FROM nudged.outbox WHERE outbox_id = $1",
      outbox_id);
  return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()};
}

std::vector<FakeRequest> RequestsTo(const std::vector<FakeRequest>& all, const std::string& to) {
  std::vector<FakeRequest> mine;
  for (const FakeRequest& request : all) {
    if (request.to == to) mine.push_back(request);
  }
  return mine;
}

std::vector<FakeMessage> MessagesTo(const std::vector<FakeMessage>& all, const std::string& to) {
  std::vector<FakeMessage> mine;
  for (const FakeMessage& message : all) {
    if (message.to == to) mine.push_back(message);
  }
  return mine;
}

// One fault kind, one row: what the fake is told to do with the row's number, and what must
// follow.
struct FaultCase {
  std::string name;
  Channel channel;
  std::string to;
  nlohmann::json faults;  // queued for this number only
  int reject_code = 0;    // the fake always rejects the number with this code
  std::string relevant_for = "1 day";
  std::string trail;        // regular expression over CodedTrail
  std::string final_state;  // in nudged.outbox
  std::string final_code;   // the outbox's provider_code when failed
  int requests = 1;         // create requests the fake got for the number
  bool received = true;     // the fake holds the message once, under the outbox's SID
};

std::vector<FaultCase> FaultTable() {
  const nlohmann::json none = nlohmann::json::array();
  auto fault = [](nlohmann::json item, const std::string& to) {
    item["to"] = to;
    return nlohmann::json::array({item});
  };
  std::vector<FaultCase> cases;
  auto add = [&](FaultCase c) { cases.push_back(std::move(c)); };
  const std::string retried =
      "ready>sending sending>ready:(20429|20500) ready>sending sending>sent";
  const std::string found500 = "ready>sending sending>unknown:20500 unknown>sent";
  const std::string found = "ready>sending sending>unknown unknown>sent";
  const std::string resent500 =
      "ready>sending sending>unknown:20500 unknown>ready ready>sending sending>sent";
  const std::string resent =
      "ready>sending sending>unknown unknown>ready ready>sending sending>sent";
  add({"accepted SMS", Channel::kSms, "+12025550101", none, 0, "1 day",
       "ready>sending sending>sent", "sent", "", 1, true});
  add({"accepted call", Channel::kVoice, "+12025550102", none, 0, "1 day",
       "ready>sending sending>sent", "sent", "", 1, true});
  add({"429 with Retry-After", Channel::kSms, "+12025550103",
       fault({{"kind", "429"}, {"retry_after_s", 1}}, "+12025550103"), 0, "1 day", retried, "sent",
       "", 2, true});
  add({"500 after the fake recorded it", Channel::kSms, "+12025550104",
       fault({{"kind", "500"}, {"record", true}}, "+12025550104"), 0, "1 day", found500, "sent", "",
       1, true});
  add({"500 after the fake recorded a call", Channel::kVoice, "+12025550105",
       fault({{"kind", "500"}, {"record", true}}, "+12025550105"), 0, "1 day", found500, "sent", "",
       1, true});
  add({"500 not recorded", Channel::kSms, "+12025550106",
       fault({{"kind", "500"}, {"record", false}}, "+12025550106"), 0, "1 day", resent500, "sent",
       "", 2, true});
  add({"503", Channel::kSms, "+12025550107", fault({{"kind", "503"}}, "+12025550107"), 0, "1 day",
       retried, "sent", "", 2, true});
  add({"answer slower than the request deadline", Channel::kSms, "+12025550108",
       fault({{"kind", "slow"}, {"delay_ms", 3 * kRequestTimeoutMs}}, "+12025550108"), 0, "1 day",
       found, "sent", "", 1, true});
  add({"call answered slower than the request deadline", Channel::kVoice, "+12025550109",
       fault({{"kind", "slow"}, {"delay_ms", 3 * kRequestTimeoutMs}}, "+12025550109"), 0, "1 day",
       found, "sent", "", 1, true});
  add({"connection dropped after the fake recorded it", Channel::kSms, "+12025550110",
       fault({{"kind", "drop_after_read"}, {"record", true}}, "+12025550110"), 0, "1 day", found,
       "sent", "", 1, true});
  add({"connection dropped, not recorded", Channel::kSms, "+12025550111",
       fault({{"kind", "drop_after_read"}, {"record", false}}, "+12025550111"), 0, "1 day", resent,
       "sent", "", 2, true});
  add({"invalid number 21211", Channel::kSms, "+12025550112", none, 21211, "1 day",
       "ready>sending sending>failed:21211", "failed", "21211", 1, false});
  add({"invalid number 21211 for a call", Channel::kVoice, "+12025550113", none, 21211, "1 day",
       "ready>sending sending>failed:21211", "failed", "21211", 1, false});
  add({"not a mobile number 21614", Channel::kSms, "+12025550114", none, 21614, "1 day",
       "ready>sending sending>failed:21614", "failed", "21614", 1, false});
  add({"unsubscribed 21610", Channel::kSms, "+12025550115", none, 21610, "1 day",
       "ready>sending sending>failed:21610", "failed", "21610", 1, false});
  add({"past its relevance deadline", Channel::kSms, "+12025550116", none, 0, "-1 minute",
       "ready>expired", "expired", "", 0, false});
  return cases;
}

TEST_CASE("dispatch ends each provider fault in its state with its audit trail, end to end",
          "[delivery][postgres]") {
  ProviderHarness& fake = Fake();
  fake.Reset();
  const AfternoonZone zone = ZoneWhereItIsAfternoon();
  ResetOutbox(zone.today);

  // Provider down: the first dispatcher finds nothing listening and retries until stopped;
  // the second, pointed at the fake, sends the row once.
  const std::string refused_to = "+12025550100";
  const std::int64_t refused = InsertRow(refused_to, Channel::kSms, "1 day");
  const ProcessResult down = Dispatch(
      WriteConfig(zone, "http://127.0.0.1:" + std::to_string(ClosedPort())), "e2e-down", false, 2);
  INFO("dispatcher pointed at a closed port:\n" << down.err);
  REQUIRE(down.exit_code == 124);  // still running when stopped: it did not give up or crash
  REQUIRE_THAT(CodedTrail(refused), Catch::StartsWith("ready>sending sending>ready"));

  std::vector<FaultCase> cases = FaultTable();
  std::vector<std::int64_t> ids;
  for (const FaultCase& c : cases) {
    ids.push_back(InsertRow(c.to, c.channel, c.relevant_for));
    if (!c.faults.empty()) fake.SetFaults(c.faults);
    if (c.reject_code != 0) fake.RejectNumber(c.to, c.reject_code);
  }
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult run = Dispatch(WriteConfig(zone, fake.fake_url()), "e2e-faults", true, 60);
  INFO("dispatcher output:\n" << run.err << run.out);
  REQUIRE(run.exit_code == 0);
  INFO("the run took " << std::chrono::duration_cast<milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count()
                       << " ms");

  const std::vector<FakeRequest> requests = fake.Requests();
  const std::vector<FakeMessage> messages = fake.Messages();
  cases.push_back({"connection refused, then the provider is back", Channel::kSms, refused_to,
                   nlohmann::json::array(), 0, "1 day",
                   "(ready>sending sending>ready )+ready>sending sending>sent", "sent", "", 1,
                   true});
  ids.push_back(refused);
  for (size_t i = 0; i < cases.size(); ++i) {
    const FaultCase& c = cases[i];
    INFO("case: " << c.name);
    CHECK_THAT(CodedTrail(ids[i]), Catch::Matches(c.trail));
    const RowNow row = ReadRow(ids[i]);
    CHECK(row.state == c.final_state);
    if (c.final_state == "failed") CHECK(row.code == c.final_code);
    if (c.final_state == "sent") CHECK(row.code.empty());  // earlier errors stay in the audit
    const std::vector<FakeRequest> mine = RequestsTo(requests, c.to);
    CHECK(mine.size() == static_cast<size_t>(c.requests));
    const std::vector<FakeMessage> received = MessagesTo(messages, c.to);
    if (c.received) {
      CHECK(received.size() == 1);
      for (const FakeMessage& message : received) {
        CHECK(row.sid == message.sid);
        CHECK(message.kind == (c.channel == Channel::kVoice ? "voice" : "sms"));
      }
    } else {
      CHECK(received.empty());
      CHECK(row.sid.empty());
    }
    // The logs mask every number.
    CHECK(run.err.find(c.to) == std::string::npos);
    CHECK(run.out.find(c.to) == std::string::npos);
    CHECK(down.err.find(c.to) == std::string::npos);
  }

  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  // Refused connections: every retry says the request was never sent.
  CHECK(tx.exec_params1("SELECT count(*) FROM nudged.audit_events WHERE outbox_id = $1 "
                        "AND new_state = 'ready' AND detail NOT LIKE 'not sent%'",
                        refused)[0]
            .as<int>() == 0);
  // A message the fake never recorded is resent only after the grace period.
  for (const std::string to : {"+12025550106", "+12025550111"}) {
    INFO("resent to " << to);
    const std::vector<FakeRequest> mine = RequestsTo(requests, to);
    REQUIRE(mine.size() == 2);
    CHECK(mine[1].arrived_at_us - mine[0].arrived_at_us >= kReconcileGraceS * 1'000'000);
  }
  // 21610 alone records an opt-out, for that number on that channel.
  const pqxx::result opt_outs = tx.exec("SELECT address, channel, source FROM nudged.opt_outs");
  REQUIRE(opt_outs.size() == 1);
  CHECK(opt_outs[0][0].as<std::string>() == "+12025550115");
  CHECK(opt_outs[0][1].as<std::string>() == "sms");
  CHECK(opt_outs[0][2].as<std::string>() == "provider_21610");
}

TEST_CASE("dispatch honors the provider's Retry-After to within 10%, end to end",
          "[delivery][postgres]") {
  ProviderHarness& fake = Fake();
  fake.Reset();
  const AfternoonZone zone = ZoneWhereItIsAfternoon();
  ResetOutbox(zone.today);
  const std::string to = "+12025550201";
  const std::int64_t id = InsertRow(to, Channel::kSms, "1 day");
  fake.SetFaults({{{"kind", "429"}, {"retry_after_s", 2}, {"to", to}}});

  const ProcessResult run =
      Dispatch(WriteConfig(zone, fake.fake_url()), "e2e-retry-after", true, 30);
  INFO("dispatcher output:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  const std::vector<FakeRequest> requests = RequestsTo(fake.Requests(), to);
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].status == 429);
  CHECK(requests[1].status == 201);
  const std::int64_t gap_us = requests[1].arrived_at_us - requests[0].arrived_at_us;
  INFO("second request " << gap_us / 1000 << " ms after the first");
  CHECK(gap_us >= 2'000'000);
  CHECK(gap_us <= 2'200'000);
  CHECK(CodedTrail(id) == "ready>sending sending>ready:20429 ready>sending sending>sent");
  CHECK(MessagesTo(fake.Messages(), to).size() == 1);
}

TEST_CASE("dispatch never retries a permanent error, end to end", "[delivery][postgres]") {
  ProviderHarness& fake = Fake();
  fake.Reset();
  const AfternoonZone zone = ZoneWhereItIsAfternoon();
  ResetOutbox(zone.today);
  // Each error is a one-time fault: a second request for the number would be accepted, so a
  // wrongful retry would show as a second request and a sent row.
  struct Permanent {
    std::string to;
    Channel channel;
    int code;
  };
  const std::vector<Permanent> rows{{"+12025550301", Channel::kSms, 21211},
                                    {"+12025550302", Channel::kSms, 21614},
                                    {"+12025550303", Channel::kVoice, 21211}};
  std::vector<std::int64_t> ids;
  for (const Permanent& row : rows) {
    ids.push_back(InsertRow(row.to, row.channel, "1 day"));
    fake.SetFaults({{{"kind", "error"}, {"code", row.code}, {"to", row.to}}});
  }

  const ProcessResult run = Dispatch(WriteConfig(zone, fake.fake_url()), "e2e-permanent", true, 30);
  INFO("dispatcher output:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  const std::vector<FakeRequest> requests = fake.Requests();
  for (size_t i = 0; i < rows.size(); ++i) {
    INFO("number " << rows[i].to);
    const std::string code = std::to_string(rows[i].code);
    CHECK(RequestsTo(requests, rows[i].to).size() == 1);
    CHECK(CodedTrail(ids[i]) == "ready>sending sending>failed:" + code);
    const RowNow row = ReadRow(ids[i]);
    CHECK(row.state == "failed");
    CHECK(row.code == code);
  }
  CHECK(fake.Messages().empty());
}

TEST_CASE("dispatch keeps to the rate limit in every one-second window, end to end",
          "[delivery][postgres]") {
  ProviderHarness& fake = Fake();
  const AfternoonZone zone = ZoneWhereItIsAfternoon();
  for (const int rate : {1, 10, 100}) {
    INFO("rate " << rate << " per second");
    fake.Reset();
    ResetOutbox(zone.today);
    // About three seconds of sending at the rate, so the limit is what paces it.
    const int messages = rate == 1 ? 4 : 3 * rate;
    for (int i = 0; i < messages; ++i) {
      InsertRow("+1202556" + std::to_string(1000 + i), Channel::kSms, "1 day");
    }
    const ProcessResult run = Dispatch(WriteConfig(zone, fake.fake_url(), rate),
                                       "e2e-rate-" + std::to_string(rate), true, 60);
    INFO("dispatcher output:\n" << run.err);
    REQUIRE(run.exit_code == 0);

    std::vector<int64_t> arrivals;
    for (const FakeRequest& request : fake.Requests()) arrivals.push_back(request.arrived_at_us);
    REQUIRE(arrivals.size() == static_cast<size_t>(messages));
    std::sort(arrivals.begin(), arrivals.end());
    // The busiest one-second window starts at some arrival: count from each one.
    size_t busiest = 0;
    for (auto first = arrivals.begin(); first != arrivals.end(); ++first) {
      const auto end = std::lower_bound(first, arrivals.end(), *first + 1'000'000);
      busiest = std::max(busiest, static_cast<size_t>(end - first));
    }
    CHECK(busiest <= static_cast<size_t>(rate));
    // And the limit does not starve it: the messages went out at no less than half the rate.
    const double seconds = static_cast<double>(arrivals.back() - arrivals.front()) / 1e6;
    CHECK(seconds <= 2.0 * messages / rate);
  }
}

// Issue 5: while `nudged dispatch` sends, the fake provider posts signed status callbacks to
// the webhook listener; every message the fake accepted ends delivered, except those whose
// final callback a fault turns into undelivered (SMS with ErrorCode 30003, a call not
// answered).
TEST_CASE("dispatch with status callbacks ends every accepted message delivered, end to end",
          "[delivery][postgres][webhooks]") {
  ProviderHarness& fake = Fake();
  fake.Reset();
  const AfternoonZone zone = ZoneWhereItIsAfternoon();
  ResetOutbox(zone.today);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(InsertRow("+120255503" + std::to_string(10 + i),
                            i % 5 == 0 ? Channel::kVoice : Channel::kSms, "1 day"));
  }
  fake.SetFaults(
      {{{"kind", "callback"}, {"to", "+12025550311"}, {"outcome", "undelivered"}, {"code", 30003}},
       {{"kind", "callback"}, {"to", "+12025550315"}, {"outcome", "no-answer"}}});
  const std::string webhook_url = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort());
  Config webhook_config = WebhookConfig();
  webhook_config.http.listen = webhook_url.substr(std::string("http://").size());
  webhook_config.http.public_url = webhook_url;
  WebhookRun webhooks(webhook_config, TestConnector(), ProviderHarness::kAuthToken);
  const std::string config = WriteConfig(zone, fake.fake_url());
  std::ofstream(config, std::ios::app)
      << "status_callback_url = \"" << webhook_url << "/twilio/status\"\n";

  const ProcessResult run = Dispatch(config, "e2e-callbacks", true, 60);
  INFO("dispatcher output:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(
      WaitUntil([] { return CountInState("delivered") == 18 && CountInState("undelivered") == 2; },
                std::chrono::seconds(10)));
  CHECK(CodedTrail(ids[1]) == "ready>sending sending>sent sent>undelivered:30003");
  CHECK(CodedTrail(ids[5]) == "ready>sending sending>sent sent>undelivered");
  CHECK(CodedTrail(ids[2]) == "ready>sending sending>sent sent>delivered");
  CHECK(CodedTrail(ids[0]) == "ready>sending sending>sent sent>delivered");
  std::string posted;
  REQUIRE(SendRawHttp(fake.fake_port(), "GET", "/_fake/callbacks", {}, "", &posted) == 200);
  const nlohmann::json callbacks = nlohmann::json::parse(posted);
  CHECK(callbacks.size() == 4 * 3 + 16 * 2);  // calls: initiated, ringing, final; sms: sent, final
  for (const nlohmann::json& callback : callbacks) CHECK(callback["answer"] == 200);
}

}  // namespace
}  // namespace nudged
