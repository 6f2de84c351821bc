// Implementation details: the database thread owns the connection and every transaction; the
// io_context thread owns the requests. They meet in two places only: SendPump::Submit (claimed
// rows, already committed as sending) and the ChangeQueue (outcomes to commit). Claims keep the
// pump's queue (claimed, request not started) to the free request slots plus a quarter of the
// concurrency, and to the tokens the rate limit frees within kQueueHorizon, so a row seldom
// waits long in sending before its request, and a crash leaves few rows to reconcile. A failed
// database step keeps its changes in unwritten_ and reconnects; the changes' guards make
// writing them again harmless.

#include "dispatch/dispatcher.h"

#include <date/tz.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <random>

#include "calendar/calendar.h"
#include "common/log_value.h"
#include "common/mask.h"

namespace nudged {
namespace {

using std::chrono::steady_clock;

constexpr std::chrono::seconds kHousekeepingPeriod{1};
constexpr int kReconcileBatch = 64;
constexpr std::chrono::seconds kReconcileLease{60};
constexpr std::chrono::seconds kReconnectPause{1};

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

DispatcherOptions WithDefaults(DispatcherOptions options) {
  if (options.instance.empty()) options.instance = HostName() + ":" + std::to_string(getpid());
  if (options.seed == 0) options.seed = std::random_device()();
  return options;
}

// Claims are limited to the rows the rate limit lets start within this horizon.
constexpr std::chrono::milliseconds kQueueHorizon{20};

std::chrono::seconds Lease(const ProviderConfig& provider) {
  return std::chrono::seconds((provider.connect_timeout_ms + provider.request_timeout_ms) / 1000 +
                              60);
}

// The sender whose rate limit this dispatcher keeps (nudged.sender_leases).
std::string SenderOf(const ProviderConfig& provider) {
  if (!provider.messaging_service_sid.empty()) return provider.messaging_service_sid;
  if (!provider.from_number.empty()) return provider.from_number;
  return "account " + provider.account_sid;
}

SendPumpOptions PumpOptions(const ProviderConfig& provider, const DispatcherOptions& options) {
  SendPumpOptions pump;
  pump.rate_per_second = provider.rate_per_second;
  pump.concurrency = provider.concurrency;
  pump.request_budget =
      std::chrono::milliseconds(provider.connect_timeout_ms + provider.request_timeout_ms);
  pump.retry = RetryPolicy::From(provider);
  pump.reconcile = ReconcilePolicy{options.reconcile_grace, options.reconcile_interval,
                                   provider.max_attempts};
  pump.seed = options.seed;
  return pump;
}

}  // namespace

SendGate SendGateFor(const Config& config) {
  return SendGate(Calendar(config.calendar, config.cadence), config.cadence.send_window_start,
                  config.cadence.send_window_end, *date::locate_zone(config.district.timezone));
}

bool Dispatcher::Periodic::Due(Instant now) const {
  return now >= next_on_clock || steady_clock::now() >= next_in_real_time;
}

void Dispatcher::Periodic::Schedule(Instant now, std::chrono::microseconds period) {
  next_on_clock = now + period;
  next_in_real_time = steady_clock::now() + period;
}

Dispatcher::Dispatcher(const ProviderConfig& provider_config, SendGate gate,
                       DispatcherOptions options, ConnectionFactory connect,
                       boost::asio::io_context& io, Provider& provider, Clock& clock)
    : provider_config_(provider_config),
      gate_(std::move(gate)),
      options_(WithDefaults(std::move(options))),
      connect_(std::move(connect)),
      lease_(Lease(provider_config)),
      sender_(SenderOf(provider_config)),
      io_(io),
      clock_(clock),
      pump_(io, provider, clock, gate_, changes_, PumpOptions(provider_config, options_)),
      work_(boost::asio::make_work_guard(io)) {}

Dispatcher::~Dispatcher() {
  if (database_thread_.joinable()) database_thread_.join();
}

void Dispatcher::Stop() {
  stop_requested_ = true;
  changes_.Wake();
}

Status Dispatcher::Run() {
  Status status = connect_(&connection_);
  if (!status.ok()) return status;
  store_ = std::make_unique<OutboxStore>(*connection_, options_.instance);
  status = store_->Register(clock_.Now(), options_.dead_after, HostName(), getpid());
  if (!status.ok()) return status;
  spdlog::info(
      "dispatcher started instance={} rate_per_second={} concurrency={} window_start={} "
      "window_end={}",
      options_.instance, provider_config_.rate_per_second, provider_config_.concurrency,
      gate_.window_start().ToString(), gate_.window_end().ToString());
  database_thread_ = std::thread([this] { DatabaseLoop(); });
  io_.run();
  database_thread_.join();
  return final_status_;
}

bool Dispatcher::Drained() const {
  // Counters before the queue: the pump pushes a change before its counter drops.
  return pump_.queued() == 0 && pump_.in_flight() == 0 && pump_.reconciling() == 0 &&
         changes_.empty() && unwritten_.empty();
}

// Shape: turn after turn until Stop (or idle): each turn heartbeats, writes outcomes, claims
// and does the periodic work that is due; a database failure reconnects and carries on. Then
// drain: no new claims, outcomes of the requests in flight written, instance marked stopped.
void Dispatcher::DatabaseLoop() {
  while (!stop_requested_) {
    bool busy = false;
    Status status = Turn(clock_.Now(), &busy);
    if (status.IsConflict()) {
      final_status_ = status;
      spdlog::error("dispatcher stopping instance={} status={}", options_.instance,
                    LogQuote(status.ToString()));
      break;
    }
    if (!status.ok()) {
      spdlog::error("dispatcher database step failed instance={} status={}", options_.instance,
                    LogQuote(status.ToString()));
      Reconnect();
      continue;
    }
    if (busy) continue;
    changes_.WaitFor(options_.idle_poll);
  }
  Drain();
  if (final_status_.ok()) {
    Status stopped = Status::Ok();
    if (holds_sender_) stopped = store_->ReleaseSender(clock_.Now(), sender_);
    if (stopped.ok()) stopped = store_->MarkStopped(clock_.Now());
    if (!stopped.ok()) {
      spdlog::warn("clean stop not recorded status={}", LogQuote(stopped.ToString()));
    }
  }
  spdlog::info("dispatcher stopped instance={}", options_.instance);
  work_.reset();
  io_.stop();
}

Status Dispatcher::Heartbeat(Instant now) {
  Status status = store_->Heartbeat(now);
  if (!status.ok()) return status;
  status = HoldSender(now);
  if (!status.ok()) return status;
  if (options_.after_heartbeat) options_.after_heartbeat(*connection_);
  int rescued = 0;
  return store_->RescueAbandoned(now, options_.dead_after, &rescued);
}

// The lease lasts as long as the pump's fence: others take the sender over (and rows left in
// sending) only after both are over, and the hand-over gap keeps two holders' sends out of one
// rate-limit window.
Status Dispatcher::HoldSender(Instant now) {
  const Instant until = now + options_.dead_after / 2;
  bool held = false;
  Status status = store_->HoldSender(now, sender_, until - now, pump_.rate_period(), &held);
  if (!status.ok()) return status;
  if (held) pump_.Renew(until);
  if (held != holds_sender_) {
    if (held) {
      spdlog::info("sending as this sender instance={} sender={}", options_.instance,
                   MaskPhone(sender_));
    } else {
      spdlog::info("another instance sends as this sender, standing by instance={} sender={}",
                   options_.instance, MaskPhone(sender_));
    }
    holds_sender_ = held;
  }
  return Status::Ok();
}

Status Dispatcher::Turn(Instant now, bool* busy) {
  if (heartbeat_.Due(now)) {
    heartbeat_.Schedule(now, options_.heartbeat_interval);
    Status status = Heartbeat(now);
    if (!status.ok()) return status;
  }
  if (steady_clock::now() - last_flush_ >= options_.commit_interval) {
    Status status = FlushChanges(now);
    if (!status.ok()) return status;
  }
  const GateState gate = gate_.At(now);
  if (housekeeping_.Due(now)) {
    housekeeping_.Schedule(now, kHousekeepingPeriod);
    Status status = Housekeeping(now, gate);
    if (!status.ok()) return status;
  }
  bool exhausted = !gate.open;
  bool full = false;
  if (gate.open && holds_sender_ && claim_poll_.Due(now)) {
    Status status = ClaimIfRoom(now, gate, &exhausted, &full);
    if (!status.ok()) return status;
    if (exhausted) claim_poll_.Schedule(now, options_.idle_poll);
  }
  if (options_.until_idle && exhausted && idle_check_.Due(now)) {
    idle_check_.Schedule(now, options_.idle_poll);
    bool idle = false;
    Status status = CheckIdle(now, gate, &idle);
    if (!status.ok()) return status;
    if (idle) {
      spdlog::info("dispatcher idle, nothing left to send in this window instance={}",
                   options_.instance);
      Stop();
    }
  }
  // Busy: more may be due right away, or outcomes wait for the next group commit.
  *busy = full || !changes_.empty();
  if (*busy && !changes_.empty()) {
    const auto next_flush = last_flush_ + options_.commit_interval;
    if (next_flush > steady_clock::now()) std::this_thread::sleep_until(next_flush);
  }
  return Status::Ok();
}

Status Dispatcher::FlushChanges(Instant now) {
  last_flush_ = steady_clock::now();
  std::vector<RowChange> taken = changes_.TakeAll();
  unwritten_.insert(unwritten_.end(), std::make_move_iterator(taken.begin()),
                    std::make_move_iterator(taken.end()));
  if (unwritten_.empty()) return Status::Ok();
  int applied = 0;
  Status status = store_->Apply(now, unwritten_, &applied);
  if (!status.ok()) return status;
  if (applied < static_cast<int>(unwritten_.size())) {
    spdlog::warn("outcomes skipped, rows no longer leased by this instance count={}",
                 unwritten_.size() - applied);
  }
  unwritten_.clear();
  return Status::Ok();
}

Status Dispatcher::ClaimIfRoom(Instant now, const GateState& gate, bool* exhausted,
                               bool* full) {
  *exhausted = false;
  *full = false;
  const int free_slots = provider_config_.concurrency - pump_.in_flight();
  // The bucket may free a whole second's tokens at once; at the configured pace the horizon
  // holds only rate x horizon sends, and a row claimed beyond them would wait in sending.
  const int paced = std::max(
      1, static_cast<int>(provider_config_.rate_per_second *
                          std::chrono::duration<double>(kQueueHorizon).count()));
  const int target = std::min({free_slots + std::max(1, provider_config_.concurrency / 4),
                               pump_.TokensFreeBy(now + kQueueHorizon), paced});
  const int queued = pump_.queued();
  const int room = std::min(target - queued, options_.claim_batch);
  // Claim in batches: wait for a quarter of the target to free up, unless the queue is empty.
  if (room <= 0 || (queued > 0 && room < std::max(1, target / 4))) return Status::Ok();
  std::vector<ClaimedMessage> claimed;
  Status status = store_->Claim(now, gate.local_date, room, lease_, &claimed);
  if (!status.ok()) return status;
  *exhausted = static_cast<int>(claimed.size()) < room;
  *full = !*exhausted;
  if (!claimed.empty()) pump_.Submit(std::move(claimed));
  return Status::Ok();
}

Status Dispatcher::Housekeeping(Instant now, const GateState& gate) {
  int expired = 0;
  Status status;
  if (gate.open) {
    status = store_->ExpireReady(now, now, "relevance deadline passed", &expired);
  } else if (gate.next_opens_at) {
    status = store_->ExpireReady(now, Instant(*gate.next_opens_at),
                                 "relevance deadline passes before the next send window",
                                 &expired);
  } else {
    status = store_->ExpireReady(now, std::nullopt, "no send window left this school year",
                                 &expired);
  }
  if (!status.ok()) return status;
  if (!gate.open && gate.next_opens_at) {
    int deferred = 0;
    status = store_->DeferReady(now, Instant(*gate.next_opens_at), &deferred);
    if (!status.ok()) return status;
    if (deferred > 0) {
      spdlog::info("send window closed, messages wait for the next one count={} next={}", deferred,
                   date::format("%FT%TZ", *gate.next_opens_at));
    }
  }
  if (pump_.reconciling() == 0 && (!options_.may_reconcile || options_.may_reconcile())) {
    std::vector<UnknownRow> rows;
    status = store_->LeaseUnknown(now, kReconcileBatch, kReconcileLease, &rows);
    if (!status.ok()) return status;
    if (!rows.empty()) pump_.Reconcile(std::move(rows));
  }
  return Status::Ok();
}

Status Dispatcher::CheckIdle(Instant now, const GateState& gate, bool* idle) {
  *idle = false;
  if (!Drained()) return Status::Ok();
  bool pending = true;
  std::optional<Instant> closes;
  if (gate.open) closes = Instant(gate.closes_at);
  Status status = store_->HasPendingWork(now, gate.local_date, closes, &pending);
  if (!status.ok()) return status;
  *idle = !pending;
  return Status::Ok();
}

// Logs the outage once (the caller logged its cause) and the recovery once, not every try.
void Dispatcher::Reconnect() {
  const auto lost_at = steady_clock::now();
  for (int tries = 1; !stop_requested_; ++tries) {
    changes_.WaitFor(kReconnectPause);
    std::unique_ptr<pqxx::connection> connection;
    const Status status = connect_(&connection);
    if (status.ok()) {
      connection_ = std::move(connection);
      store_->UseConnection(*connection_);
      spdlog::info("dispatcher reconnected instance={} tries={} seconds={}", options_.instance,
                   tries,
                   std::chrono::duration_cast<std::chrono::seconds>(steady_clock::now() - lost_at)
                       .count());
      return;
    }
    spdlog::debug("dispatcher reconnect failed instance={} tries={} status={}", options_.instance,
                  tries, LogQuote(status.ToString()));
  }
}

void Dispatcher::Drain() {
  if (!final_status_.ok()) return;
  pump_.Stop();
  const auto deadline = steady_clock::now() +
                        std::chrono::milliseconds(provider_config_.request_timeout_ms) +
                        std::chrono::seconds(5);
  while (steady_clock::now() < deadline) {
    Status status = FlushChanges(clock_.Now());
    if (!status.ok()) {
      spdlog::error("outcomes not written at shutdown status={}", LogQuote(status.ToString()));
      return;
    }
    if (Drained()) return;
    changes_.WaitFor(options_.commit_interval);
  }
  spdlog::warn(
      "dispatcher stopped with requests in flight, their rows will be reconciled "
      "instance={} count={}",
      options_.instance, pump_.in_flight());
}

}  // namespace nudged
