// Implementation details: C++20 coroutines on Asio (awaitable, co_spawn), one coroutine per
// connection, in the shape of Beast's awaitable examples. Errors end the connection quietly: a
// fake has nobody to report them to but the test, which sees the closed connection. Only
// requests to the API (not /_fake/*) count in the statistics, so a test's control calls do
// not disturb the connection and concurrency figures it checks.

#include "server.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include "provider/form_encoding.h"

namespace nudged::fake {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using boost::system::error_code;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Marks a connection as one that carried API requests, for the statistics.
class ConnectionCount {
 public:
  explicit ConnectionCount(FakeState& state) : state_(state) {}
  ~ConnectionCount() {
    if (counted_) state_.ConnectionClosed();
  }
  void Count() {
    if (!counted_) state_.ConnectionOpened();
    counted_ = true;
  }

 private:
  FakeState& state_;
  bool counted_ = false;
};

// Posts `callback` after its delay to its loopback URL, signed; records the answer.
awaitable<void> PostCallback(Callback callback, FakeState& state) {
  const auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  timer.expires_after(callback.delay);
  error_code ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  const std::optional<LoopbackUrl> url = ParseLoopbackUrl(callback.url);
  int answer = 0;
  if (url) {
    beast::tcp_stream stream(executor);
    stream.expires_after(std::chrono::seconds(10));
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(url->host), url->port);
    co_await stream.async_connect(endpoint, asio::redirect_error(use_awaitable, ec));
    http::request<http::string_body> request{http::verb::post, url->target, 11};
    request.set(http::field::host, url->host);
    request.set(http::field::user_agent, "TwilioProxy/1.1");
    request.set(http::field::content_type, "application/x-www-form-urlencoded");
    request.set("X-Twilio-Signature", callback.signature);
    request.body() = FormEncode(callback.params);
    request.prepare_payload();
    if (!ec) co_await http::async_write(stream, request, asio::redirect_error(use_awaitable, ec));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    if (!ec) {
      co_await http::async_read(stream, buffer, response, asio::redirect_error(use_awaitable, ec));
    }
    if (!ec) answer = static_cast<int>(response.result_int());
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  }
  state.CallbackAnswered(callback, answer);
}

// Serves requests on `stream` until the peer closes, a timeout, or a dropped answer.
template <class Stream>
awaitable<void> ServeRequests(Stream& stream, FakeState& state, ServerOptions options) {
  beast::flat_buffer buffer;
  ConnectionCount connection(state);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    error_code ec;
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    beast::get_lowest_layer(stream).expires_after(options.idle_timeout);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    const int64_t arrived_us = NowMicros();
    http::request<http::string_body> request = parser.release();

    Request exchange{std::string(request.method_string()), std::string(request.target()),
                     std::string(request[http::field::authorization]), request.body()};
    const bool api = !exchange.target.starts_with("/_fake/");
    if (api) {
      connection.Count();
      state.RequestStarted();
    }
    Reply reply = state.Handle(exchange, arrived_us);
    if (reply.delay.count() > 0) {
      beast::get_lowest_layer(stream).expires_never();
      timer.expires_after(reply.delay);
      co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    if (api) state.RequestFinished();
    if (reply.drop) co_return;
    for (Callback& callback : reply.callbacks) {
      asio::co_spawn(timer.get_executor(), PostCallback(std::move(callback), state),
                     asio::detached);
    }

    http::response<http::string_body> response{static_cast<http::status>(reply.status),
                                               request.version()};
    response.set(http::field::server, "nudged-fake-provider");
    response.set(http::field::content_type, "application/json; charset=utf-8");
    for (const auto& [name, value] : reply.headers) response.set(name, value);
    response.keep_alive(request.keep_alive());
    response.body() = std::move(reply.body);
    response.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await http::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
    if (ec || !response.keep_alive()) co_return;
  }
}

awaitable<void> ServePlain(asio::ip::tcp::socket socket, FakeState& state, ServerOptions options) {
  beast::tcp_stream stream(std::move(socket));
  co_await ServeRequests(stream, state, options);
  error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

awaitable<void> ServeTls(asio::ip::tcp::socket socket, FakeState& state, ServerOptions options) {
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *options.tls);
  error_code ec;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  co_await stream.async_handshake(asio::ssl::stream_base::server,
                                  asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;  // e.g. the client rejected our certificate
  co_await ServeRequests(stream, state, options);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ec));
}

awaitable<void> Accept(asio::ip::tcp::acceptor& acceptor, FakeState& state, ServerOptions options) {
  // Shape: accept forever; each connection gets its own detached coroutine.
  for (;;) {
    error_code ec;
    asio::ip::tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;  // e.g. too many open files: keep serving the connections we have
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    if (options.tls != nullptr) {
      asio::co_spawn(acceptor.get_executor(), ServeTls(std::move(socket), state, options),
                     asio::detached);
    } else {
      asio::co_spawn(acceptor.get_executor(), ServePlain(std::move(socket), state, options),
                     asio::detached);
    }
  }
}

}  // namespace

void StartServer(asio::ip::tcp::acceptor& acceptor, FakeState& state, ServerOptions options) {
  asio::co_spawn(acceptor.get_executor(), Accept(acceptor, state, options), asio::detached);
}

}  // namespace nudged::fake
