// Implementation details: handlers append to vectors under the mutex; the thread swaps them out
// whole, so a batch is everything that arrived while the previous commit ran (the busier the
// listener, the bigger the batches). A batch that fails for a reason other than the connection
// (a row the database refuses) is written again one request at a time, so one bad request
// cannot fail the others.

#include "http/webhook_writer.h"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <iterator>
#include <optional>

#include "common/log_value.h"

namespace nudged {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kLongestRetry{2000};

}  // namespace

WebhookWriter::WebhookWriter(ConnectionFactory connect, boost::asio::any_io_executor executor,
                             std::chrono::milliseconds sweep_interval)
    : connect_(std::move(connect)),
      executor_(std::move(executor)),
      sweep_interval_(sweep_interval) {}

WebhookWriter::~WebhookWriter() { Stop(); }

void WebhookWriter::Start() {
  thread_ = std::thread([this] { Run(); });
}

void WebhookWriter::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WebhookWriter::Submit(StatusCallback callback, Done done) {
  Queue(std::move(callback), std::move(done), &callbacks_, &callback_done_);
}

void WebhookWriter::Submit(InboundMessage message, Done done) {
  Queue(std::move(message), std::move(done), &inbound_, &inbound_done_);
}

template <typename Item>
void WebhookWriter::Queue(Item item, Done done, std::vector<Item>* items,
                          std::vector<Done>* dones) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      items->push_back(std::move(item));
      dones->push_back(std::move(done));
      done = nullptr;
    }
  }
  if (done) return Complete({std::move(done)}, Status::Unavailable("webhook writer stopped"));
  wake_.notify_one();
}

// Main loop: wait for requests or the next sweep; (re)connect when needed; write the batch;
// sweep when due; leave after the batch taken together with the stop request.
void WebhookWriter::Run() {
  std::unique_ptr<pqxx::connection> connection;
  std::optional<WebhookStore> store;
  std::chrono::milliseconds retry = kFirstRetry;
  auto next_sweep = std::chrono::steady_clock::now();
  for (;;) {
    Batch batch;
    bool stop = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_sweep,
                       [this] { return stopping_ || !callbacks_.empty() || !inbound_.empty(); });
      batch.callbacks.swap(callbacks_);
      batch.inbound.swap(inbound_);
      batch.done.swap(callback_done_);
      std::move(inbound_done_.begin(), inbound_done_.end(), std::back_inserter(batch.done));
      inbound_done_.clear();
      stop = stopping_;
    }
    if (!connection) {
      const Status status = connect_(&connection);
      if (!status.ok()) {
        connection.reset();
        ReportDatabase(status);
        Complete(std::move(batch.done), Status::Unavailable("state database unreachable"));
        if (stop) return;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, retry, [this] { return stopping_; });
        retry = std::min(retry * 2, kLongestRetry);
        continue;
      }
      store.emplace(*connection);
      retry = kFirstRetry;
    }
    if (!batch.done.empty() && !Write(*store, std::move(batch))) connection.reset();
    if (connection && std::chrono::steady_clock::now() >= next_sweep) {
      int applied = 0;
      const Status status = store->ApplyPending(&applied);
      if (status.IsUnavailable() || status.IsInDoubt()) {
        connection.reset();
        ReportDatabase(status);
      } else if (!status.ok()) {
        spdlog::error("pending status callbacks not applied error={}", LogQuote(status.ToString()));
      }
      next_sweep = std::chrono::steady_clock::now() + sweep_interval_;
    }
    if (stop) return;
  }
}

bool WebhookWriter::Write(WebhookStore& store, Batch batch) {
  const Status status = store.Record(batch.callbacks, batch.inbound);
  if (status.ok()) {
    ReportDatabase(status);
    Complete(std::move(batch.done), status);
    return true;
  }
  if (status.IsUnavailable() || status.IsInDoubt()) {
    ReportDatabase(status);
    Complete(std::move(batch.done), Status::Unavailable(status.message()));
    return false;
  }
  if (batch.done.size() == 1) {
    spdlog::error("webhook request not stored error={}", LogQuote(status.ToString()));
    Complete(std::move(batch.done), status);
    return true;
  }
  // Split: each request alone, so only the one the database refuses fails.
  size_t index = 0;
  bool connected = true;
  for (StatusCallback& callback : batch.callbacks) {
    Batch one;
    one.callbacks.push_back(std::move(callback));
    one.done.push_back(std::move(batch.done[index++]));
    if (connected) {
      connected = Write(store, std::move(one));
    } else {
      Complete(std::move(one.done), Status::Unavailable("state database lost"));
    }
  }
  for (InboundMessage& message : batch.inbound) {
    Batch one;
    one.inbound.push_back(std::move(message));
    one.done.push_back(std::move(batch.done[index++]));
    if (connected) {
      connected = Write(store, std::move(one));
    } else {
      Complete(std::move(one.done), Status::Unavailable("state database lost"));
    }
  }
  return connected;
}

void WebhookWriter::Complete(std::vector<Done> done, const Status& status) {
  if (done.empty()) return;
  boost::asio::post(executor_, [done = std::move(done), status] {
    for (const Done& one : done) one(status);
  });
}

void WebhookWriter::ReportDatabase(const Status& status) {
  if (!status.ok() && !database_down_) {
    spdlog::error("webhook database unavailable, answering 503 until it returns error={}",
                  LogQuote(status.ToString()));
    database_down_ = true;
  } else if (status.ok() && database_down_) {
    spdlog::info("webhook database available again");
    database_down_ = false;
  }
}

}  // namespace nudged
