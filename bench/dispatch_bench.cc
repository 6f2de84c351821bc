// Times the dispatcher's whole protocol against PostgreSQL (claim committed as sending, the
// request, the outcome and its audit rows group-committed) with an in-process Provider double
// that accepts every message after a fixed latency, so the figure is the dispatcher's own
// ceiling without HTTP. Also reports the delay from claim to request (p50, p99).
//   dispatch_bench DSN [MESSAGES] [LATENCY_MS] [CONCURRENCY] [RATE]
// DESTRUCTIVE: drops and recreates schema "nudged" in DSN. Use a throwaway database.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "common/simulated_clock.h"
#include "db/migrations.h"
#include "db/migrator.h"
#include "dispatch/dispatcher.h"
#include "dispatch/outbox_store.h"
#include "tests/support/scripted_provider.h"

namespace nudged {
namespace {

constexpr Instant kNoon{std::chrono::sys_days(std::chrono::year(2026) / 11 / 3) +
                        std::chrono::hours(17)};

void Prepare(const std::string& dsn, int messages) {
  pqxx::connection connection{dsn};
  {
    pqxx::work tx{connection};
    tx.exec0("DROP SCHEMA IF EXISTS nudged CASCADE");
    tx.commit();
  }
  MigrateResult migrated;
  if (!Migrate(connection, EmbeddedMigrations(), &migrated).ok()) std::exit(1);
  pqxx::work tx{connection};
  tx.exec0("INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, state, "
           "enqueued_at) VALUES ('2026-2027', 1, '2026-11-03', '2026-10-27', 'initial', "
           "'enqueued', now())");
  tx.exec_params0(
      "INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, language, "
      "kind, recipient, body, state, relevant_until) "
      "SELECT '2026-2027', 1, 's' || n, 'c' || n, 'sms', 'en', 'initial', "
      "'+1' || (5080000000 + n)::text, 'Message ' || n, 'ready', $1::timestamptz "
      "FROM generate_series(1, $2) AS n",
      SqlTimestamp(kNoon + std::chrono::hours(48)), messages);
  tx.commit();
}

SendGate AlwaysOpenOnNoon() {
  CalendarConfig calendar;
  calendar.first_day = std::chrono::year(2026) / 9 / 1;
  calendar.last_day = std::chrono::year(2027) / 6 / 30;
  CadenceConfig cadence;
  return SendGate(Calendar(calendar, cadence), LocalTime(8, 0), LocalTime(21, 0),
                  *date::locate_zone("America/New_York"));
}

std::chrono::microseconds Percentile(std::vector<std::chrono::microseconds> values, double p) {
  if (values.empty()) return std::chrono::microseconds(0);
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: dispatch_bench DSN [MESSAGES] [LATENCY_MS] [CONCURRENCY] [RATE]\n");
    return 2;
  }
  const std::string dsn = argv[1];
  const int messages = argc > 2 ? std::atoi(argv[2]) : 20000;
  const int latency_ms = argc > 3 ? std::atoi(argv[3]) : 50;
  ProviderConfig provider_config;
  provider_config.concurrency = argc > 4 ? std::atoi(argv[4]) : 256;
  provider_config.rate_per_second = argc > 5 ? std::atof(argv[5]) : 1e6;
  spdlog::set_level(spdlog::level::warn);
  Prepare(dsn, messages);

  SimulatedClock clock(kNoon, 1.0);
  boost::asio::io_context io;
  testing::ScriptedProvider provider(
      io, clock, [](const OutgoingMessage&, int) { return testing::Accepted(); },
      std::chrono::milliseconds(latency_ms));
  DispatcherOptions options;
  options.instance = "bench";
  options.until_idle = true;
  options.idle_poll = std::chrono::milliseconds(10);
  Dispatcher dispatcher(
      provider_config, AlwaysOpenOnNoon(), options,
      [dsn](std::unique_ptr<pqxx::connection>* c) {
        *c = std::make_unique<pqxx::connection>(dsn);
        return Status::Ok();
      },
      io, provider, clock);
  const auto start = std::chrono::steady_clock::now();
  const Status status = dispatcher.Run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!status.ok()) {
    std::fprintf(stderr, "dispatch_bench: %s\n", status.ToString().c_str());
    return 3;
  }

  std::map<std::int64_t, Instant> requested;
  for (const auto& request : provider.Requests()) requested[request.outbox_id] = request.at;
  pqxx::connection connection{dsn};
  pqxx::read_transaction tx{connection};
  const pqxx::result rows = tx.exec(
      "SELECT a.outbox_id, (extract(epoch FROM a.at) * 1000000)::bigint FROM nudged.audit_events a "
      "WHERE a.new_state = 'sending'");
  std::vector<std::chrono::microseconds> claim_to_request;
  for (const pqxx::row& row : rows) {
    const auto found = requested.find(row[0].as<std::int64_t>());
    if (found == requested.end()) continue;
    claim_to_request.push_back(found->second -
                               Instant(std::chrono::microseconds(row[1].as<std::int64_t>())));
  }
  const int sent = tx.exec1("SELECT count(*) FROM nudged.outbox WHERE state = 'sent'")[0].as<int>();
  std::printf("dispatch_bench: %d messages sent in %.2f s = %.0f messages/s (latency %d ms, "
              "concurrency %d, rate %.0f/s); claim to request p50 %.1f ms, p99 %.1f ms\n",
              sent, seconds, sent / seconds, latency_ms, provider_config.concurrency,
              provider_config.rate_per_second,
              Percentile(claim_to_request, 0.50).count() / 1000.0,
              Percentile(claim_to_request, 0.99).count() / 1000.0);
  return sent == messages ? 0 : 1;
}

}  // namespace
}  // namespace nudged

int main(int argc, char** argv) { return nudged::Main(argc, argv); }
