// Implementation details: every series of the provider and of the fixed outbox states is
// created in the constructor, so a scrape shows zeros rather than missing series before the
// first event. Outbox (state, channel) pairs are created as the database shows them (a later
// migration may add a state) and read 0 when a snapshot no longer has them.

#include "metrics/metrics.h"

#include <prometheus/text_serializer.h>

#include <chrono>
#include <string>

namespace nudged {
namespace {

constexpr std::array<Channel, 4> kAllChannels = {Channel::kSms, Channel::kVoice, Channel::kEmail,
                                                 Channel::kLetter};
// The outbox states of sql/001_state.sql.
constexpr std::array<const char*, 9> kOutboxStates = {"planned", "ready",     "sending",
                                                      "sent",    "delivered", "undelivered",
                                                      "failed",  "expired",   "unknown"};
// SendResult's values, in order.
constexpr std::array<const char*, 4> kOutcomeNames = {"accepted", "retryable", "permanent",
                                                      "ambiguous"};
constexpr int kTooManyRequests = 429;

// From 10 ms (a provider next door) to 30 s (past any request timeout).
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries buckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                                  1,    2.5,   5,    10,  30};
  return buckets;
}

prometheus::Gauge* AddGauge(prometheus::Registry& registry, const std::string& name,
                            const std::string& help) {
  return &prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

}  // namespace

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  prometheus::Registry& r = *registry_;
  messages_ = &prometheus::BuildGauge()
                   .Name("nudged_outbox_messages")
                   .Help("Outbox rows by delivery state and channel.")
                   .Register(r);
  queue_depth_ = AddGauge(r, "nudged_queue_depth", "Ready outbox rows due now.");
  oldest_due_age_ = AddGauge(r, "nudged_queue_oldest_due_age_seconds",
                             "Seconds since the oldest ready row became due; 0 when none is.");
  unknown_ = AddGauge(r, "nudged_outbox_unknown_messages",
                      "Outbox rows whose send is ambiguous, waiting for reconciliation.");
  last_sync_success_ = AddGauge(r, "nudged_last_sync_success_timestamp_seconds",
                                "When the latest successful SIS sync finished; 0: never.");
  last_plan_ =
      AddGauge(r, "nudged_last_plan_timestamp_seconds", "When a wave was last planned; 0: never.");
  last_enqueue_ = AddGauge(r, "nudged_last_enqueue_timestamp_seconds",
                           "When a wave's messages were last enqueued; 0: never.");
  held_waves_ = AddGauge(r, "nudged_waves_held",
                         "Waves held by the data-quality gate, waiting for nudged approve.");
  last_refresh_ = AddGauge(r, "nudged_metrics_refresh_timestamp_seconds",
                           "When the database-derived metrics were last read; 0: never.");

  auto& latency = prometheus::BuildHistogram()
                      .Name("nudged_provider_request_duration_seconds")
                      .Help("Time from starting a provider request to its outcome.")
                      .Register(r);
  auto& responses = prometheus::BuildCounter()
                        .Name("nudged_provider_responses_total")
                        .Help("Provider send attempts by channel and outcome.")
                        .Register(r);
  auto& throttled = prometheus::BuildCounter()
                        .Name("nudged_provider_throttled_total")
                        .Help("Provider answers with HTTP 429 (Too Many Requests).")
                        .Register(r);
  auto& sent = prometheus::BuildCounter()
                   .Name("nudged_messages_sent_total")
                   .Help("Messages and calls the provider accepted.")
                   .Register(r);
  for (const Channel channel : kAllChannels) {
    const int c = static_cast<int>(channel);
    const std::string name(ChannelName(channel));
    latency_[c] = &latency.Add({{"channel", name}}, LatencyBuckets());
    for (int o = 0; o < kOutcomes; ++o) {
      responses_[c][o] = &responses.Add({{"channel", name}, {"outcome", kOutcomeNames[o]}});
    }
    throttled_[c] = &throttled.Add({{"channel", name}});
    sent_[c] = &sent.Add({{"channel", name}});
    for (const char* state : kOutboxStates) {
      message_gauges_[{state, name}] = &messages_->Add({{"state", state}, {"channel", name}});
    }
  }
  webhook_callbacks_ = &prometheus::BuildCounter()
                            .Name("nudged_webhook_callbacks_total")
                            .Help("Webhook requests received, by kind.")
                            .Register(r);
}

Status Metrics::Refresh(pqxx::connection& connection, Instant now) {
  StateSnapshot snapshot;
  Status s = ReadStateSnapshot(connection, now, &snapshot);
  if (!s.ok()) return s;
  std::lock_guard lock(snapshot_mutex_);
  ApplyLocked(snapshot);
  last_refresh_->Set(std::chrono::duration<double>(now.time_since_epoch()).count());
  return Status::Ok();
}

void Metrics::Apply(const StateSnapshot& snapshot) {
  std::lock_guard lock(snapshot_mutex_);
  ApplyLocked(snapshot);
}

void Metrics::ApplyLocked(const StateSnapshot& snapshot) {
  last_snapshot_ = snapshot;
  for (auto& [key, gauge] : message_gauges_) gauge->Set(0);
  std::int64_t unknown = 0;
  for (const auto& [key, count] : snapshot.messages) {
    prometheus::Gauge*& gauge = message_gauges_[key];
    if (gauge == nullptr) gauge = &messages_->Add({{"state", key.first}, {"channel", key.second}});
    gauge->Set(static_cast<double>(count));
    if (key.first == "unknown") unknown += count;
  }
  unknown_->Set(static_cast<double>(unknown));
  queue_depth_->Set(static_cast<double>(snapshot.queue_depth));
  oldest_due_age_->Set(snapshot.oldest_due_age_seconds);
  last_sync_success_->Set(snapshot.last_sync_success);
  last_plan_->Set(snapshot.last_plan);
  last_enqueue_->Set(snapshot.last_enqueue);
  held_waves_->Set(static_cast<double>(snapshot.held_waves));
}

void Metrics::RecordProviderResponse(Channel channel, const SendOutcome& outcome) {
  const int c = static_cast<int>(channel);
  latency_[c]->Observe(std::chrono::duration<double>(outcome.latency).count());
  responses_[c][static_cast<int>(outcome.result)]->Increment();
  if (outcome.http_status == kTooManyRequests) throttled_[c]->Increment();
  if (outcome.result == SendResult::kAccepted) sent_[c]->Increment();
}

ProviderObserver Metrics::ProviderResponseObserver() {
  return [this](Channel channel, const SendOutcome& outcome) {
    RecordProviderResponse(channel, outcome);
  };
}

void Metrics::RecordWebhookCallback(std::string_view kind) {
  webhook_callbacks_->Add({{"kind", std::string(kind)}}).Increment();
}

std::string Metrics::StatusLine() const {
  std::lock_guard lock(snapshot_mutex_);
  return last_snapshot_ ? StatusSummary(*last_snapshot_) : "no snapshot yet";
}

std::string Metrics::Serialize() const {
  std::lock_guard lock(snapshot_mutex_);
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace nudged
