// The handlers of the monitoring listener (issue 5, "Health and metrics"; [metrics] listen,
// loopback by default): what /healthz, /readyz and /metrics answer, as plain functions from a
// request's method and target to a response, so any HTTP server can serve them.
//   GET /healthz  200 "ok": the process is up and its event loop answers.
//   GET /readyz   200 "ready" when the configuration is loaded and the state database answers
//                 within a short timeout; else 503 with a one-line reason.
//   GET /metrics  200, the Prometheus text format (content type text/plain; version=0.0.4).
// HEAD is answered like GET; any other method gets 405, any other path 404. A query string is
// ignored.
//
// Thread-safety: HandleOpsRequest is as thread-safe as the sources it calls. /readyz blocks
// for up to the database check's timeout: serve it off the event loop's thread, or give it a
// check that reads a cached result.

#ifndef NUDGED_METRICS_OPS_HANDLERS_H_
#define NUDGED_METRICS_OPS_HANDLERS_H_

#include <chrono>
#include <functional>
#include <string>

#include "config/config.h"
#include "nudged/status.h"

namespace nudged {

struct OpsRequest {
  std::string method;  // "GET", "HEAD", ...
  std::string target;  // path and optional query, e.g. "/metrics?name=x"
};

struct OpsResponse {
  int status = 200;
  std::string content_type;
  std::string body;   // empty for HEAD, which still reports the GET's content type
  std::string allow;  // for 405: the methods allowed ("GET, HEAD"); else empty
};

// Where the answers come from; each must be set.
struct OpsSources {
  // Whether a valid configuration is in force.
  std::function<bool()> config_loaded;
  // Whether the state database answers; a non-OK Status's message becomes /readyz's reason.
  std::function<Status()> check_database;
  // The metrics text (e.g. Metrics::Serialize).
  std::function<std::string()> metrics_text;
};

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Returns the answer to `request`.
OpsResponse HandleOpsRequest(const OpsRequest& request, const OpsSources& sources);

// Connects to the state database of `config` and runs SELECT 1, giving up after `timeout`
// (libpq counts whole seconds and waits at least 2). Returns Unavailable, naming the
// step, when it cannot; the message never holds the password.
Status CheckStateDatabase(const DatabaseConfig& config, std::chrono::milliseconds timeout);

}  // namespace nudged

#endif  // NUDGED_METRICS_OPS_HANDLERS_H_
