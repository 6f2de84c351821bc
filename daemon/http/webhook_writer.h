// The database thread of the webhook listener: handlers queue what they received, and one
// thread with its own connection writes everything queued in one transaction (group commit,
// WebhookStore::Record), then completes each request's callback on the io executor, so a
// request is acknowledged only after its commit. Between batches, and at least every
// `sweep_interval`, it applies pending callbacks (WebhookStore::ApplyPending).
//
// Outages: while the database cannot be reached, queued requests complete with Unavailable
// (the handler answers 503 and the provider retries) and the connection is reopened with
// backoff; the loss and the recovery are logged once each.
//
// Thread-safe: Submit may be called from any thread.

#ifndef NUDGED_HTTP_WEBHOOK_WRITER_H_
#define NUDGED_HTTP_WEBHOOK_WRITER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <thread>
#include <vector>

#include "db/connection.h"
#include "http/webhook_store.h"
#include "nudged/status.h"

namespace nudged {

class WebhookWriter {
 public:
  // Called on the io executor with the commit's Status: Ok once stored.
  using Done = std::function<void(const Status& status)>;

  WebhookWriter(ConnectionFactory connect, boost::asio::any_io_executor executor,
                std::chrono::milliseconds sweep_interval = std::chrono::seconds(1));
  // Stops the thread (Stop).
  ~WebhookWriter();

  // Starts the database thread. REQUIRES: called once.
  void Start();

  // Completes what is queued (committing it if the database is reachable), then ends the
  // thread and waits for it. Later Submits complete with Unavailable.
  void Stop();

  void Submit(StatusCallback callback, Done done);
  void Submit(InboundMessage message, Done done);

 private:
  struct Batch {
    std::vector<StatusCallback> callbacks;
    std::vector<InboundMessage> inbound;
    std::vector<Done> done;  // callbacks' first, then inbound's, in order
  };

  // Appends `item` and `done` to the queues the database thread takes them from, or completes
  // `done` with Unavailable once stopping.
  template <typename Item>
  void Queue(Item item, Done done, std::vector<Item>* items, std::vector<Done>* dones);
  void Run();
  // Writes `batch` and completes it. Returns false when the connection was lost.
  bool Write(WebhookStore& store, Batch batch);
  void Complete(std::vector<Done> done, const Status& status);
  void ReportDatabase(const Status& status);

  // Constant after construction.
  const ConnectionFactory connect_;
  const boost::asio::any_io_executor executor_;
  const std::chrono::milliseconds sweep_interval_;

  std::mutex mutex_;
  std::condition_variable wake_;
  // Guarded by mutex_.
  std::vector<StatusCallback> callbacks_;
  std::vector<InboundMessage> inbound_;
  std::vector<Done> callback_done_;
  std::vector<Done> inbound_done_;
  bool stopping_ = false;

  // Database thread only.
  bool database_down_ = false;
  std::thread thread_;
};

}  // namespace nudged

#endif  // NUDGED_HTTP_WEBHOOK_WRITER_H_
