// End-to-end tests of `nudged run` (issue 5, points 1 and 4): the real process against a real
// PostgreSQL ($NUDGED_TEST_DSN), a small hand-made SIS mirror and the project's fake provider
// (without Prism, as tests/delivery/ does, except the first test: Prism with Twilio's spec in
// front of the fake, whose signed status callbacks reach the daemon's webhook listener). The district's zone is one where it is early
// afternoon now (the send window 08:00-21:00 is open) and its calendar makes today the date of
// wave 1 with sync_at and plan_at already past, so a daemon started now must catch up: sync,
// plan through the gate, and send, on its own.

#include <signal.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <pqxx/pqxx>
#include <regex>
#include <string>
#include <thread>

#include "calendar/schedule.h"
#include "config/loader.h"
#include "http/twilio_signature.h"
#include "nudged/date.h"
#include "provider/form_encoding.h"
#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/notify_socket.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/provider_harness.h"
#include "tests/support/subprocess.h"
#include "tests/support/webhook_run.h"

namespace nudged {
namespace {

using namespace testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kSchema = "run_daemon";
constexpr int kStudents = 40;

ProviderHarness& Fake() {
  static ProviderHarness harness([] {
    ProviderHarnessOptions options;
    options.with_prism = false;
    options.latency_ms = 50;
    return options;
  }());
  return harness;
}

struct Afternoon {
  std::string zone;
  Date today;
};

// An Etc/GMT zone where it is about 13:00 now (POSIX signs: Etc/GMT-3 is UTC+3).
Afternoon AfternoonNow() {
  const auto now = std::chrono::system_clock::now();
  const auto utc_hour =
      std::chrono::floor<std::chrono::hours>(now - std::chrono::floor<std::chrono::days>(now));
  const int offset = (13 - static_cast<int>(utc_hour.count()) + 36) % 24 - 12;
  Afternoon a;
  a.zone = offset >= 0 ? "Etc/GMT-" + std::to_string(offset) : "Etc/GMT+" + std::to_string(-offset);
  a.today = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(offset));
  return a;
}

struct DaemonSetup {
  Afternoon afternoon;
  Date first_day;
  std::string config_path;
};

// The configuration: every day a school and send day from first_day (today - 15), so wave 1
// (after 15 instructional days) is today; sync_at and plan_at early this morning.
// Where the daemon sends and listens: by default the fake without Prism, no status callbacks,
// both listeners on ports the system picks.
struct Endpoints {
  std::string provider_url = Fake().fake_url();
  std::string status_callback_url;
  std::string http_listen = "127.0.0.1:0";
  std::string metrics_listen = "127.0.0.1:0";
};

std::string WebhookUrl(int port) { return "http://127.0.0.1:" + std::to_string(port); }

// The endpoints with the webhook listener on `port`, where the provider posts status callbacks.
Endpoints WithWebhooks(int port) {
  Endpoints endpoints;
  endpoints.http_listen = "127.0.0.1:" + std::to_string(port);
  endpoints.status_callback_url = WebhookUrl(port) + "/twilio/status";
  return endpoints;
}

std::string ConfigText(const DaemonSetup& setup, int rate, const Endpoints& endpoints = {}) {
  return "[district]\nname = \"Run Test District\"\ntimezone = \"" + setup.afternoon.zone +
         "\"\nphone = \"+15085550100\"\n\n[database]\nurl = \"" + TestDsn() +
         "\"\nsis_schema = \"" + kSchema +
         "\"\n\n[calendar]\nfirst_day = " + FormatIsoDate(setup.first_day) +
         "\nlast_day = " + FormatIsoDate(setup.afternoon.today + std::chrono::days(60)) +
         "\ninstructional_weekdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", "
         "\"Sun\"]\n\n[cadence]\nfirst_wave_after_instructional_days = 15\n"
         "align_to_marking_periods = false\n"
         "send_weekdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\"]\n"
         "send_window = { start = \"08:00\", end = \"21:00\" }\nsync_at = \"00:00\"\n"
         "plan_at = \"00:01\"\n\n[provider]\nbase_url = \"" +
         endpoints.provider_url + "\"\nstatus_callback_url = \"" +
         endpoints.status_callback_url + "\"\naccount_sid = \"" + ProviderHarness::kAccountSid +
         "\"\nauth_token_env = \"" + ProviderHarness::kTokenVariable + "\"\nfrom_number = \"" +
         ProviderHarness::kFromNumber + "\"\nrate_per_second = " + std::to_string(rate) +
         "\nconcurrency = 8\nconnect_timeout_ms = 1000\nrequest_timeout_ms = 1000\n"
         "\n[http]\nlisten = \"" + endpoints.http_listen + "\"\n\n[metrics]\nlisten = \"" +
         endpoints.metrics_listen + "\"\n";
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  REQUIRE(out.good());
}

// A fresh mirror and state schema, a fresh fake, and the configuration at `rate`.
DaemonSetup Reset(int rate) {
  DaemonSetup setup;
  setup.afternoon = AfternoonNow();
  setup.first_day = setup.afternoon.today - std::chrono::days(15);
  ResetMirrorAndState(kSchema, TextableDistrictRows(setup.first_day, kStudents));
  Fake().Reset();
  setup.config_path = NewScratchDirectory("run-daemon") + "/nudged.toml";
  WriteText(setup.config_path, ConfigText(setup, rate));
  const LoadResult loaded = LoadConfigFile(setup.config_path);
  REQUIRE(loaded.ok());
  const Schedule schedule = BuildSchedule(loaded.config->calendar, loaded.config->cadence);
  REQUIRE(!schedule.waves.empty());
  REQUIRE(schedule.waves[0].date == setup.afternoon.today);
  return setup;
}

std::vector<std::string> RunArgs(const DaemonSetup& setup, bool debug) {
  std::vector<std::string> argv{NudgedBinary(), "--config", setup.config_path};
  if (debug) argv.insert(argv.end(), {"--log-level", "debug"});
  argv.push_back("run");
  return argv;
}

// Waits for `text` in the daemon's log (after byte `from`); fails the test showing the log.
void RequireLog(DaemonProcess& daemon, const std::string& text, seconds timeout, size_t from = 0) {
  const bool seen = daemon.WaitForLog(text, timeout, from);
  INFO("waited for \"" << text << "\"; the daemon's log:\n" << daemon.Log());
  REQUIRE(seen);
}

std::int64_t Count(const std::string& sql) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec1(sql)[0].as<std::int64_t>();
}

// Waits until `sql` counts at least `n`, up to `timeout`. Returns the last count.
std::int64_t WaitForCount(const std::string& sql, std::int64_t n, seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::int64_t count = Count(sql);
  while (count < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(100));
    count = Count(sql);
  }
  return count;
}

// The value of the sample `name` with exactly `labels` (e.g. {channel="sms",state="sent"}) in
// Prometheus text, or -1 when absent.
double MetricValue(const std::string& text, const std::string& name, const std::string& labels) {
  const std::string prefix = name + labels + " ";
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    if (text.compare(at, prefix.size(), prefix) == 0) {
      return std::stod(text.substr(at + prefix.size(), end - at - prefix.size()));
    }
    at = end + 1;
  }
  return -1;
}

TEST_CASE(
    "nudged run end to end behind Prism: sync, plan, send and status callbacks leave every "
    "accepted message delivered and the metrics match the outbox",
    "[run][postgres][webhooks]") {
  ProviderHarness& prism = ProviderHarness::Shared();
  prism.Reset();
  DaemonSetup setup = Reset(50);
  Endpoints endpoints = WithWebhooks(FreeLoopbackPort());
  endpoints.provider_url = prism.prism_url();
  const int metrics_port = FreeLoopbackPort();
  endpoints.metrics_listen = "127.0.0.1:" + std::to_string(metrics_port);
  WriteText(setup.config_path, ConfigText(setup, 50, endpoints));

  DaemonProcess daemon(RunArgs(setup, false));
  RequireLog(daemon, "wave finished wave=1", seconds(90));
  const std::string delivered_sql = "SELECT count(*) FROM nudged.outbox WHERE state = 'delivered'";
  CHECK(WaitForCount(delivered_sql, kStudents, seconds(30)) == kStudents);

  // Every message went through Prism to the fake, once, and came back delivered by a signed
  // callback the listener applied.
  CHECK(prism.Messages().size() == static_cast<size_t>(kStudents));
  CHECK(Count("SELECT count(*) FROM nudged.outbox") == kStudents);
  CHECK(Count("SELECT count(*) FROM nudged.audit_events WHERE new_state = 'delivered' "
              "AND detail LIKE 'status callback MessageStatus=delivered%'") == kStudents);
  CHECK(Count("SELECT count(*) FROM nudged.status_callbacks") == 2 * kStudents);
  CHECK(Count("SELECT count(*) FROM nudged.status_callbacks WHERE outcome = 'pending'") == 0);

  // /readyz answers, and /metrics (refreshed every 10 s) counts what the outbox holds.
  std::string body;
  CHECK(SendRawHttp(metrics_port, "GET", "/readyz", {}, "", &body) == 200);
  std::string metrics;
  const auto deadline = std::chrono::steady_clock::now() + seconds(30);
  do {
    std::this_thread::sleep_for(milliseconds(500));
    REQUIRE(SendRawHttp(metrics_port, "GET", "/metrics", {}, "", &metrics) == 200);
  } while (MetricValue(metrics, "nudged_outbox_messages", "{channel=\"sms\",state=\"delivered\"}") !=
               kStudents &&
           std::chrono::steady_clock::now() < deadline);
  INFO(metrics);
  CHECK(MetricValue(metrics, "nudged_outbox_messages", "{channel=\"sms\",state=\"delivered\"}") ==
        kStudents);
  CHECK(MetricValue(metrics, "nudged_messages_sent_total", "{channel=\"sms\"}") == kStudents);
  CHECK(MetricValue(metrics, "nudged_webhook_callbacks_total", "{kind=\"status\"}") ==
        2 * kStudents);
  CHECK(MetricValue(metrics, "nudged_queue_depth", "") == 0);

  daemon.Signal(SIGTERM);
  CHECK(daemon.Wait(seconds(15)) == 0);
}

// Posts a caregiver's reply from `from` to the daemon's inbound webhook on `port`, signed as
// the provider signs it. Returns the HTTP status; the TwiML answer goes to *answer.
int PostSignedReply(int port, const std::string& from, const std::string& body,
                    const std::string& message_sid, std::string* answer) {
  const std::vector<FormField> reply = {{"MessageSid", message_sid},
                                        {"From", from},
                                        {"To", ProviderHarness::kFromNumber},
                                        {"Body", body}};
  return SendRawHttp(port, "POST", "/twilio/inbound",
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"X-Twilio-Signature", TwilioSignature(ProviderHarness::kAuthToken,
                                                             WebhookUrl(port) + "/twilio/inbound",
                                                             reply)}},
                     FormEncode(reply), answer);
}

TEST_CASE("nudged run: SIGHUP with a new district phone restarts the webhooks and HELP tells it",
          "[run][postgres][webhooks]") {
  DaemonSetup setup = Reset(5);
  const int port = FreeLoopbackPort();
  const std::string text = ConfigText(setup, 5, WithWebhooks(port));
  WriteText(setup.config_path, text);
  DaemonProcess daemon(RunArgs(setup, false));
  RequireLog(daemon, "webhook listener started", seconds(30));
  std::string answer;
  CHECK(PostSignedReply(port, "+12025550100", "help", "SM" + std::string(32, 'b'), &answer) ==
        200);
  CHECK(answer.find("Call +15085550100.") != std::string::npos);

  const std::string old_phone = "phone = \"+15085550100\"";
  std::string changed = text;
  REQUIRE(changed.find(old_phone) != std::string::npos);
  changed.replace(changed.find(old_phone), old_phone.size(), "phone = \"+15085550111\"");
  WriteText(setup.config_path, changed);
  const size_t mark = daemon.Log().size();
  daemon.Signal(SIGHUP);
  RequireLog(daemon, "webhook listener restarting", seconds(10), mark);
  RequireLog(daemon, "webhook listener started", seconds(10), mark);
  CHECK(PostSignedReply(port, "+12025550100", "HELP", "SM" + std::string(32, 'c'), &answer) ==
        200);
  CHECK(answer.find("Call +15085550111.") != std::string::npos);

  daemon.Signal(SIGTERM);
  CHECK(daemon.Wait(seconds(15)) == 0);
}

TEST_CASE("a caregiver who replies STOP to the daemon gets nothing by text or call in the next wave",
          "[run][postgres][webhooks]") {
  DaemonSetup setup = Reset(50);
  const int webhook_port = FreeLoopbackPort();
  WriteText(setup.config_path, ConfigText(setup, 50, WithWebhooks(webhook_port)));
  std::string stopped;
  {
    DaemonProcess daemon(RunArgs(setup, false));
    RequireLog(daemon, "wave finished wave=1", seconds(60));
    pqxx::connection connection{TestDsn()};
    pqxx::read_transaction tx{connection};
    stopped = tx.exec1("SELECT min(recipient) FROM nudged.outbox WHERE channel = 'sms'")[0]
                  .as<std::string>();
    tx.commit();

    std::string answer;
    CHECK(PostSignedReply(webhook_port, stopped, "  Stop ", "SM" + std::string(32, 'a'),
                          &answer) == 200);
    daemon.Signal(SIGTERM);
    CHECK(daemon.Wait(seconds(15)) == 0);
  }
  CHECK(Count("SELECT count(*) FROM nudged.opt_outs WHERE revoked_at IS NULL AND address = '" +
              stopped + "'") == 2);  // sms and voice

  // The next wave, synced and planned as the daemon would on its day.
  const LoadResult loaded = LoadConfigFile(setup.config_path);
  REQUIRE(loaded.ok());
  const Schedule schedule = BuildSchedule(loaded.config->calendar, loaded.config->cadence);
  REQUIRE(schedule.waves.size() >= 2);
  const std::string next = FormatIsoDate(schedule.waves[1].date);
  const std::vector<std::string> base{NudgedBinary(), "--config", setup.config_path};
  auto with = [&base](std::vector<std::string> more) {
    std::vector<std::string> argv = base;
    argv.insert(argv.end(), more.begin(), more.end());
    return argv;
  };
  const ProcessResult sync = RunProcess(with({"sync", "--as-of", next}));
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  const ProcessResult plan = RunProcess(
      with({"plan", "--date", next, "--dry-run", "--format", "csv", "--show-recipients"}));
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  size_t rows = 0;
  size_t to_stopped = 0;
  for (size_t at = 0; at < plan.out.size();) {
    const size_t end = std::min(plan.out.find('\n', at), plan.out.size());
    const std::string line = plan.out.substr(at, end - at);
    at = end + 1;
    if (line.empty()) continue;
    ++rows;
    if (line.find(stopped) != std::string::npos &&
        (line.find(",sms,") != std::string::npos || line.find(",voice,") != std::string::npos)) {
      ++to_stopped;
    }
  }
  CHECK(rows > static_cast<size_t>(kStudents));  // the header and every student
  CHECK(to_stopped == 0);
  CHECK(plan.out.find("opted out") != std::string::npos);
}

TEST_CASE(
    "nudged run syncs and plans and sends today's wave on its own and a restart plans "
    "nothing twice",
    "[run][postgres]") {
  const DaemonSetup setup = Reset(50);
  {
    DaemonProcess daemon(RunArgs(setup, true));
    RequireLog(daemon, "wave finished wave=1", seconds(60));
    const std::string log = daemon.Log();
    CHECK(log.find("sync finished") != std::string::npos);
    CHECK(log.find("wave planning started wave=1") != std::string::npos);
    CHECK(log.find("wave enqueued wave=1 date=" + FormatIsoDate(setup.afternoon.today) +
                   " students=" + std::to_string(kStudents) +
                   " planned=" + std::to_string(kStudents)) != std::string::npos);
    CHECK(log.find("messages=" + std::to_string(kStudents) +
                   " accepted=" + std::to_string(kStudents)) != std::string::npos);
    daemon.Signal(SIGTERM);
    CHECK(daemon.Wait(seconds(15)) == 0);
  }
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE state = 'sent'") == kStudents);
  CHECK(Count("SELECT count(*) FROM nudged.waves WHERE wave = 1 AND state = 'sent'") == 1);
  CHECK(Fake().Messages().size() == static_cast<size_t>(kStudents));

  // Restarted the same day: the catch-up finds the wave done and plans and sends nothing.
  const std::int64_t syncs = Count("SELECT count(*) FROM nudged.sync_runs");
  DaemonProcess again(RunArgs(setup, true));
  RequireLog(again, "scheduler round done", seconds(30));
  again.Signal(SIGTERM);
  CHECK(again.Wait(seconds(15)) == 0);
  CHECK(again.Log().find("wave planning started") == std::string::npos);
  CHECK(Count("SELECT count(*) FROM nudged.sync_runs") == syncs);
  CHECK(Count("SELECT count(*) FROM nudged.outbox") == kStudents);
  CHECK(Fake().Messages().size() == static_cast<size_t>(kStudents));
}

TEST_CASE(
    "nudged run: SIGHUP with a broken file keeps the configuration in force and logs its "
    "errors and a good file is applied",
    "[run][postgres]") {
  const DaemonSetup setup = Reset(5);
  DaemonProcess daemon(RunArgs(setup, false));
  RequireLog(daemon, "dispatcher started", seconds(30));
  CHECK(daemon.Log().find("rate_per_second=5 ") != std::string::npos);

  // An unknown key on line 2 of an otherwise good file, and a bad value.
  WriteText(setup.config_path, "# broken on purpose\n[surprise]\nkey = 1\n" + ConfigText(setup, 0));
  size_t mark = daemon.Log().size();
  daemon.Signal(SIGHUP);
  RequireLog(daemon, "configuration reload rejected", seconds(10), mark);
  const std::string after_bad = daemon.Log().substr(mark);
  CHECK(std::regex_search(
      after_bad, std::regex("configuration error problem=\"" + setup.config_path + ":2:\\d+")));
  CHECK(after_bad.find("rate_per_second") != std::string::npos);
  CHECK(after_bad.find("dispatcher stopped") == std::string::npos);
  CHECK(daemon.Wait(milliseconds(0)) == -1);

  // A good file: the new rate reaches a restarted dispatcher, the new log level the logger.
  WriteText(setup.config_path, ConfigText(setup, 7) + "\n[logging]\nlevel = \"debug\"\n");
  mark = daemon.Log().size();
  daemon.Signal(SIGHUP);
  RequireLog(daemon, "configuration reloaded", seconds(10), mark);
  RequireLog(daemon, "dispatcher started", seconds(10), mark);
  CHECK(daemon.Log().find("rate_per_second=7 ", mark) != std::string::npos);
  CHECK(daemon.WaitForLog(" debug ", seconds(15), mark));

  daemon.Signal(SIGTERM);
  CHECK(daemon.Wait(seconds(15)) == 0);
}

TEST_CASE(
    "nudged run: SIGTERM during a send burst exits 0 within the deadline with nothing left "
    "sending",
    "[run][postgres]") {
  const DaemonSetup setup = Reset(40);
  // Today's wave already enqueued with many messages, so the burst starts at once.
  {
    pqxx::connection connection{TestDsn()};
    pqxx::work tx{connection};
    const std::string today = FormatIsoDate(setup.afternoon.today);
    const std::string year =
        std::to_string(static_cast<int>(std::chrono::year_month_day{setup.first_day}.year()));
    tx.exec_params0(
        "INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, state, "
        "enqueued_at) VALUES ($1, 1, $2::date, $2::date - 2, 'initial', 'enqueued', now())",
        year + "-" +
            std::to_string(static_cast<int>(
                std::chrono::year_month_day{setup.afternoon.today + std::chrono::days(60)}.year())),
        today);
    tx.exec0(
        "INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, "
        "language, kind, recipient, body, state, relevant_until) "
        "SELECT w.school_year, 1, 'S' || i, 'C' || i, 'sms', 'en', 'initial', "
        "'+1202' || lpad(i::text, 7, '0'), 'Message ' || i, 'ready', now() + interval '1 day' "
        "FROM generate_series(1, 2000) i, nudged.waves w");
    tx.commit();
  }
  DaemonProcess daemon(RunArgs(setup, false));
  REQUIRE(WaitForCount("SELECT count(*) FROM nudged.outbox WHERE state = 'sent'", 40,
                       seconds(30)) >= 40);
  const auto signalled = std::chrono::steady_clock::now();
  daemon.Signal(SIGTERM);
  // The deadline: requests in flight get request_timeout_ms (1 s) to finish, plus the drain.
  const int exit_code = daemon.Wait(seconds(10));
  const auto took_ms =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - signalled)
          .count();
  CHECK(exit_code == 0);
  CHECK(took_ms < 5000);
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE state = 'sending'") == 0);
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE state = 'ready'") > 0);
  // Every message the fake accepted is recorded as sent, none lost or doubled.
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE state = 'sent'") ==
        static_cast<std::int64_t>(Fake().Messages().size()));
}

TEST_CASE(
    "nudged run survives an unreachable database with backoff and logs it once per "
    "state change",
    "[run][postgres]") {
  const DaemonSetup setup = Reset(5);
  std::string text = ConfigText(setup, 5);
  const std::string dsn = TestDsn();
  text.replace(text.find(dsn), dsn.size(), "postgresql:///nowhere?host=/nonexistent-socket-dir");
  WriteText(setup.config_path, text);
  DaemonProcess daemon(RunArgs(setup, false));
  RequireLog(daemon, "dispatcher failing", seconds(10));
  RequireLog(daemon, "scheduler failing", seconds(10));
  // Backoff 1 s, 2 s, 4 s: several more tries in 5 s, and not one more line about them.
  std::this_thread::sleep_for(seconds(5));
  const std::string log = daemon.Log();
  auto occurrences = [&log](const std::string& needle) {
    int n = 0;
    for (size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
    return n;
  };
  CHECK(occurrences("dispatcher failing") == 1);
  CHECK(occurrences("scheduler failing") == 1);
  CHECK(log.find("postgresql:///nowhere") == std::string::npos);  // no DSN in the log
  daemon.Signal(SIGTERM);
  CHECK(daemon.Wait(seconds(5)) == 0);
}

TEST_CASE("nudged run tells systemd it is ready and reloading and alive and stopping",
          "[run][postgres]") {
  const DaemonSetup setup = Reset(5);
  NotifySocket systemd;  // $NOTIFY_SOCKET, inherited by the daemon
  setenv("WATCHDOG_USEC", "400000", 1);
  unsetenv("WATCHDOG_PID");
  DaemonProcess daemon(RunArgs(setup, false));
  unsetenv("WATCHDOG_USEC");
  // Reads notifications (watchdog pings interleave) until `wanted` arrives.
  auto until = [&systemd](const std::string& wanted) {
    for (int i = 0; i < 100; ++i) {
      const std::string message = systemd.Receive();
      if (message.empty()) return false;
      if (message == wanted) return true;
    }
    return false;
  };
  CHECK(until("READY=1"));
  CHECK(until("WATCHDOG=1"));
  daemon.Signal(SIGHUP);
  CHECK(until("RELOADING=1"));
  CHECK(until("READY=1"));
  daemon.Signal(SIGTERM);
  CHECK(until("STOPPING=1"));
  const int exit_code = daemon.Wait(seconds(15));
  INFO("the daemon's log:\n" << daemon.Log());
  CHECK(exit_code == 0);
}

}  // namespace
}  // namespace nudged
