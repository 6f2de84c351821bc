// Implementation details: `nudged run` has one event loop (io_, on a thread of its own): the
// signal set (SIGHUP reload, SIGTERM/SIGINT stop), the scheduler's timer (its rounds run on
// the scheduler's own thread: scheduler/scheduler_service.h), the listeners (webhooks,
// metrics: app/run_components.h) and systemd's READY, RELOADING, STOPPING, STATUS and
// WATCHDOG. The main thread runs the dispatcher, each run on an io_context of its own that
// dies with it, so no handler of a stopped dispatcher or its provider can outlive them:
//
//   start scheduler and listeners, then the event loop's thread
//   until stopped:
//     dispatcher.Run()            until Stop (reload, stop) or a failure at start
//     reload pending?  apply the new configuration (on the loop), build a new dispatcher
//     failed?          wait out the backoff (the loop serves signals and the scheduler)
//   let the listeners finish, end the loop, join the scheduler (lets the leader lease go)
//
// Restarting the dispatcher is how a reload takes effect on the provider and dispatcher
// settings: Stop drains in-flight sends, the new one claims with the new settings.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <spdlog/spdlog.h>
#include <unistd.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <csignal>
#include <future>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <thread>
#include <vector>

#include "app/cli.h"
#include "app/commands.h"
#include "app/component.h"
#include "app/db_commands.h"
#include "app/logging.h"
#include "app/run_components.h"
#include "app/systemd_notify.h"
#include "common/log_value.h"
#include "config/loader.h"
#include "db/connection.h"
#include "dispatch/database_clock.h"
#include "dispatch/dispatcher.h"
#include "metrics/metrics.h"
#include "provider/observed_provider.h"
#include "provider/provider_token.h"
#include "provider/twilio_client.h"
#include "render/template_set.h"
#include "scheduler/leader_lease.h"
#include "scheduler/scheduler_service.h"

namespace nudged {
namespace {

constexpr std::chrono::seconds kLeaseTtl{30};
constexpr std::chrono::seconds kFirstBackoff{1};
constexpr std::chrono::seconds kMaxBackoff{60};
constexpr std::chrono::seconds kListenerGrace{2};

std::string InstanceName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return "localhost:" + std::to_string(getpid());
  return std::string(host) + ":" + std::to_string(getpid());
}

class Daemon {
 public:
  Daemon(const GlobalOptions& global, Config config)
      : global_(global), config_(std::move(config)), signals_(io_, SIGINT, SIGTERM, SIGHUP) {}

  int Run();

 private:
  // Event loop thread.
  void WaitForSignal();
  void Reload();
  void ApplyPendingConfig();
  // Main thread: dispatchers one after the other until stopping.
  void DispatchUntilStopped();
  Status RunDispatcher();
  // Has the event loop apply a pending configuration and waits for it. Returns false when
  // none was pending.
  bool ApplyPendingOnLoop();
  // Tells systemd's watchdog the event loop is alive, every `interval`, until stopping.
  void ArmWatchdog(std::chrono::microseconds interval);

  const GlobalOptions global_;
  const std::string instance_ = InstanceName();
  Config config_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdog_{io_};
  DatabaseClock clock_;
  std::unique_ptr<SchedulerService> scheduler_;
  // Fed by the dispatcher's provider answers and the webhooks; served by the ops listener.
  Metrics metrics_;
  // The webhook and ops listeners (app/run_components.h): started after the scheduler,
  // stopped first.
  std::vector<std::unique_ptr<Component>> components_;

  // Shared by the event loop and the main thread. config_ changes only on the loop, while
  // the main thread waits for it (ApplyPendingOnLoop).
  std::mutex mutex_;
  std::condition_variable wake_;  // stopping_ or pending_ set
  std::unique_ptr<Dispatcher> dispatcher_;  // set and reset by the main thread
  std::optional<Config> pending_;  // a reloaded configuration waiting for the dispatcher to stop
  bool stopping_ = false;
};

void Daemon::WaitForSignal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal) {
    if (error) return;
    if (signal == SIGHUP) {
      Reload();
      WaitForSignal();
      return;
    }
    spdlog::info("stopping signal={} instance={}", signal == SIGTERM ? "TERM" : "INT", instance_);
    systemd::NotifyStopping();
    watchdog_.cancel();
    for (auto it = components_.rbegin(); it != components_.rend(); ++it) (*it)->Stop();
    scheduler_->RequestStop();
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (dispatcher_) dispatcher_->Stop();
    wake_.notify_all();
  });
}

// A bad file changes nothing: its errors are logged with file:line:col and the configuration
// in force stays.
void Daemon::Reload() {
  systemd::NotifyReloading();
  spdlog::info("configuration reload requested path={}", global_.config_path);
  LoadResult result = LoadConfigFile(global_.config_path);
  std::vector<Diagnostic> problems = result.diagnostics;
  TemplateSet templates;
  if (result.ok()) {
    (void)TemplateSet::Build(result.config->messages, global_.config_path, &templates, &problems);
  }
  bool rejected = !result.ok();
  for (const Diagnostic& d : problems) {
    if (d.severity == Diagnostic::Severity::kError) {
      rejected = true;
      spdlog::error("configuration error problem={}", LogQuote(d.ToString()));
    } else {
      spdlog::warn("configuration warning problem={}", LogQuote(d.ToString()));
    }
  }
  if (rejected) {
    spdlog::error(
        "configuration reload rejected, the previous configuration stays in force "
        "path={}",
        global_.config_path);
    systemd::NotifyStatus("running; the last reload was rejected, see the journal");
    systemd::NotifyReady();
    return;
  }
  std::lock_guard lock(mutex_);
  pending_ = std::move(*result.config);
  if (dispatcher_) dispatcher_->Stop();
  wake_.notify_all();
}

void Daemon::ApplyPendingConfig() {
  {
    std::lock_guard lock(mutex_);
    config_ = std::move(*pending_);
    pending_.reset();
  }
  if (!global_.log_level) {
    if (auto level = ParseLogLevel(config_.logging.level)) SetLogLevel(*level);
  }
  scheduler_->Reconfigure(config_, global_.config_path);
  for (auto& component : components_) component->Reload(config_);
  spdlog::info("configuration reloaded path={} log_level={} rate_per_second={} concurrency={}",
               global_.config_path, config_.logging.level, config_.provider.rate_per_second,
               config_.provider.concurrency);
  systemd::NotifyStatus("running; configuration reloaded");
  systemd::NotifyReady();
}

void Daemon::ArmWatchdog(std::chrono::microseconds interval) {
  watchdog_.expires_after(interval);
  watchdog_.async_wait([this, interval](const boost::system::error_code& error) {
    if (error || stopping_) return;
    systemd::NotifyWatchdog();
    ArmWatchdog(interval);
  });
}

bool Daemon::ApplyPendingOnLoop() {
  {
    std::lock_guard lock(mutex_);
    if (!pending_) return false;
  }
  std::promise<void> applied;
  boost::asio::post(io_, [this, &applied] {
    ApplyPendingConfig();
    applied.set_value();
  });
  applied.get_future().wait();
  return true;
}

// One dispatcher with the configuration in force, until it is stopped or fails. Its sends run
// on `dispatch_io`, declared first so it goes last: the provider's sockets close into it, and
// their handlers are dropped with it, never run.
Status Daemon::RunDispatcher() {
  boost::asio::io_context dispatch_io;
  std::string token;
  Status status = ReadProviderToken(config_.provider, &token);
  std::unique_ptr<TwilioClient> provider;
  if (status.ok()) {
    status = TwilioClient::Create(config_.provider, dispatch_io.get_executor(), std::move(token),
                                  &provider);
  }
  if (!status.ok()) return status;
  DispatcherOptions options;
  options.instance = instance_;
  options.reconcile_grace = std::chrono::seconds(config_.provider.reconcile_grace_s);
  // Unknown rows are reconciled by the leader only; every instance sends.
  options.may_reconcile = [this] { return scheduler_->leader(); };
  options.after_heartbeat = [this](pqxx::connection& c) {
    const Status calibrated = clock_.Calibrate(c);
    if (!calibrated.ok()) {
      spdlog::warn("database clock not calibrated status={}", LogQuote(calibrated.ToString()));
    }
  };
  ObservedProvider observed(*provider, metrics_.ProviderResponseObserver());
  Dispatcher* dispatcher = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || pending_) return Status::Ok();
    dispatcher_ = std::make_unique<Dispatcher>(config_.provider, SendGateFor(config_), options,
                                               StateDatabaseConnector(config_.database),
                                               dispatch_io, observed, clock_);
    dispatcher = dispatcher_.get();
  }
  status = dispatcher->Run();
  std::lock_guard lock(mutex_);
  dispatcher_.reset();
  return status;
}

void Daemon::DispatchUntilStopped() {
  std::chrono::seconds backoff{0};
  bool healthy = true;
  for (;;) {
    const Status status = RunDispatcher();
    if (ApplyPendingOnLoop()) continue;
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (status.ok()) {
      healthy = true;
      backoff = std::chrono::seconds(0);
      continue;
    }
    backoff = std::clamp(backoff * 2, kFirstBackoff, kMaxBackoff);
    if (healthy) {
      spdlog::error("dispatcher failing, retrying with backoff error={}",
                    LogQuote(status.ToString()));
      systemd::NotifyStatus("dispatcher failing, retrying: " + status.ToString());
    }
    healthy = false;
    wake_.wait_for(lock, backoff, [this] { return stopping_ || pending_.has_value(); });
    if (stopping_) return;
    lock.unlock();
    ApplyPendingOnLoop();
  }
}

// Shape: see "Implementation details".
int Daemon::Run() {
  auto worker = std::make_unique<SchedulerWorker>();
  Status status = worker->Configure(config_, global_.config_path);
  if (!status.ok()) return ReportFailure("run", status);
  worker->UseLeaderLease(std::make_unique<LeaderLease>(instance_, kLeaseTtl));
  scheduler_ = std::make_unique<SchedulerService>(io_, clock_, std::move(worker));
  WaitForSignal();
  scheduler_->Start();
  components_.push_back(std::make_unique<WebhookListener>(config_, io_.get_executor(), metrics_));
  components_.push_back(
      std::make_unique<OpsListener>(config_, io_.get_executor(), metrics_, clock_));
  for (auto& component : components_) {
    status = component->Start();
    if (!status.ok()) return ReportFailure("run", status);
  }
  spdlog::info("running instance={} waves={} sync_at={} plan_at={}", instance_,
               BuildSchedule(config_.calendar, config_.cadence).waves.size(),
               config_.cadence.sync_at.ToString(), config_.cadence.plan_at.ToString());
  systemd::NotifyStatus("running");
  systemd::NotifyReady();
  if (const auto interval = systemd::WatchdogInterval()) ArmWatchdog(*interval);

  auto work = boost::asio::make_work_guard(io_);
  std::promise<void> loop_done;
  std::thread loop([this, &loop_done] {
    io_.run();
    loop_done.set_value();
  });
  DispatchUntilStopped();
  // The listeners answer the requests under way (their Stop gave them a grace period): the
  // loop ends once nothing is left to do, or is cut off after the grace.
  work.reset();
  boost::asio::post(io_, [this] { signals_.cancel(); });
  if (loop_done.get_future().wait_for(kListenerGrace) == std::future_status::timeout) io_.stop();
  loop.join();
  scheduler_->Join();
  spdlog::info("stopped instance={}", instance_);
  return kExitOk;
}

}  // namespace

int RunDaemon(const GlobalOptions& global) {
  std::optional<Config> config = LoadConfigOrReport(global);
  if (!config) return kExitInvalidInput;
  Daemon daemon(global, std::move(*config));
  return daemon.Run();
}

}  // namespace nudged
