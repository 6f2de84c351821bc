// Implementation details: the webhook listener is the WebhookServer with its token read at
// start. The ops listener answers from what it has (the last check's result, the metrics'
// last snapshot) so its handlers never block the event loop; its thread holds one
// connection and reopens it when a check fails.

#include "app/run_components.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <pqxx/pqxx>

#include "app/systemd_notify.h"
#include "common/log_value.h"
#include "db/connection.h"
#include "metrics/ops_handlers.h"
#include "provider/provider_token.h"

namespace nudged {
namespace {

namespace http = boost::beast::http;

// How long listeners let requests under way finish at stop.
constexpr std::chrono::milliseconds kStopGrace{2000};
// The database check behind /readyz, and the refresh of the database-derived metrics (a
// count over the outbox: about 0.2 s at a million rows, so not on every scrape).
constexpr std::chrono::seconds kCheckPeriod{2};
constexpr std::chrono::seconds kRefreshPeriod{10};

bool SameWebhookSettings(const Config& a, const Config& b) {
  return a.http.listen == b.http.listen && a.http.public_url == b.http.public_url &&
         a.http.max_body_bytes == b.http.max_body_bytes &&
         a.http.max_connections == b.http.max_connections &&
         a.http.request_timeout_ms == b.http.request_timeout_ms &&
         a.provider.status_callback_url == b.provider.status_callback_url &&
         a.provider.auth_token_env == b.provider.auth_token_env &&
         a.provider.auth_token_file == b.provider.auth_token_file &&
         a.district.name == b.district.name && a.district.phone == b.district.phone &&
         a.database.url == b.database.url && a.database.password_env == b.database.password_env &&
         a.database.password_file == b.database.password_file &&
         a.database.statement_timeout_ms == b.database.statement_timeout_ms;
}

}  // namespace

WebhookListener::WebhookListener(const Config& config, boost::asio::any_io_executor executor,
                                 Metrics& metrics)
    : config_(config), executor_(std::move(executor)), metrics_(metrics) {}

WebhookListener::~WebhookListener() = default;

Status WebhookListener::Start() { return StartServer(); }

Status WebhookListener::StartServer() {
  if (config_.http.public_url.empty() && config_.provider.status_callback_url.empty()) {
    // Without them no delivery status or STOP reply would be received.
    spdlog::warn("webhook listener off, no url to check signatures against needs={}",
                 LogQuote("http.public_url or provider.status_callback_url"));
    return Status::Ok();
  }
  std::string token;
  Status status = ReadProviderToken(config_.provider, &token);
  if (!status.ok()) return status;
  server_ = std::make_unique<WebhookServer>(config_, std::move(token),
                                            StateDatabaseConnector(config_.database), executor_);
  server_->ObserveRequests([this](std::string_view kind) { metrics_.RecordWebhookCallback(kind); });
  boost::asio::ip::tcp::endpoint bound;
  status = server_->Start(&bound);
  if (!status.ok()) server_.reset();
  return status;
}

// Shape: the old server stops (requests under way answered, listener closed), then, on the
// loop, it is destroyed and a new one starts on the newest settings. A reload during that wait
// only updates the settings.
void WebhookListener::Reload(const Config& config) {
  if (SameWebhookSettings(config_, config) || stopped_) return;
  config_ = config;
  spdlog::info("webhook listener restarting with new settings section={}", "http");
  if (retiring_) return;
  if (!server_) {
    const Status status = StartServer();
    if (!status.ok()) spdlog::error("webhook listener off error={}", LogQuote(status.ToString()));
    return;
  }
  retiring_ = std::move(server_);
  // Posted: the old server is destroyed outside its own stop callback.
  retiring_->Stop(kStopGrace, [this] {
    boost::asio::post(executor_, [this] {
      retiring_.reset();
      if (stopped_) return;
      const Status status = StartServer();
      if (!status.ok()) {
        spdlog::error("webhook listener off error={}", LogQuote(status.ToString()));
      }
    });
  });
}

void WebhookListener::Stop() {
  stopped_ = true;
  if (server_) server_->Stop(kStopGrace, nullptr);
}

OpsListener::OpsListener(const Config& config, boost::asio::any_io_executor executor,
                         Metrics& metrics, Clock& clock)
    : config_(config),
      executor_(std::move(executor)),
      metrics_(metrics),
      clock_(clock),
      database_status_(Status::Unavailable("the state database was not checked yet")) {}

OpsListener::~OpsListener() {
  Stop();
  if (checker_.joinable()) checker_.join();
}

Status OpsListener::database_status() const {
  std::lock_guard lock(mutex_);
  return database_status_;
}

Status OpsListener::Start() {
  if (config_.metrics.listen.empty()) {
    spdlog::info("metrics listener off, no address setting={}", "metrics.listen");
    return Status::Ok();
  }
  const OpsSources sources{
      [] { return true; },  // the daemon runs only with a valid configuration
      [this] { return database_status(); },
      [this] { return metrics_.Serialize(); }};
  auto handle = [sources](HttpRequest request, HttpRespond respond) {
    const OpsResponse answer =
        HandleOpsRequest({std::string(request.method_string()), std::string(request.target())},
                         sources);
    HttpResponse response = MakeResponse(request, static_cast<http::status>(answer.status),
                                         answer.content_type, answer.body);
    if (!answer.allow.empty()) response.set(http::field::allow, answer.allow);
    respond(std::move(response));
  };
  std::vector<HttpRoute> routes;
  for (const char* path : {"/healthz", "/readyz", "/metrics"}) {
    routes.push_back(HttpRoute{http::verb::get, path, "", handle});
    routes.push_back(HttpRoute{http::verb::head, path, "", handle});
  }
  HttpServerOptions options;
  options.listen = config_.metrics.listen;
  options.max_body_bytes = 1024;
  options.max_connections = 16;
  options.request_timeout = std::chrono::milliseconds(5000);
  server_ = std::make_unique<HttpServer>(executor_, options, std::move(routes));
  boost::asio::ip::tcp::endpoint bound;
  Status status = server_->Start(&bound);
  if (!status.ok()) return status;
  checker_ = std::thread([this] { CheckLoop(); });
  spdlog::info("metrics listener started address={} port={}", bound.address().to_string(),
               bound.port());
  return Status::Ok();
}

void OpsListener::Reload(const Config& config) {
  if (config.metrics.listen != config_.metrics.listen) {
    spdlog::warn("metrics settings changed, they take effect at the next restart section={}",
                 "metrics");
  }
}

void OpsListener::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (server_) server_->Stop(kStopGrace, nullptr);
}

// Shape: every kCheckPeriod: (re)connect if needed, SELECT 1, and every kRefreshPeriod the
// metrics' refresh; the result of the last step is /readyz's answer. Failures are logged once
// per change of state.
void OpsListener::CheckLoop() {
  std::unique_ptr<pqxx::connection> connection;
  auto next_refresh = std::chrono::steady_clock::now();
  bool was_ok = true;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    Status status = Status::Ok();
    if (!connection) status = OpenStateDatabase(config_.database, &connection);
    if (status.ok() && std::chrono::steady_clock::now() >= next_refresh) {
      status = metrics_.Refresh(*connection, clock_.Now());
      if (status.ok()) systemd::NotifyStatus(metrics_.StatusLine());
      next_refresh = std::chrono::steady_clock::now() + kRefreshPeriod;
    } else if (status.ok()) {
      try {
        pqxx::nontransaction tx(*connection);
        tx.exec("SELECT 1");
      } catch (const std::exception& e) {
        status = Status::Unavailable(std::string("state database check failed: ") + e.what());
      }
    }
    if (!status.ok()) connection.reset();
    if (status.ok() != was_ok) {
      if (status.ok()) {
        spdlog::info("ready again, the state database answers");
      } else {
        spdlog::error("not ready error={}", LogQuote(status.ToString()));
      }
      was_ok = status.ok();
    }
    lock.lock();
    database_status_ = status;
    wake_.wait_for(lock, kCheckPeriod, [this] { return stopping_; });
  }
}

}  // namespace nudged
