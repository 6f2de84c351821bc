// The listeners `nudged run` starts beside the scheduler and the dispatcher (app/component.h):
//   WebhookListener  [http]: the provider's status callbacks and inbound STOP/HELP replies
//                    (http/webhook_server.h), each request counted in the metrics by kind.
//   OpsListener      [metrics]: /healthz, /readyz and /metrics (metrics/ops_handlers.h), with
//                    a thread of its own that checks the state database every few seconds
//                    and refreshes the database-derived metrics, so no request waits on the
//                    database and a scrape costs no query.
// Both listen on the daemon's io_context (one thread). After SIGHUP the webhook listener
// restarts with the new settings when they changed (address, URLs, token source, limits, the
// district's name and phone for HELP, the state database); the metrics listener's address takes effect at the
// next restart of the daemon (a change is logged).

#ifndef NUDGED_APP_RUN_COMPONENTS_H_
#define NUDGED_APP_RUN_COMPONENTS_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/any_io_executor.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/component.h"
#include "config/config.h"
#include "http/http_server.h"
#include "http/webhook_server.h"
#include "metrics/metrics.h"
#include "nudged/clock.h"

namespace nudged {

class WebhookListener : public Component {
 public:
  WebhookListener(const Config& config, boost::asio::any_io_executor executor, Metrics& metrics);
  ~WebhookListener() override;

  // Starts the webhook server; without http.public_url or provider.status_callback_url there
  // is no URL to check signatures against, so it logs a warning and serves nothing.
  Status Start() override;
  // Stops the server when its settings changed and starts one with the new ones once the old
  // one has answered its requests and closed. A failure to start is logged; the daemon runs on
  // without webhooks until the next reload.
  void Reload(const Config& config) override;
  void Stop() override;

 private:
  // Starts a server on config_ (none when no URL is configured).
  Status StartServer();

  Config config_;  // the settings in force, or to restart with
  const boost::asio::any_io_executor executor_;
  Metrics& metrics_;
  std::unique_ptr<WebhookServer> server_;
  std::unique_ptr<WebhookServer> retiring_;  // stopping before a restart
  bool stopped_ = false;
};

class OpsListener : public Component {
 public:
  OpsListener(const Config& config, boost::asio::any_io_executor executor, Metrics& metrics,
              Clock& clock);
  ~OpsListener() override;

  // Listens on metrics.listen (an empty address disables the listener) and starts the
  // checking thread.
  Status Start() override;
  void Reload(const Config& config) override;
  void Stop() override;

 private:
  // The checking thread: a SELECT 1 every check period, a metrics refresh every refresh
  // period, over one connection reopened when it fails.
  void CheckLoop();
  Status database_status() const;

  const Config config_;  // as started
  const boost::asio::any_io_executor executor_;
  Metrics& metrics_;
  Clock& clock_;
  std::unique_ptr<HttpServer> server_;
  std::thread checker_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;    // guarded by mutex_
  Status database_status_;   // guarded by mutex_: the last check's result
};

}  // namespace nudged

#endif  // NUDGED_APP_RUN_COMPONENTS_H_
