// Implementation details: the database check opens a fresh connection each time rather than
// borrowing one, so it sees exactly what a restart would (the server, the login, the
// password file) and never waits behind a long query. libpq takes connect_timeout in whole
// seconds, hence the rounding up (and raises anything below 2 to 2).

#include "metrics/ops_handlers.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <pqxx/pqxx>
#include <string_view>
#include <utility>

#include "db/connection.h"
#include "db/errors.h"

namespace nudged {
namespace {

constexpr const char* kTextContentType = "text/plain; charset=utf-8";

OpsResponse Text(int status, std::string body) {
  return OpsResponse{status, kTextContentType, std::move(body) + "\n", ""};
}

OpsResponse Readiness(const OpsSources& sources) {
  if (!sources.config_loaded()) return Text(503, "not ready: configuration not loaded");
  const Status database = sources.check_database();
  if (!database.ok()) {
    std::string reason = database.message();
    // One line, whatever libpq wrote.
    for (char& c : reason) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    while (!reason.empty() && reason.back() == ' ') reason.pop_back();
    return Text(503, "not ready: " + reason);
  }
  return Text(200, "ready");
}

// Returns `url` with libpq's connect_timeout set, for a URL or a key=value string.
std::string WithConnectTimeout(const std::string& url, long long seconds) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    const char separator = url.find('?') == std::string::npos ? '?' : '&';
    return fmt::format("{}{}connect_timeout={}", url, separator, seconds);
  }
  return fmt::format("{} connect_timeout={}", url, seconds);
}

}  // namespace

OpsResponse HandleOpsRequest(const OpsRequest& request, const OpsSources& sources) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  const bool known = path == "/healthz" || path == "/readyz" || path == "/metrics";
  if (!known) return Text(404, "not found");
  const bool head = request.method == "HEAD";
  if (request.method != "GET" && !head) {
    OpsResponse response = Text(405, "method not allowed");
    response.allow = "GET, HEAD";
    return response;
  }
  OpsResponse response;
  if (path == "/healthz") {
    response = Text(200, "ok");
  } else if (path == "/readyz") {
    response = Readiness(sources);
  } else {
    response = OpsResponse{200, kPrometheusContentType, sources.metrics_text(), ""};
  }
  if (head) response.body.clear();
  return response;
}

Status CheckStateDatabase(const DatabaseConfig& config, std::chrono::milliseconds timeout) {
  const long long seconds = std::max<long long>(1, (timeout.count() + 999) / 1000);
  DatabaseConfig quick = config;
  quick.url = WithConnectTimeout(config.url, seconds);
  quick.statement_timeout_ms = static_cast<int>(std::max<long long>(1, timeout.count()));
  std::unique_ptr<pqxx::connection> connection;
  Status s = OpenStateDatabase(quick, &connection);
  if (!s.ok()) return Status::Unavailable(s.message());
  try {
    pqxx::nontransaction tx(*connection);
    tx.exec("SELECT 1");
  } catch (...) {
    return Status::Unavailable(StatusFromCurrentException("query the state database").message());
  }
  return Status::Ok();
}

}  // namespace nudged
