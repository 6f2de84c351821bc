// Implementation details: every helper opens its own short connection, so tests never share a
// pqxx::connection with a dispatcher's thread. Rows are inserted with one set-based statement.

#include "tests/support/dispatch_fixture.h"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "calendar/calendar.h"
#include "calendar/test_configs.h"
#include "dispatch/outbox_store.h"
#include "tests/support/pg_mirror.h"

namespace nudged::testing {

void ResetOutbox(Date wave_date) {
  pqxx::connection connection{TestDsn()};
  RecreateStateSchema(connection);
  pqxx::work tx{connection};
  tx.exec_params0(
      "INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, state, "
      "enqueued_at) VALUES ('2026-2027', 1, $1::date, $1::date - 7, 'initial', 'enqueued', now())",
      FormatIsoDate(wave_date));
  tx.commit();
}

std::vector<std::int64_t> InsertReadyRows(int count, Instant relevant_until, Channel channel) {
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  const pqxx::result rows = tx.exec_params(
      "INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, language, "
      "kind, recipient, body, state, relevant_until) "
      "SELECT '2026-2027', 1, 's' || n, 'c' || n, $1, 'en', 'initial', "
      "'+1508' || lpad(n::text, 7, '0'), 'Message ' || n, 'ready', $2::timestamptz "
      "FROM generate_series(1, $3) AS n ORDER BY n RETURNING outbox_id",
      std::string(ChannelName(channel)), SqlTimestamp(relevant_until), count);
  tx.commit();
  std::vector<std::int64_t> ids;
  for (const pqxx::row& row : rows) ids.push_back(row[0].as<std::int64_t>());
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string RowState(std::int64_t outbox_id) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec_params1("SELECT state FROM nudged.outbox WHERE outbox_id = $1", outbox_id)[0]
      .as<std::string>();
}

std::string AuditTrail(std::int64_t outbox_id) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec_params1(
               "SELECT coalesce(string_agg(coalesce(old_state, '') || '>' || new_state, ' ' "
               "ORDER BY audit_id), '') FROM nudged.audit_events WHERE outbox_id = $1",
               outbox_id)[0]
      .as<std::string>();
}

int CountInState(const std::string& state) {
  pqxx::connection connection{TestDsn()};
  pqxx::read_transaction tx{connection};
  return tx.exec_params1("SELECT count(*) FROM nudged.outbox WHERE state = $1", state)[0].as<int>();
}

bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

ProviderConfig TestProviderConfig() {
  ProviderConfig provider;
  provider.from_number = "+15085550100";
  provider.rate_per_second = 10000;
  provider.concurrency = 8;
  provider.max_attempts = 3;
  provider.backoff_initial_ms = 20;
  provider.backoff_max_ms = 200;
  provider.request_timeout_ms = 2000;
  return provider;
}

SendGate EveryDayGate(LocalTime start, LocalTime end) {
  CalendarConfig calendar = Year(D(2026, 9, 1), D(2027, 6, 30));
  const WeekdaySet every_day =
      Days({std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday,
            std::chrono::Thursday, std::chrono::Friday, std::chrono::Saturday,
            std::chrono::Sunday});
  calendar.instructional_weekdays = every_day;
  CadenceConfig cadence;
  cadence.send_weekdays = every_day;
  return SendGate(Calendar(calendar, cadence), start, end, *date::locate_zone("America/New_York"));
}

DispatcherOptions TestDispatcherOptions(const std::string& instance) {
  DispatcherOptions options;
  options.instance = instance;
  options.idle_poll = std::chrono::milliseconds(10);
  options.heartbeat_interval = std::chrono::milliseconds(100);
  options.reconcile_interval = std::chrono::seconds(1);
  options.reconcile_grace = std::chrono::seconds(2);
  options.seed = 7;
  return options;
}

DispatcherRun::DispatcherRun(Clock& clock, ScriptedProvider::Script script,
                             DispatcherOptions options, ProviderConfig provider, SendGate gate,
                             std::chrono::milliseconds latency)
    : provider_(io_, clock, std::move(script), latency),
      dispatcher_(
          provider, std::move(gate), std::move(options),
          [dsn = TestDsn()](std::unique_ptr<pqxx::connection>* connection) {
            try {
              *connection = std::make_unique<pqxx::connection>(dsn);
              return Status::Ok();
            } catch (const std::exception& e) {
              return Status::Unavailable(e.what());
            }
          },
          io_, provider_, clock) {
  thread_ = std::thread([this] {
    status_ = dispatcher_.Run();
    exited_ = true;
  });
}

DispatcherRun::~DispatcherRun() { StopAndJoin(); }

Status DispatcherRun::StopAndJoin() {
  dispatcher_.Stop();
  if (thread_.joinable()) thread_.join();
  return status_;
}

bool DispatcherRun::WaitForExit(std::chrono::milliseconds timeout) {
  if (!WaitUntil([this] { return exited_.load(); }, timeout)) return false;
  thread_.join();
  return true;
}

}  // namespace nudged::testing
