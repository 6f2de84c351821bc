// Implementation details: `nudged simulate` drives the daemon's scheduler worker (the same
// decisions, syncs, plans, gate, missed and finished waves as `nudged run`) on a simulated
// clock that jumps from event to event instead of waiting:
//
//   clock = --from 00:00 local
//   until --to 24:00:
//     worker.RunDue(now)                      sync / plan / close, as the daemon would
//     --approve-held: approve held waves, RunDue again
//     a wave has rows to send and its send window is open:
//       a Dispatcher until idle, on a clock running from now at real speed, against the
//       in-process SimulatedProvider; then the delivery receipts: each message or call the
//       provider accepted (TakeAccepted) becomes the status callbacks a carrier posts (sms:
//       sent, delivered; voice: completed), read by the webhook's parser
//       (ReadStatusCallback) and stored by its store (WebhookStore::Record, the statements
//       of POST /twilio/status), thousands to a transaction; and RunDue again (the wave
//       finishes)
//     jump to the earliest of: the worker's next event, the next send window of a wave with
//       rows to send
//   print one summary line per wave of the year
//
// It never builds a TwilioClient, so the configured base_url is never contacted. It does
// write to the configured state database, as the daemon would, so it refuses a database
// where real dispatchers ever ran (RefuseRealDatabase): point it at a scratch one. The
// receipts carry the database's time (now()), as the webhook's do, not the simulated clock's.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/db_commands.h"
#include "calendar/send_window.h"
#include "common/log_value.h"
#include "common/simulated_clock.h"
#include "db/array_literal.h"
#include "db/connection.h"
#include "db/errors.h"
#include "dispatch/dispatcher.h"
#include "http/webhook_server.h"
#include "http/webhook_store.h"
#include "provider/simulated_provider.h"
#include "quality/approval.h"
#include "scheduler/scheduler_worker.h"

namespace nudged {
namespace {

// The simulated provider has no rate limit to honour; the dispatcher's own stays in force at
// this rate so a wave of a few thousand messages takes seconds.
constexpr double kSimulatedRatePerSecond = 2000;
constexpr int kSimulatedConcurrency = 16;

// The receipts of this many accepted messages and calls (at most twice as many callbacks) go
// to the webhook's store in one transaction.
constexpr std::size_t kReceiptsPerBatch = 2500;

// The accepted rows of a batch that are now delivered.
constexpr const char* kCountDelivered = R"sql(
SELECT count(*) FROM nudged.outbox WHERE outbox_id = ANY($1::bigint[]) AND state = 'delivered'
)sql";

// The status callbacks a carrier posts for an accepted message (sent, then delivered) or call
// (completed), read by the webhook's own parser as POST /twilio/status reads their forms.
Status CarrierCallbacks(const SimulatedProvider::Receipt& receipt,
                        std::vector<StatusCallback>* callbacks) {
  const bool call = receipt.channel == Channel::kVoice;
  const std::vector<std::string> statuses =
      call ? std::vector<std::string>{"completed"} : std::vector<std::string>{"sent", "delivered"};
  for (const std::string& status : statuses) {
    StatusCallback callback;
    callback.outbox_id = receipt.outbox_id;
    const std::string problem =
        ReadStatusCallback({{call ? "CallSid" : "MessageSid", receipt.sid},
                            {call ? "CallStatus" : "MessageStatus", status}},
                           &callback);
    if (!problem.empty()) return Status::Internal("simulated status callback: " + problem);
    callbacks->push_back(std::move(callback));
  }
  return Status::Ok();
}

// Posts the delivery receipts of `receipts` through the webhook's store (WebhookStore::Record,
// as the daemon stores status callbacks), in batches of kReceiptsPerBatch. Adds to *delivered
// the rows of `receipts` delivered once they are stored. Posting a receipt again would change
// no row: the store moves rows forward only.
Status PostReceipts(pqxx::connection& connection,
                    const std::vector<SimulatedProvider::Receipt>& receipts,
                    std::int64_t* delivered) {
  WebhookStore store(connection);
  for (std::size_t first = 0; first < receipts.size(); first += kReceiptsPerBatch) {
    const std::size_t last = std::min(receipts.size(), first + kReceiptsPerBatch);
    std::vector<StatusCallback> callbacks;
    std::vector<std::string> ids;
    for (std::size_t i = first; i < last; ++i) {
      Status status = CarrierCallbacks(receipts[i], &callbacks);
      if (!status.ok()) return status;
      ids.push_back(std::to_string(receipts[i].outbox_id));
    }
    Status status = store.Record(callbacks, {});
    if (!status.ok()) return status;
    try {
      pqxx::read_transaction tx{connection};
      *delivered += tx.exec_params1(kCountDelivered, TextArrayLiteral(ids))[0].as<std::int64_t>();
    } catch (...) {
      return StatusFromCurrentException("count the delivered rows");
    }
  }
  return Status::Ok();
}

constexpr const char* kRealDispatchers = R"sql(
SELECT string_agg(instance, ', ' ORDER BY instance) FROM nudged.dispatcher_instances
WHERE instance NOT LIKE 'simulate:%'
)sql";

// A simulation claims every ready row and marks what it "sent" delivered, so on a database
// where `nudged run` or `nudged dispatch` ever ran it would fake the delivery of real
// messages. Returns InvalidArgument naming those dispatchers when there are any.
Status RefuseRealDatabase(pqxx::connection& connection) {
  try {
    pqxx::read_transaction tx{connection};
    const pqxx::field real = tx.exec1(kRealDispatchers)[0];
    if (real.is_null()) return Status::Ok();
    return Status::InvalidArgument(
        "the state database has been used by real dispatchers (" + real.as<std::string>() +
        "); a simulation would claim its messages and fake their delivery: point [database] "
        "url at a scratch database");
  } catch (...) {
    return StatusFromCurrentException("check that the state database is not a real one");
  }
}

Date LocalDate(Instant now, const date::time_zone& zone) {
  return Date{std::chrono::floor<date::days>(zone.to_local(now)).time_since_epoch()};
}

Instant ToInstant(std::chrono::sys_seconds seconds) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(seconds);
}

class Simulation {
 public:
  Simulation(const GlobalOptions& global, const SimulateOptions& options, Config config)
      : global_(global),
        options_(options),
        config_(std::move(config)),
        zone_(*date::locate_zone(config_.district.timezone)),
        clock_(ToInstant(LocalInstant(options.from, LocalTime(0, 0), zone_))),
        end_(ToInstant(LocalInstant(options.to + std::chrono::days(1), LocalTime(0, 0), zone_))) {
    config_.provider.rate_per_second = kSimulatedRatePerSecond;
    config_.provider.concurrency = kSimulatedConcurrency;
  }

  int Run();

 private:
  Status Step(Instant now, std::optional<Instant>* next);
  Status ApproveHeld();
  Status Dispatch(Instant now);
  // The next instant a wave with rows to send may send, after `now` and after the window
  // already dispatched; nullopt when none.
  std::optional<Instant> NextSendWindow(Instant now, const SchedulerView& view) const;
  void PrintSummary();

  const GlobalOptions global_;
  const SimulateOptions options_;
  Config config_;
  const date::time_zone& zone_;
  SimulatedClock clock_;
  const Instant end_;
  SchedulerWorker worker_;
  std::unique_ptr<pqxx::connection> connection_;
  Instant dispatched_until_{};  // the end of the last window dispatched
  std::int64_t accepted_ = 0;
  std::int64_t delivered_ = 0;
  std::map<int, std::string> approved_;
};

Status Simulation::ApproveHeld() {
  SchedulerView view;
  Status status = worker_.ReadView(&view);
  for (const auto& [wave, progress] : view.waves) {
    if (!status.ok()) break;
    if (progress.state != "held") continue;
    Approval approval;
    status = ApproveHeldWave(*connection_, worker_.school_year(), wave,
                             "nudged simulate --approve-held", &approval);
    if (status.ok() && approval.outcome == Approval::Outcome::kApproved) {
      approved_[wave] = approval.held_reason;
      spdlog::warn("wave approved wave={} by={}", wave, LogQuote("nudged simulate --approve-held"));
    }
  }
  return status;
}

Status Simulation::Dispatch(Instant now) {
  boost::asio::io_context io;
  SimulatedProvider provider(io.get_executor());
  SimulatedClock clock(now, 1.0);
  DispatcherOptions options;
  options.instance = fmt::format("simulate:{}", getpid());
  options.until_idle = true;
  Dispatcher dispatcher(config_.provider, SendGateFor(config_), options,
                        StateDatabaseConnector(config_.database), io, provider, clock);
  Status status = dispatcher.Run();
  if (!status.ok()) return status;
  accepted_ += provider.accepted();
  clock_.Set(clock.Now());
  return PostReceipts(*connection_, provider.TakeAccepted(), &delivered_);
}

std::optional<Instant> Simulation::NextSendWindow(Instant now, const SchedulerView& view) const {
  bool waiting = false;
  for (const auto& [wave, progress] : view.waves) waiting |= progress.unfinished > 0;
  if (!waiting) return std::nullopt;
  const Date today = LocalDate(now, zone_);
  for (Date day = today; day <= today + std::chrono::days(7); day += std::chrono::days(1)) {
    const SendWindow window = SendWindowOn(day, config_.cadence.send_window_start,
                                           config_.cadence.send_window_end, zone_);
    const Instant start = ToInstant(window.start), end = ToInstant(window.end);
    if (end <= now || end <= dispatched_until_) continue;
    return std::max({start, now, dispatched_until_});
  }
  return std::nullopt;
}

// One event: what is due at `now`, and the sends of an open window. Sets *next.
Status Simulation::Step(Instant now, std::optional<Instant>* next) {
  Status status = worker_.RunDue(now, next);
  if (status.ok() && options_.approve_held) {
    status = ApproveHeld();
    if (status.ok()) status = worker_.RunDue(now, next);
  }
  SchedulerView view;
  if (status.ok()) status = worker_.ReadView(&view);
  if (!status.ok()) return status;
  const std::optional<Instant> window = NextSendWindow(now, view);
  if (window && *window <= now) {
    const Date today = LocalDate(now, zone_);
    dispatched_until_ = ToInstant(SendWindowOn(today, config_.cadence.send_window_start,
                                               config_.cadence.send_window_end, zone_)
                                      .end);
    status = Dispatch(now);
    if (status.ok()) status = worker_.RunDue(clock_.Now(), next);
    if (status.ok()) status = worker_.ReadView(&view);
    if (!status.ok()) return status;
  }
  if (const std::optional<Instant> later = NextSendWindow(clock_.Now(), view)) {
    if (!*next || *later < **next) *next = later;
  }
  return Status::Ok();
}

// Shape: see "Implementation details".
int Simulation::Run() {
  Status status = worker_.Configure(config_, global_.config_path);
  if (status.ok()) status = OpenStateDatabase(config_.database, &connection_);
  if (status.ok()) status = RefuseRealDatabase(*connection_);
  if (!status.ok()) return ReportFailure("simulate", status);
  spdlog::info("simulation started from={} to={} waves={}", FormatIsoDate(options_.from),
               FormatIsoDate(options_.to), worker_.schedule().waves.size());
  const auto started = std::chrono::steady_clock::now();
  int events = 0;
  for (Instant now = clock_.Now(); now < end_; now = clock_.Now()) {
    std::optional<Instant> next;
    status = Step(now, &next);
    if (!status.ok()) return ReportFailure("simulate", status);
    ++events;
    if (!next || *next >= end_) break;
    clock_.Set(std::max(*next, now + std::chrono::seconds(1)));
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  spdlog::info("simulation finished events={} accepted={} delivered={} seconds={}", events,
               accepted_, delivered_, fmt::format("{:.1f}", seconds.count()));
  PrintSummary();
  return kExitOk;
}

std::string Joined(const std::map<std::string, std::int64_t>& counts) {
  std::string text;
  for (const auto& [name, count] : counts) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", count, name);
  }
  return text.empty() ? "none" : text;
}

// One table row per wave, then its channels and skip reasons.
void Simulation::PrintSummary() {
  std::printf(
      "simulated %s to %s: %lld messages accepted by the simulated provider, %lld "
      "delivered\n\n",
      FormatIsoDate(options_.from).c_str(), FormatIsoDate(options_.to).c_str(),
      static_cast<long long>(accepted_), static_cast<long long>(delivered_));
  SchedulerView view;
  if (!worker_.ReadView(&view).ok()) return;
  std::printf(
      "wave  date        kind       state     planned  skipped  sent  delivered  failed  "
      "expired  waiting  held\n");
  std::string details;
  for (const Wave& wave : worker_.schedule().waves) {
    const WaveProgress& progress = view.waves[wave.number];
    WaveCounts counts;
    if (!worker_.ReadCounts(wave.number, &counts).ok()) return;
    std::int64_t total = 0;
    for (const auto& [state, n] : counts.by_state) total += n;
    const auto plan = worker_.plans().find(wave.number);
    const bool planned_here = plan != worker_.plans().end();
    const std::string held = progress.state == "held"            ? "yes"
                             : approved_.count(wave.number) != 0 ? "approved"
                                                                 : "no";
    std::printf(
        "%4d  %s  %-9s  %-8s  %7lld  %7s  %4lld  %9lld  %6lld  %7lld  %7lld  %s\n", wave.number,
        FormatIsoDate(wave.date).c_str(), std::string(WaveKindName(wave.kind)).c_str(),
        progress.state.empty() ? "-" : progress.state.c_str(), static_cast<long long>(total),
        planned_here ? std::to_string(plan->second.summary.skipped).c_str() : "-",
        static_cast<long long>(counts.Get("sent") + counts.Get("delivered") +
                               counts.Get("undelivered")),
        static_cast<long long>(counts.Get("delivered")),
        static_cast<long long>(counts.Get("failed") + counts.Get("undelivered")),
        static_cast<long long>(counts.Get("expired")),
        static_cast<long long>(counts.Get("ready") + counts.Get("planned")), held.c_str());
    details += fmt::format("wave {}: {}; skipped: {}\n", wave.number, Joined(counts.by_channel),
                           planned_here ? Joined(plan->second.summary.skipped_by_reason)
                                        : std::string("(planned by an earlier run)"));
  }
  std::printf("\n%s", details.c_str());
}

}  // namespace

int RunSimulate(const GlobalOptions& global, const SimulateOptions& options) {
  std::optional<Config> config = LoadConfigOrReport(global);
  if (!config) return kExitInvalidInput;
  Simulation simulation(global, options, std::move(*config));
  return simulation.Run();
}

}  // namespace nudged
