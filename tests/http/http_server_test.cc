// HttpServer on loopback, in process: routing and refusals, keep-alive, asynchronous answers,
// the deadlines that cut slow clients off, the connection cap, and a clean stop.

#include "http/http_server.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <mutex>
#include <thread>

#include "tests/support/http_client.h"

namespace nudged {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using testing::HttpCall;
using testing::SendHttp;

// One HttpServer on its own io thread, plus a worker thread that answers /form requests, as a
// database thread would. /held keeps its HttpRespond for the test to call.
class ServerRun {
 public:
  explicit ServerRun(HttpServerOptions options)
      : server_(io_.get_executor(), std::move(options), Routes()) {
    REQUIRE(server_.Start(&endpoint_).ok());
    io_thread_ = std::thread([this] { io_.run(); });
    worker_thread_ = std::thread([this] { worker_.run(); });
  }
  ~ServerRun() {
    worker_guard_.reset();
    worker_thread_.join();
    io_guard_.reset();
    io_.stop();
    io_thread_.join();
  }

  const tcp::endpoint& endpoint() const { return endpoint_; }
  HttpServer& server() { return server_; }
  // Waits for a /held request and returns its HttpRespond.
  HttpRespond TakeHeld() { return held_.get_future().get(); }
  HttpRequest held_request;

 private:
  std::vector<HttpRoute> Routes() {
    return {
        HttpRoute{http::verb::get, "/hello", "",
                  [](HttpRequest request, HttpRespond respond) {
                    respond(MakeResponse(request, http::status::ok, "text/plain", "hello"));
                  }},
        HttpRoute{http::verb::post, "/form", "application/x-www-form-urlencoded",
                  [this](HttpRequest request, HttpRespond respond) {
                    asio::post(worker_, [request = std::move(request), respond] {
                      respond(MakeResponse(request, http::status::ok, "text/plain",
                                           "got " + request.body()));
                    });
                  }},
        HttpRoute{http::verb::post, "/held", "",
                  [this](HttpRequest request, HttpRespond respond) {
                    held_request = std::move(request);
                    held_.set_value(std::move(respond));
                  }},
    };
  }

  asio::io_context io_;
  asio::io_context worker_;
  asio::executor_work_guard<asio::io_context::executor_type> io_guard_{io_.get_executor()};
  asio::executor_work_guard<asio::io_context::executor_type> worker_guard_{worker_.get_executor()};
  std::promise<HttpRespond> held_;
  HttpServer server_;
  tcp::endpoint endpoint_;
  std::thread io_thread_;
  std::thread worker_thread_;
};

HttpServerOptions SmallOptions() {
  HttpServerOptions options;
  options.listen = "127.0.0.1:0";
  options.max_body_bytes = 1024;
  options.max_connections = 8;
  options.request_timeout = std::chrono::milliseconds(2000);
  return options;
}

// A raw client socket that gives up reading after 5 s, so a server that fails to cut a
// connection fails the test instead of hanging it.
struct RawClient {
  explicit RawClient(const tcp::endpoint& endpoint) : socket(io) {
    socket.connect(endpoint);
    timeval timeout{5, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  void Write(const std::string& text) { asio::write(socket, asio::buffer(text)); }
  // Reads until the server closes; returns what it sent, or "TIMEOUT".
  std::string ReadAll() {
    std::string all;
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(socket.native_handle(), buffer, sizeof buffer, 0);
      if (n > 0) {
        all.append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return "TIMEOUT";
      return all;
    }
  }
  asio::io_context io;
  tcp::socket socket;
};

TEST_CASE("HttpServer routes requests and refuses what no route takes", "[http]") {
  ServerRun run(SmallOptions());
  const auto hello = SendHttp(run.endpoint(), {http::verb::get, "/hello?x=1", "", "", {}});
  CHECK(hello.status == 200);
  CHECK(hello.body == "hello");
  CHECK(SendHttp(run.endpoint(), {http::verb::get, "/nothing", "", "", {}}).status == 404);
  const auto wrong_method = SendHttp(run.endpoint(), {http::verb::post, "/hello", "", "", {}});
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.allow == "GET");
  CHECK(
      SendHttp(run.endpoint(), {http::verb::post, "/form", "application/json", "{}", {}}).status ==
      415);
  CHECK(SendHttp(run.endpoint(), {http::verb::post, "/form", "", "a=1", {}}).status == 415);
  const auto with_charset = SendHttp(
      run.endpoint(),
      {http::verb::post, "/form", "Application/X-WWW-Form-Urlencoded; charset=utf-8", "a=1", {}});
  CHECK(with_charset.status == 200);
  CHECK(with_charset.body == "got a=1");
}

TEST_CASE("HttpServer answers 413 to a body over the limit and closes", "[http]") {
  ServerRun run(SmallOptions());
  const auto at_limit = SendHttp(run.endpoint(), {http::verb::post,
                                                  "/form",
                                                  "application/x-www-form-urlencoded",
                                                  "a=" + std::string(1022, 'x'),
                                                  {}});
  CHECK(at_limit.status == 200);
  const auto over = SendHttp(run.endpoint(), {http::verb::post,
                                              "/form",
                                              "application/x-www-form-urlencoded",
                                              "a=" + std::string(1023, 'x'),
                                              {}});
  CHECK(over.status == 413);
  CHECK_FALSE(over.keep_alive);
  // Announced but never sent: refused on the headers alone.
  RawClient raw(run.endpoint());
  raw.Write(
      "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 100000000\r\n\r\n");
  CHECK(raw.ReadAll().rfind("HTTP/1.1 413", 0) == 0);
}

TEST_CASE("HttpServer answers 400 to a request that is not HTTP", "[http]") {
  ServerRun run(SmallOptions());
  RawClient raw(run.endpoint());
  raw.Write("THIS IS NOT HTTP\r\n\r\n");
  CHECK(raw.ReadAll().rfind("HTTP/1.1 400", 0) == 0);
}

TEST_CASE("HttpServer keeps connections alive and answers asynchronously", "[http]") {
  ServerRun run(SmallOptions());
  testing::HttpConnection connection(run.endpoint());
  for (int i = 0; i < 5; ++i) {
    const auto result = connection.Send({http::verb::post,
                                         "/form",
                                         "application/x-www-form-urlencoded",
                                         "n=" + std::to_string(i),
                                         {}});
    CHECK(result.status == 200);
    CHECK(result.body == "got n=" + std::to_string(i));
    CHECK(result.keep_alive);
  }
}

TEST_CASE("HttpServer cuts off slow clients at the request deadline", "[http]") {
  HttpServerOptions options = SmallOptions();
  options.request_timeout = std::chrono::milliseconds(300);
  ServerRun run(options);
  SECTION("headers never finished (slowloris)") {
    RawClient raw(run.endpoint());
    const auto start = std::chrono::steady_clock::now();
    raw.Write("POST /form HTTP/1.1\r\nHost: x\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    raw.Write("X-Slow: 1\r\n");  // trickling bytes does not extend the deadline
    CHECK(raw.ReadAll().empty());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed >= std::chrono::milliseconds(250));
    CHECK(elapsed < std::chrono::milliseconds(2000));
  }
  SECTION("body never finished") {
    RawClient raw(run.endpoint());
    raw.Write(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
        "\r\nContent-Length: 100\r\n\r\na=1");
    CHECK(raw.ReadAll().empty());
  }
  SECTION("an idle keep-alive connection") {
    RawClient raw(run.endpoint());
    raw.Write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string answer = raw.ReadAll();
    CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  }
}

TEST_CASE("HttpServer stops accepting at the connection cap until one closes", "[http]") {
  HttpServerOptions options = SmallOptions();
  options.max_connections = 2;
  options.request_timeout = std::chrono::milliseconds(4000);
  ServerRun run(options);
  auto first = std::make_unique<RawClient>(run.endpoint());
  RawClient second(run.endpoint());
  first->Write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");  // both accepted: one is answered
  second.Write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RawClient third(run.endpoint());  // the kernel completes the handshake; nudged does not accept
  third.Write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  char byte = 0;
  CHECK(::recv(third.socket.native_handle(), &byte, 1, MSG_DONTWAIT) < 0);
  first.reset();  // one closes: the third is accepted and answered
  char buffer[64] = {};
  const ssize_t n = ::recv(third.socket.native_handle(), buffer, sizeof buffer - 1, 0);
  REQUIRE(n > 0);
  CHECK(std::string(buffer).rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("HttpServer stops: idle connections close, a request under way is answered", "[http]") {
  ServerRun run(SmallOptions());
  RawClient idle(run.endpoint());
  std::future<testing::HttpResult> held = std::async(std::launch::async, [&] {
    return SendHttp(run.endpoint(), {http::verb::post, "/held", "", "x=1", {}});
  });
  HttpRespond respond = run.TakeHeld();
  std::atomic<bool> stopped{false};
  run.server().Stop(std::chrono::seconds(5), [&] { stopped = true; });
  CHECK(idle.ReadAll().empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(SendHttp(run.endpoint(), {http::verb::get, "/hello", "", "", {}}).status == 0);
  CHECK_FALSE(stopped);
  respond(MakeResponse(run.held_request, http::status::ok, "text/plain", "late"));
  const testing::HttpResult result = held.get();
  CHECK(result.status == 200);
  CHECK_FALSE(result.keep_alive);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!stopped && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(stopped);
}

TEST_CASE("HttpServer stop closes what is still open after the grace period", "[http]") {
  ServerRun run(SmallOptions());
  std::future<testing::HttpResult> held = std::async(std::launch::async, [&] {
    return SendHttp(run.endpoint(), {http::verb::post, "/held", "", "x=1", {}});
  });
  HttpRespond respond = run.TakeHeld();
  std::atomic<bool> stopped{false};
  const auto start = std::chrono::steady_clock::now();
  run.server().Stop(std::chrono::milliseconds(200), [&] { stopped = true; });
  CHECK(held.get().status == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!stopped && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(stopped);
  respond(MakeResponse(run.held_request, http::status::ok));  // too late: harmless
}

TEST_CASE("ParseListenAddress takes IPv4, IPv6 and localhost", "[http]") {
  tcp::endpoint endpoint;
  REQUIRE(ParseListenAddress("127.0.0.1:8080", &endpoint).ok());
  CHECK(endpoint.port() == 8080);
  REQUIRE(ParseListenAddress("[::1]:0", &endpoint).ok());
  CHECK(endpoint.address().is_v6());
  REQUIRE(ParseListenAddress("localhost:9", &endpoint).ok());
  CHECK(endpoint.address().to_string() == "127.0.0.1");
  for (const char* bad :
       {"", "8080", ":80", "127.0.0.1:", "127.0.0.1:70000", "host.example:80", "127.0.0.1:8o"}) {
    INFO(bad);
    CHECK(ParseListenAddress(bad, &endpoint).IsInvalidArgument());
  }
}

}  // namespace
}  // namespace nudged
