// Implementation details: everything but the counters lives on one strand; provider callbacks
// (on the provider's executor) are posted back onto it. Waiting for a token is a timer in real
// time capped at kLongestWait, after which the clock is read again: the clock may be simulated
// and move by other means than time passing. `queued_` counts a row from Submit until its
// request starts or it is handed back, `in_flight_` until its outcome is queued (a change is
// pushed before its counter drops), so the database thread sees how much it may claim and never
// finds a row in neither place.

#include "dispatch/send_pump.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <memory>

#include "common/log_value.h"

namespace nudged {
namespace {

constexpr std::chrono::microseconds kLongestWait{10'000};
// How much later than its token a request may reach the provider, at most, as far as the rate
// limit cares (scheduling between the token and the request, the network).
constexpr std::chrono::microseconds kDeliveryJitter{20'000};

}  // namespace

SendPump::SendPump(boost::asio::io_context& io, Provider& provider, Clock& clock,
                   const SendGate& gate, ChangeQueue& changes, const SendPumpOptions& options)
    : provider_(provider),
      clock_(clock),
      gate_(gate),
      changes_(changes),
      options_(options),
      strand_(boost::asio::make_strand(io)),
      timer_(strand_),
      bucket_(options.rate_per_second, kDeliveryJitter),
      random_(options.seed) {}

int SendPump::TokensFreeBy(Instant when) const {
  std::lock_guard lock(bucket_mutex_);
  return bucket_.FreeBy(when);
}

void SendPump::Submit(std::vector<ClaimedMessage> messages) {
  queued_ += static_cast<int>(messages.size());
  boost::asio::post(strand_, [this, messages = std::move(messages)]() mutable {
    for (ClaimedMessage& message : messages) queue_.push_back(std::move(message));
    Pump();
  });
}

void SendPump::Stop() {
  boost::asio::post(strand_, [this] {
    stopping_ = true;
    ReleaseQueued("dispatcher stopping before the request", std::nullopt);
  });
}

void SendPump::Release(const ClaimedMessage& message, const std::string& why,
                       std::optional<Instant> next_at) {
  RowChange change;
  change.outbox_id = message.message.outbox_id;
  change.from = OutboxState::kSending;
  change.to = OutboxState::kReady;
  change.attempt = message.attempt;
  change.detail = why;
  change.next_at = next_at;
  change.unsent = true;
  changes_.Push(std::move(change));
  --queued_;
}

void SendPump::ReleaseQueued(const std::string& why, std::optional<Instant> next_at) {
  for (const ClaimedMessage& message : queue_) Release(message, why, next_at);
  queue_.clear();
}

void SendPump::PumpAfter(std::chrono::microseconds wait) {
  if (timer_armed_) return;
  timer_armed_ = true;
  timer_.expires_after(std::min(wait, kLongestWait));
  timer_.async_wait([this](const boost::system::error_code&) {
    timer_armed_ = false;
    Pump();
  });
}

// Shape: take rows off the front while a request slot is free; each row must still be
// sendable now (window open, deadline and lease end far enough ahead), the fence not passed,
// and a token free, or the loop waits.
void SendPump::Pump() {
  while (!queue_.empty() && in_flight_ < options_.concurrency && !stopping_) {
    const Instant now = clock_.Now();
    const GateState gate = gate_.At(now);
    if (!gate.open) {
      std::optional<Instant> next_at;
      if (gate.next_opens_at) next_at = Instant(*gate.next_opens_at);
      ReleaseQueued("send window closed before the request", next_at);
      return;
    }
    if (now >= queue_.front().relevant_until) {
      Release(queue_.front(), "relevance deadline passed before the request", std::nullopt);
      queue_.pop_front();
      continue;
    }
    if (now + options_.request_budget >= queue_.front().lease_until) {
      Release(queue_.front(), "lease too short for the request", std::nullopt);
      queue_.pop_front();
      continue;
    }
    if (now.time_since_epoch().count() >= fence_us_.load()) {
      PumpAfter(kLongestWait);
      return;
    }
    std::unique_lock bucket_lock(bucket_mutex_);
    if (!bucket_.TryTake(now)) {
      const std::chrono::microseconds wait = bucket_.WaitTime(now);
      bucket_lock.unlock();
      PumpAfter(wait);
      return;
    }
    bucket_lock.unlock();
    // Shared, so the message the provider reads stays put while the callback holds it too.
    auto message = std::make_shared<const ClaimedMessage>(std::move(queue_.front()));
    queue_.pop_front();
    ++in_flight_;
    --queued_;
    provider_.Send(message->message, [this, message](SendOutcome outcome) {
      boost::asio::post(strand_, [this, message, outcome = std::move(outcome)] {
        OnSent(*message, outcome);
      });
    });
  }
}

void SendPump::OnSent(const ClaimedMessage& message, const SendOutcome& outcome) {
  const Instant now = clock_.Now();
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const SendTransition transition =
      TransitionAfterSend(outcome, message.attempt, options_.retry, unit(random_));
  RowChange change;
  change.outbox_id = message.message.outbox_id;
  change.from = OutboxState::kSending;
  change.to = transition.to;
  change.attempt = message.attempt;
  if (outcome.result == SendResult::kAccepted) change.sid = outcome.sid;
  change.code = outcome.provider_code;
  change.detail = transition.detail;
  change.opt_out = transition.opt_out;
  if (transition.to == OutboxState::kReady) change.next_at = now + transition.retry_delay;
  if (transition.to == OutboxState::kUnknown) change.next_at = now + options_.reconcile.interval;
  changes_.Push(std::move(change));
  // Only now: the database thread must never see the row neither in flight nor queued.
  --in_flight_;
  Pump();
}

void SendPump::Reconcile(std::vector<UnknownRow> rows) {
  reconciling_ += static_cast<int>(rows.size());
  for (UnknownRow& row : rows) {
    const auto since = std::chrono::floor<std::chrono::seconds>(row.attempt_started) -
                       kProviderClockSkew;
    const Channel channel = row.channel;
    const std::string to = row.to;
    provider_.ListSent(channel, to, since,
                       [this, row = std::move(row)](Status status,
                                                    std::vector<SentRecord> records) mutable {
                         boost::asio::post(strand_, [this, row = std::move(row),
                                                     status = std::move(status),
                                                     records = std::move(records)] {
                           OnListed(row, status, records);
                         });
                       });
  }
}

void SendPump::OnListed(const UnknownRow& row, const Status& status,
                        const std::vector<SentRecord>& records) {
  const Instant now = clock_.Now();
  RowChange change;
  if (status.ok()) {
    change = ReconcileChange(row, FindAttempt(row, records), now, options_.reconcile);
  } else {
    spdlog::error("provider listing failed id={} status={}", row.outbox_id,
                  LogQuote(status.ToString()));
    change.outbox_id = row.outbox_id;
    change.from = change.to = OutboxState::kUnknown;
    change.attempt = row.attempt;
    change.next_at = now + options_.reconcile.interval;
  }
  changes_.Push(std::move(change));
  --reconciling_;
}

}  // namespace nudged
