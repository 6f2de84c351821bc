// `nudged simulate` end to end (issue 5, point 6): the real process on the Ed-Fi Grand Bend
// sample (2021-22) and on a synthetic district whose caregivers take texts and calls. A
// simulated year plans at least 6 waves, every message the simulated provider accepted ends
// delivered through the status callbacks the webhook stores, nothing is left sending, and
// simulating the same year again adds nothing.

#include <catch2/catch.hpp>
#include <fstream>
#include <pqxx/pqxx>
#include <regex>
#include <string>

#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using namespace testing;

std::int64_t Count(const std::string& sql) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec1(sql)[0].as<std::int64_t>();
}

// Rows of every table a simulation writes, as one comparable text.
std::string Footprint() {
  std::string text;
  for (const char* table : {"sync_runs", "waves", "wave_events", "outbox", "audit_events",
                            "opt_outs", "status_callbacks"}) {
    text += std::string(table) + "=" +
            std::to_string(Count(std::string("SELECT count(*) FROM nudged.") + table)) + " ";
  }
  return text;
}

ProcessResult Simulate(const std::string& config, const std::string& from, const std::string& to) {
  return RunProcess({NudgedBinary(), "--config", config, "--log-level", "warn", "simulate",
                     "--from", from, "--to", to, "--approve-held"});
}

int WaveLines(const std::string& out) {
  const std::regex line("^ *\\d+  \\d{4}-\\d\\d-\\d\\d  ", std::regex::multiline);
  return static_cast<int>(
      std::distance(std::sregex_iterator(out.begin(), out.end(), line), std::sregex_iterator()));
}

void CheckEveryAcceptedMessageDelivered() {
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE state IN ('sending', 'sent', 'unknown')") ==
        0);
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE provider_sid IS NOT NULL") ==
        Count("SELECT count(*) FROM nudged.outbox WHERE state = 'delivered'"));
  // Delivered by the carrier's status callbacks, stored as POST /twilio/status stores them
  // (WebhookStore::Record), not by SQL of the simulation's own: each delivered row's audit
  // event is its callback's, and nudged.status_callbacks holds every receipt.
  CHECK(Count("SELECT count(*) FROM nudged.audit_events WHERE new_state = 'delivered' AND "
              "detail NOT LIKE 'status callback %'") == 0);
  CHECK(Count("SELECT count(*) FROM nudged.outbox o WHERE state = 'delivered' AND NOT EXISTS ("
              "SELECT 1 FROM nudged.audit_events a WHERE a.outbox_id = o.outbox_id AND "
              "a.old_state = 'sent' AND a.new_state = 'delivered' AND a.detail = CASE o.channel "
              "WHEN 'voice' THEN 'status callback CallStatus=completed' "
              "ELSE 'status callback MessageStatus=delivered' END)") == 0);
  CHECK(Count("SELECT count(*) FROM nudged.status_callbacks c JOIN nudged.outbox o USING "
              "(outbox_id) WHERE c.outcome = 'applied' AND c.state = 'delivered' AND "
              "c.provider_sid = o.provider_sid AND o.state = 'delivered'") ==
        Count("SELECT count(*) FROM nudged.outbox WHERE state = 'delivered'"));
  // A text's "sent" receipt comes with its "delivered" one and ranks below it.
  CHECK(Count("SELECT count(*) FROM nudged.status_callbacks WHERE provider_status = 'sent' "
              "AND outcome = 'stale'") ==
        Count("SELECT count(*) FROM nudged.outbox WHERE channel = 'sms' AND state = 'delivered'"));
  CHECK(Count("SELECT count(*) FROM nudged.status_callbacks WHERE outcome NOT IN "
              "('applied', 'stale')") == 0);
}

TEST_CASE(
    "nudged simulate runs Grand Bend's 2021-22 year with at least 6 waves and a second run "
    "adds nothing",
    "[simulate][postgres]") {
  const std::string config = LoadGrandBend("sis", SourcePath("../shared/data/edfi-grand-bend"));
  const ProcessResult first = Simulate(config, "2021-08-01", "2022-06-30");
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  INFO(first.out);
  CHECK(WaveLines(first.out) >= 6);
  // Its messages go by email and letter, which nothing sends yet: the waves stay enqueued.
  CHECK(Count("SELECT count(*) FROM nudged.waves WHERE state = 'enqueued'") >= 6);
  CHECK(Count("SELECT count(DISTINCT wave) FROM nudged.outbox") >= 6);
  CheckEveryAcceptedMessageDelivered();

  const std::string before = Footprint();
  const ProcessResult second = Simulate(config, "2021-08-01", "2022-06-30");
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(WaveLines(second.out) == WaveLines(first.out));
  CHECK(Footprint() == before);
}

TEST_CASE(
    "nudged simulate sends a synthetic district's texts and calls to the simulated "
    "provider and every one ends delivered",
    "[simulate][postgres]") {
  pqxx::connection connection{TestDsn()};
  RecreateStateSchema(connection);
  REQUIRE(RunShell(ShellQuote(SourceDir() + "/scripts/gen-district") + " " + ShellQuote(TestDsn()) +
                   " --students 300 --schema simulate_synthetic "
                   ">/dev/null") == 0);
  // The example configuration, pointed at the test database; its provider's base_url stays
  // whatever it says: simulate must never reach it.
  std::string text = ReadFile(SourcePath("config/nudged.example.toml"));
  text = std::regex_replace(text, std::regex("^url = .*$", std::regex::multiline),
                            "url = \"" + TestDsn() + "\"");
  text = std::regex_replace(text, std::regex("^sis_url = .*$", std::regex::multiline),
                            "sis_url = \"" + TestDsn() + "\"");
  text = std::regex_replace(text, std::regex("^sis_schema = .*$", std::regex::multiline),
                            "sis_schema = \"simulate_synthetic\"");
  text = std::regex_replace(text, std::regex("^password_env = .*\n", std::regex::multiline), "");
  const std::string config = NewScratchDirectory("simulate") + "/nudged.toml";
  std::ofstream(config) << text;

  const ProcessResult result = Simulate(config, "2026-08-01", "2027-06-30");
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  INFO(result.out);
  CHECK(WaveLines(result.out) >= 6);
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE channel = 'sms' AND state = 'delivered'") >
        0);
  CHECK(Count("SELECT count(*) FROM nudged.outbox WHERE channel = 'voice' AND "
              "state = 'delivered'") > 0);
  CheckEveryAcceptedMessageDelivered();
  CHECK(Count("SELECT count(*) FROM nudged.audit_events WHERE new_state = 'delivered'") ==
        Count("SELECT count(*) FROM nudged.outbox WHERE state = 'delivered'"));
}

TEST_CASE("nudged simulate refuses a state database where real dispatchers ran",
          "[simulate][postgres]") {
  const std::string config = LoadGrandBend("sis", SourcePath("../shared/data/edfi-grand-bend"));
  {
    pqxx::connection connection{TestDsn()};
    pqxx::work tx{connection};
    tx.exec0(
        "INSERT INTO nudged.dispatcher_instances (instance, host, pid, started_at, heartbeat_at) "
        "VALUES ('prod-host:4242', 'prod-host', 4242, now(), now())");
    tx.commit();
  }
  const ProcessResult result = Simulate(config, "2021-08-01", "2022-06-30");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("used by real dispatchers (prod-host:4242)"));
  CHECK(Count("SELECT count(*) FROM nudged.sync_runs") == 0);
  CHECK(Count("SELECT count(*) FROM nudged.waves") == 0);
}

}  // namespace
}  // namespace nudged
