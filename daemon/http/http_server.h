// A small HTTP/1.1 server on Boost.Beast for nudged's listeners (webhooks; health and
// metrics). It owns the socket work and its limits; routes name what each path accepts:
//   - a request to a path no route has gets 404, a method the path has no route for 405 (with
//     Allow), a Content-Type other than the route's 415; the route's handler gets the rest;
//   - a body over `max_body_bytes` gets 413 and the connection is closed;
//   - reading a request (headers and body) and writing its response each have
//     `request_timeout` from their start: a slow client (slowloris, a slow body) or an idle
//     keep-alive connection is closed when it runs out, without an answer;
//   - at most `max_connections` connections are open at once; while the cap is reached the
//     server stops accepting, and further clients wait in the kernel's listen backlog until a
//     connection closes (memory stays bounded by the cap times the body limit);
//   - keep-alive is honoured; handlers answer asynchronously (e.g. after a database commit)
//     through the callback they are given.
//
// Threading: everything runs on the executor given to the constructor. REQUIRES: its handlers
// never run concurrently (an io_context run by one thread, or a strand). The HttpRespond
// callback a handler gets may be called from any thread.

#ifndef NUDGED_HTTP_HTTP_SERVER_H_
#define NUDGED_HTTP_HTTP_SERVER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nudged/status.h"

namespace nudged {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Sends the response to the request a handler was given. Call it exactly once, from any
// thread; the server fills in keep-alive and Content-Length.
using HttpRespond = std::function<void(HttpResponse response)>;

// Handles one routed request. Runs on the server's executor; must not block.
using HttpHandler = std::function<void(HttpRequest request, HttpRespond respond)>;

struct HttpRoute {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string path;          // compared with the request target without its query
  std::string content_type;  // media type required of the body ("application/x-www-form-
                             // urlencoded"); empty: any
  HttpHandler handler;
};

struct HttpServerOptions {
  // "HOST:PORT": an IPv4 or bracketed IPv6 literal, or "localhost"; port 0 picks a free one.
  std::string listen = "127.0.0.1:0";
  std::size_t max_body_bytes = 65536;
  int max_connections = 64;
  std::chrono::milliseconds request_timeout{10000};
};

// Returns a Beast string view (boost::string_view in Boost 1.74) as a std::string_view.
inline std::string_view StdView(boost::beast::string_view view) {
  return {view.data(), view.size()};
}

// Returns the endpoint "HOST:PORT" names, or InvalidArgument.
Status ParseListenAddress(std::string_view listen, boost::asio::ip::tcp::endpoint* endpoint);

// Returns a response to `request` (same HTTP version) with `status`, and `body` of
// `content_type` when the body is not empty.
HttpResponse MakeResponse(const HttpRequest& request, boost::beast::http::status status,
                          std::string_view content_type = {}, std::string body = {});

class HttpServer {
 public:
  HttpServer(boost::asio::any_io_executor executor, HttpServerOptions options,
             std::vector<HttpRoute> routes);
  // Closes the listener and every connection at once (use Stop first to let requests end).
  // REQUIRES: the executor is not running at the same time (stopped, or run on this thread).
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Sets *bound to the endpoint bound (the port picked for port
  // 0). Returns InvalidArgument for a bad address, Unavailable when it cannot be bound.
  // REQUIRES: called once, before the executor runs the server's work or on it.
  Status Start(boost::asio::ip::tcp::endpoint* bound);

  // Closes the listener and idle connections at once; requests being handled or answered
  // finish and their connections close after the response. Whatever is still open after
  // `grace` is closed. Calls `on_stopped` (on the executor) once no connection is left.
  // Thread-safe: posts its work to the executor.
  void Stop(std::chrono::milliseconds grace, std::function<void()> on_stopped);

 private:
  std::shared_ptr<class HttpListener> listener_;  // shared with the connections it accepted
};

}  // namespace nudged

#endif  // NUDGED_HTTP_HTTP_SERVER_H_
