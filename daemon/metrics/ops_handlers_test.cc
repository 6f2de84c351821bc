#include "metrics/ops_handlers.h"

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

namespace nudged {
namespace {

OpsSources Sources(bool config_loaded, Status database) {
  OpsSources sources;
  sources.config_loaded = [config_loaded] { return config_loaded; };
  sources.check_database = [database] { return database; };
  sources.metrics_text = [] { return std::string("nudged_queue_depth 3\n"); };
  return sources;
}

TEST_CASE("ops endpoints answer by method and path") {
  const OpsSources up = Sources(true, Status::Ok());
  struct Case {
    std::string method;
    std::string target;
    int status;
    std::string content_type;
    std::string body;
  };
  const std::string text = "text/plain; charset=utf-8";
  const Case cases[] = {
      {"GET", "/healthz", 200, text, "ok\n"},
      {"GET", "/readyz", 200, text, "ready\n"},
      {"GET", "/metrics", 200, kPrometheusContentType, "nudged_queue_depth 3\n"},
      {"GET", "/metrics?name[]=nudged_queue_depth", 200, kPrometheusContentType,
       "nudged_queue_depth 3\n"},
      {"HEAD", "/metrics", 200, kPrometheusContentType, ""},
      {"HEAD", "/healthz", 200, text, ""},
      {"POST", "/healthz", 405, text, "method not allowed\n"},
      {"DELETE", "/metrics", 405, text, "method not allowed\n"},
      {"GET", "/", 404, text, "not found\n"},
      {"GET", "/metrics/", 404, text, "not found\n"},
      {"GET", "/healthzz", 404, text, "not found\n"},
      {"GET", "", 404, text, "not found\n"},
      {"get", "/healthz", 405, text, "method not allowed\n"},
  };
  for (const Case& c : cases) {
    INFO(c.method << " " << c.target);
    const OpsResponse response = HandleOpsRequest({c.method, c.target}, up);
    CHECK(response.status == c.status);
    CHECK(response.content_type == c.content_type);
    CHECK(response.body == c.body);
    CHECK(response.allow == (c.status == 405 ? "GET, HEAD" : ""));
  }
}

TEST_CASE("readyz is 503 with a one-line reason until config and database are there") {
  CHECK(HandleOpsRequest({"GET", "/readyz"}, Sources(false, Status::Ok())).body ==
        "not ready: configuration not loaded\n");
  const OpsResponse down = HandleOpsRequest(
      {"GET", "/readyz"},
      Sources(true, Status::Unavailable("cannot connect to the state database: connection "
                                        "refused\n\tIs the server running on that host?\n")));
  CHECK(down.status == 503);
  CHECK(down.body ==
        "not ready: cannot connect to the state database: connection refused \tIs the server "
        "running on that host?\n");
  // healthz says only that the process answers.
  CHECK(HandleOpsRequest({"GET", "/healthz"}, Sources(false, Status::Unavailable("x"))).status ==
        200);
}

TEST_CASE("the database check fails fast on a refused connection") {
  int port = 0;
  {
    // A port that was free a moment ago and that nothing listens on.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  DatabaseConfig config;
  config.url = "postgresql://nudged@127.0.0.1:" + std::to_string(port) + "/nudged";
  const auto start = std::chrono::steady_clock::now();
  const Status s = CheckStateDatabase(config, std::chrono::milliseconds(1000));
  CHECK(s.IsUnavailable());
  CHECK_THAT(s.message(), Catch::Contains("state database"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("the database check gives up on a server that never answers") {
  // Accepts TCP connections (the kernel completes them in the backlog) and never replies.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  DatabaseConfig config;
  config.url = "host=127.0.0.1 port=" + std::to_string(silent.local_endpoint().port()) +
               " dbname=nudged user=nudged";
  const auto start = std::chrono::steady_clock::now();
  const Status s = CheckStateDatabase(config, std::chrono::milliseconds(1500));
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(s.IsUnavailable());
  // libpq waits at least 2 s, counted in whole seconds.
  CHECK(took >= std::chrono::milliseconds(1500));
  CHECK(took < std::chrono::milliseconds(3500));
}

TEST_CASE("the database check never shows the password") {
  DatabaseConfig config;
  config.url = "postgresql://nudged@127.0.0.1:1/nudged";
  config.password_env = "NUDGED_OPS_TEST_PASSWORD";
  setenv("NUDGED_OPS_TEST_PASSWORD", "s3cret-pa55", 1);
  const Status s = CheckStateDatabase(config, std::chrono::milliseconds(1000));
  unsetenv("NUDGED_OPS_TEST_PASSWORD");
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("s3cret") == std::string::npos);
}

}  // namespace
}  // namespace nudged
