// Implementation details: the timer and the flags live on io's thread; the worker lives on the
// one-thread pool. A round is posted to the pool and posts its result back to io, where the
// timer is armed for the next one: min(next due instant, poll interval), or the backoff after
// a failure (1 s doubling to 60 s).

#include "scheduler/scheduler_service.h"

#include "common/log_value.h"

#include <date/date.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace nudged {
namespace {

constexpr std::chrono::seconds kFirstBackoff{1};
constexpr std::chrono::seconds kMaxBackoff{60};

}  // namespace

SchedulerService::SchedulerService(boost::asio::io_context& io, Clock& clock,
                                   std::unique_ptr<SchedulerWorker> worker)
    : io_(io), clock_(clock), timer_(io), worker_(std::move(worker)) {}

SchedulerService::~SchedulerService() { thread_.join(); }

void SchedulerService::Start() { Arm(std::chrono::seconds(0)); }

void SchedulerService::Reconfigure(const Config& config, const std::string& config_path) {
  boost::asio::post(thread_, [this, config, config_path] {
    const Status status = worker_->Configure(config, config_path);
    if (!status.ok()) {
      spdlog::error("scheduler kept its configuration error={}", LogQuote(status.ToString()));
    }
  });
  if (running_round_) {
    round_again_ = true;
  } else {
    Arm(std::chrono::seconds(0));
  }
}

void SchedulerService::RequestStop() {
  stopping_ = true;
  timer_.cancel();
}

void SchedulerService::Join() {
  RequestStop();
  boost::asio::post(thread_, [this] { worker_->Shutdown(); });
  thread_.join();
}

void SchedulerService::Arm(std::chrono::steady_clock::duration wait) {
  if (stopping_) return;
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) StartRound();
  });
}

void SchedulerService::StartRound() {
  if (stopping_ || running_round_) return;
  running_round_ = true;
  boost::asio::post(thread_, [this] {
    std::optional<Instant> next;
    const Status status = worker_->RunDue(clock_.Now(), &next);
    boost::asio::post(io_, [this, status, next] { RoundDone(status, next); });
  });
}

void SchedulerService::RoundDone(const Status& status, std::optional<Instant> next) {
  running_round_ = false;
  if (stopping_) return;
  if (!status.ok()) {
    backoff_ = std::clamp(backoff_ * 2, kFirstBackoff, kMaxBackoff);
    if (healthy_) {
      spdlog::error("scheduler failing, retrying with backoff error={}",
                    LogQuote(status.ToString()));
    }
    healthy_ = false;
    Arm(backoff_);
    return;
  }
  if (!healthy_) spdlog::info("scheduler recovered");
  spdlog::debug("scheduler round done next={}",
                next ? date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(*next))
                     : std::string("none"));
  healthy_ = true;
  backoff_ = std::chrono::seconds(0);
  std::chrono::steady_clock::duration wait = kPollInterval;
  if (next) wait = std::min<std::chrono::steady_clock::duration>(wait, *next - clock_.Now());
  if (round_again_) wait = std::chrono::seconds(0);
  round_again_ = false;
  Arm(std::max<std::chrono::steady_clock::duration>(wait, std::chrono::seconds(0)));
}

}  // namespace nudged
