// /metrics against a real outbox (issue 5, "Acceptance": "/metrics parses as Prometheus text
// and its counters match the outbox"). The outbox is filled with known numbers of rows per
// state and channel, the metrics are refreshed and serialized, and the text is parsed by the
// official Python client's parser (tests/metrics/parse_prometheus.py), not by prometheus-cpp
// itself; every parsed value is then compared with the outbox counted by SQL.

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <sstream>
#include <string>

#include "calendar/test_configs.h"
#include "dispatch/outbox_store.h"
#include "metrics/metrics.h"
#include "metrics/wave_outcome.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using namespace testing;

Instant Now() { return UtcInstant("2026-11-03T17:00:00Z"); }

// Parses `text` with the Python parser. Returns "TYPE name{labels}" -> value; fails the test
// when the parser rejects the text.
std::map<std::string, double> ParseExposition(const std::string& text) {
  const std::string path = NewScratchDirectory("metrics-parse") + "/metrics.txt";
  {
    std::ofstream out(path);
    out << text;
    REQUIRE(out.good());
  }
  const ProcessResult parsed =
      RunProcess({"/usr/bin/python3", SourcePath("tests/metrics/parse_prometheus.py"), path});
  INFO(parsed.err);
  REQUIRE(parsed.exit_code == 0);
  std::map<std::string, double> samples;
  std::istringstream lines(parsed.out);
  std::string type, series;
  double value = 0;
  while (lines >> type >> series >> value) samples[type + " " + series] = value;
  REQUIRE(!samples.empty());
  return samples;
}

// The outbox of the test: rows per (state, channel), ready rows split into due and not due.
void FillOutbox() {
  pqxx::connection connection{TestDsn()};
  RecreateStateSchema(connection);
  pqxx::work tx{connection};
  const std::string now = SqlTimestamp(Now());
  tx.exec_params0(
      "INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, state, "
      "planned_at, enqueued_at, held_reason) VALUES "
      "('2026-2027', 1, '2026-10-06', '2026-10-02', 'initial', 'enqueued', "
      " $1::timestamptz - interval '29 days', $1::timestamptz - interval '28 days', NULL), "
      "('2026-2027', 2, '2026-11-03', '2026-10-30', 'recurring', 'held', "
      " $1::timestamptz - interval '11 hours', NULL, 'absence share jumped')",
      now);
  tx.exec_params0(
      "INSERT INTO nudged.sync_runs (school_year, as_of, status, started_at, finished_at, error) "
      "VALUES ('2026-2027', '2026-11-02', 'succeeded', $1::timestamptz - interval '15 hours', "
      "        $1::timestamptz - interval '14 hours 50 minutes', NULL), "
      "       ('2026-2027', '2026-11-03', 'failed', $1::timestamptz - interval '1 hour', "
      "        $1::timestamptz - interval '59 minutes', 'mirror unreachable')",
      now);
  // state, channel, rows, next_attempt_at relative to now (NULL: due since updated_at).
  tx.exec_params0(
      "INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, language, "
      "kind, recipient, body, state, next_attempt_at, lease_owner, lease_until, provider_sid, "
      "relevant_until, updated_at) "
      "SELECT '2026-2027', 1, g.state || g.channel || g.tag || n, 'c1', g.channel, 'en', "
      "'initial', '+15085550100', 'Message', g.state, $1::timestamptz + g.next_in, "
      "CASE WHEN g.state = 'sending' THEN 'test' END, "
      "CASE WHEN g.state = 'sending' THEN $1::timestamptz + interval '1 minute' END, "
      "CASE WHEN g.state IN ('sent', 'delivered', 'undelivered') "
      "     THEN 'SM' || md5(g.state || g.channel || g.tag || n) END, "
      "$1::timestamptz + interval '2 days', $1::timestamptz + g.updated_in "
      "FROM (VALUES "
      "  ('delivered', 'sms', 'a', 120, NULL::interval, interval '-1 hour'), "
      "  ('delivered', 'voice', 'a', 7, NULL, interval '-1 hour'), "
      "  ('sent', 'sms', 'a', 30, NULL, interval '-1 hour'), "
      "  ('undelivered', 'sms', 'a', 4, NULL, interval '-1 hour'), "
      "  ('failed', 'voice', 'a', 3, NULL, interval '-1 hour'), "
      "  ('expired', 'sms', 'a', 2, NULL, interval '-1 hour'), "
      "  ('unknown', 'sms', 'a', 5, NULL, interval '-1 hour'), "
      "  ('unknown', 'voice', 'a', 1, NULL, interval '-1 hour'), "
      "  ('sending', 'sms', 'a', 8, NULL, interval '-1 second'), "
      "  ('ready', 'sms', 'due-new', 40, NULL, interval '-10 minutes'), "
      "  ('ready', 'sms', 'due-retry', 6, interval '-5 minutes', interval '-20 minutes'), "
      "  ('ready', 'voice', 'later', 9, interval '1 hour', interval '-30 minutes'), "
      "  ('planned', 'email', 'a', 11, NULL, interval '-1 hour'), "
      "  ('planned', 'letter', 'a', 13, NULL, interval '-1 hour') "
      ") AS g(state, channel, tag, rows, next_in, updated_in), generate_series(1, g.rows) AS n",
      now);
  tx.commit();
}

TEST_CASE("metrics parse as Prometheus text and match the outbox counted by SQL",
          "[metrics][postgres]") {
  FillOutbox();
  Metrics metrics;
  pqxx::connection connection{TestDsn()};
  REQUIRE(metrics.Refresh(connection, Now()).ok());
  SendOutcome accepted;
  accepted.result = SendResult::kAccepted;
  accepted.http_status = 201;
  accepted.latency = std::chrono::milliseconds(80);
  metrics.RecordProviderResponse(Channel::kSms, accepted);
  metrics.RecordWebhookCallback("message_status");
  metrics.RecordWebhookCallback("message_status");

  const std::map<std::string, double> parsed = ParseExposition(metrics.Serialize());
  auto value = [&](const std::string& series) {
    INFO(series);
    const auto it = parsed.find(series);
    REQUIRE(it != parsed.end());
    return it->second;
  };

  // Every (state, channel) the outbox has, as SQL counts it, and nothing more.
  pqxx::read_transaction tx{connection};
  double rows_in_metrics = 0;
  for (const auto& [series, v] : parsed) {
    if (series.starts_with("gauge nudged_outbox_messages{")) rows_in_metrics += v;
  }
  CHECK(rows_in_metrics == tx.exec1("SELECT count(*) FROM nudged.outbox")[0].as<double>());
  for (const auto& row :
       tx.exec("SELECT state, channel, count(*) FROM nudged.outbox GROUP BY 1, 2")) {
    CHECK(value("gauge nudged_outbox_messages{channel=\"" + row[1].as<std::string>() +
                "\",state=\"" + row[0].as<std::string>() + "\"}") == row[2].as<double>());
  }
  CHECK(value("gauge nudged_outbox_messages{channel=\"letter\",state=\"sent\"}") == 0);

  const std::string now = SqlTimestamp(Now());
  CHECK(value("gauge nudged_queue_depth{}") ==
        tx.exec_params1("SELECT count(*) FROM nudged.outbox WHERE state = 'ready' AND "
                        "(next_attempt_at IS NULL OR next_attempt_at <= $1::timestamptz)",
                        now)[0]
            .as<double>());
  CHECK(value("gauge nudged_queue_depth{}") == 46);
  // The oldest due row: a retry due 5 minutes ago, but a new row ready for 10.
  CHECK(value("gauge nudged_queue_oldest_due_age_seconds{}") == 600);
  CHECK(value("gauge nudged_outbox_unknown_messages{}") ==
        tx.exec1("SELECT count(*) FROM nudged.outbox WHERE state = 'unknown'")[0].as<double>());
  CHECK(value("gauge nudged_waves_held{}") == 1);
  const double now_s = std::chrono::duration<double>(Now().time_since_epoch()).count();
  CHECK(value("gauge nudged_last_sync_success_timestamp_seconds{}") == now_s - (14 * 60 + 50) * 60);
  CHECK(value("gauge nudged_last_plan_timestamp_seconds{}") == now_s - 11 * 3600);
  CHECK(value("gauge nudged_last_enqueue_timestamp_seconds{}") == now_s - 28 * 86400);
  CHECK(value("gauge nudged_metrics_refresh_timestamp_seconds{}") == now_s);

  CHECK(value("counter nudged_messages_sent_total{channel=\"sms\"}") == 1);
  CHECK(value("counter nudged_provider_responses_total{channel=\"sms\",outcome=\"accepted\"}") ==
        1);
  CHECK(value("counter nudged_provider_throttled_total{channel=\"sms\"}") == 0);
  CHECK(value("histogram nudged_provider_request_duration_seconds_count{channel=\"sms\"}") == 1);
  CHECK(value("histogram nudged_provider_request_duration_seconds_bucket{channel=\"sms\","
              "le=\"0.1\"}") == 1);
  CHECK(value("histogram nudged_provider_request_duration_seconds_bucket{channel=\"sms\","
              "le=\"0.05\"}") == 0);
  CHECK(value("counter nudged_webhook_callbacks_total{kind=\"message_status\"}") == 2);
}

TEST_CASE("a refresh replaces the last one: emptied states read 0", "[metrics][postgres]") {
  FillOutbox();
  Metrics metrics;
  pqxx::connection connection{TestDsn()};
  REQUIRE(metrics.Refresh(connection, Now()).ok());
  {
    pqxx::work tx{connection};
    tx.exec0(
        "UPDATE nudged.outbox SET state = 'ready', updated_at = updated_at "
        "WHERE state = 'unknown'");
    tx.exec0(
        "UPDATE nudged.waves SET state = 'approved', held_reason = NULL, "
        "approved_at = now() WHERE state = 'held'");
    tx.commit();
  }
  REQUIRE(metrics.Refresh(connection, Now()).ok());
  const std::map<std::string, double> parsed = ParseExposition(metrics.Serialize());
  CHECK(parsed.at("gauge nudged_outbox_messages{channel=\"sms\",state=\"unknown\"}") == 0);
  CHECK(parsed.at("gauge nudged_outbox_unknown_messages{}") == 0);
  CHECK(parsed.at("gauge nudged_waves_held{}") == 0);
  // The 6 formerly unknown rows are ready, due since their updated_at an hour ago.
  CHECK(parsed.at("gauge nudged_queue_depth{}") == 52);
  CHECK(parsed.at("gauge nudged_queue_oldest_due_age_seconds{}") == 3600);
}

TEST_CASE("a failed refresh reports the database and keeps the last values",
          "[metrics][postgres]") {
  FillOutbox();
  Metrics metrics;
  pqxx::connection connection{TestDsn()};
  REQUIRE(metrics.Refresh(connection, Now()).ok());
  {
    pqxx::work tx{connection};
    tx.exec0("DROP SCHEMA nudged CASCADE");
    tx.commit();
  }
  const Status s = metrics.Refresh(connection, Now() + std::chrono::seconds(15));
  CHECK_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("read the metrics snapshot"));
  const std::map<std::string, double> parsed = ParseExposition(metrics.Serialize());
  CHECK(parsed.at("gauge nudged_queue_depth{}") == 46);
  const double now_s = std::chrono::duration<double>(Now().time_since_epoch()).count();
  CHECK(parsed.at("gauge nudged_metrics_refresh_timestamp_seconds{}") == now_s);
}

TEST_CASE("a wave's end line counts its rows by outcome", "[metrics][postgres]") {
  FillOutbox();
  pqxx::connection connection{TestDsn()};
  WaveKey wave;
  wave.school_year = "2026-2027";
  wave.number = 1;
  wave.date = D(2026, 10, 6);
  WaveOutcome outcome;
  REQUIRE(ReadWaveOutcome(connection, wave, &outcome).ok());
  CHECK_FALSE(outcome.finished());
  CHECK(WaveOutcomeFields(wave, outcome) ==
        "wave=1 date=2026-10-06 messages=259 accepted=161 delivered=127 undelivered=4 failed=3 "
        "expired=2 pending=93");
  {
    pqxx::work tx{connection};
    tx.exec0(
        "UPDATE nudged.outbox SET state = 'expired', lease_owner = NULL, lease_until = NULL "
        "WHERE state IN ('planned', 'ready', 'sending', 'unknown')");
    tx.commit();
  }
  REQUIRE(ReadWaveOutcome(connection, wave, &outcome).ok());
  CHECK(outcome.finished());
  wave.number = 2;
  REQUIRE(ReadWaveOutcome(connection, wave, &outcome).ok());
  CHECK(outcome.by_state.empty());
}

TEST_CASE("the independent parser rejects text that is not Prometheus format", "[metrics]") {
  const std::string path = NewScratchDirectory("metrics-parse") + "/bad.txt";
  std::ofstream(path) << "# TYPE nudged_queue_depth gauge\nnudged_queue_depth{state=\"x\" 3\n";
  const ProcessResult parsed =
      RunProcess({"/usr/bin/python3", SourcePath("tests/metrics/parse_prometheus.py"), path});
  CHECK(parsed.exit_code == 1);
}

}  // namespace
}  // namespace nudged
