// Implementation details: the shape of Beast's advanced server example. HttpListener owns the
// acceptor and the registry of open connections; each HttpSession reads a request with a
// request_parser (body limit, deadline on the tcp_stream), routes it, waits for the handler's
// answer, writes it, and reads the next one when keep-alive allows. A session holds a
// shared_ptr to the listener and unregisters itself when its connection closes, which is where
// the accept loop resumes after the connection cap and where Stop learns that the last
// connection is gone. Every member is touched on the one executor only.

#include "http/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/version.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "common/log_value.h"

namespace nudged {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class HttpSession;

class HttpListener : public std::enable_shared_from_this<HttpListener> {
 public:
  HttpListener(asio::any_io_executor executor, HttpServerOptions options,
               std::vector<HttpRoute> routes)
      : executor_(executor),
        options_(std::move(options)),
        routes_(std::move(routes)),
        acceptor_(executor),
        retry_timer_(executor),
        stop_timer_(executor) {}

  Status Listen(tcp::endpoint* bound);
  void DoAccept();
  void Stop(std::chrono::milliseconds grace, std::function<void()> on_stopped);
  void CloseAll();
  void Forget(HttpSession* session);

  bool stopping() const { return stopping_; }
  const asio::any_io_executor& executor() const { return executor_; }
  const HttpServerOptions& options() const { return options_; }
  // Returns the route for `request`, or sets *refusal to the 404/405/415 response.
  const HttpRoute* Route(const HttpRequest& request, HttpResponse* refusal) const;

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket);

  const asio::any_io_executor executor_;
  const HttpServerOptions options_;
  const std::vector<HttpRoute> routes_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;  // after an accept error (e.g. out of file descriptors)
  asio::steady_timer stop_timer_;   // Stop's grace period
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions_;
  bool accepting_ = false;  // an async_accept is pending
  bool at_cap_ = false;     // logged once per reaching the connection cap
  bool stopping_ = false;
  std::function<void()> on_stopped_;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<HttpListener> listener)
      : stream_(std::move(socket)), listener_(std::move(listener)) {}
  ~HttpSession() { Close(); }

  void Start() { DoRead(); }
  // Closes now. The connection stops counting against the cap here, not when the session is
  // destroyed: a handler may hold it (through its HttpRespond) for longer.
  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    if (!closed_) {
      closed_ = true;
      listener_->Forget(this);
    }
  }
  // Closes now when waiting for a request; otherwise after the current response.
  void CloseWhenIdle() {
    if (phase_ == Phase::kReading) Close();
  }

 private:
  enum class Phase { kReading, kHandling, kWriting };

  void DoRead();
  void OnRead(beast::error_code ec);
  void Handle(HttpRequest request);
  void DoWrite(HttpResponse response, bool keep_alive);
  void OnWrite(beast::error_code ec);
  // Answers a request that could not be read whole, then closes.
  void Refuse(http::status status);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<HttpResponse> response_;  // alive while it is written
  Phase phase_ = Phase::kReading;
  bool closed_ = false;
  const std::shared_ptr<HttpListener> listener_;
};

namespace {

// Returns the media type of a Content-Type value, lower-cased, without parameters.
std::string MediaType(std::string_view content_type) {
  const size_t semicolon = content_type.find(';');
  std::string_view type = content_type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

Status ParseListenAddress(std::string_view listen, tcp::endpoint* endpoint) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::InvalidArgument(fmt::format("listen address \"{}\" is not HOST:PORT", listen));
  }
  std::string_view host = listen.substr(0, colon);
  const std::string_view port_text = listen.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return Status::InvalidArgument(fmt::format("listen address \"{}\" has no valid port", listen));
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") host = "127.0.0.1";
  beast::error_code address_error;
  const asio::ip::address address = asio::ip::make_address(std::string(host), address_error);
  if (address_error) {
    return Status::InvalidArgument(fmt::format(
        "listen address \"{}\": \"{}\" is not an IP address or localhost", listen, host));
  }
  *endpoint = tcp::endpoint(address, static_cast<unsigned short>(port));
  return Status::Ok();
}

HttpResponse MakeResponse(const HttpRequest& request, http::status status,
                          std::string_view content_type, std::string body) {
  HttpResponse response(status, request.version());
  response.set(http::field::server, "nudged");
  if (!body.empty())
    response.set(http::field::content_type,
                 boost::beast::string_view(content_type.data(), content_type.size()));
  response.body() = std::move(body);
  return response;
}

Status HttpListener::Listen(tcp::endpoint* bound) {
  tcp::endpoint endpoint;
  Status status = ParseListenAddress(options_.listen, &endpoint);
  if (!status.ok()) return status;
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) *bound = acceptor_.local_endpoint(ec);
  if (ec) {
    return Status::Unavailable(
        fmt::format("cannot listen on {}: {}", options_.listen, ec.message()));
  }
  return Status::Ok();
}

// Accept loop: one accept pending at a time, none while the connection cap is reached or
// after Stop; Forget restarts it when a connection closes.
void HttpListener::DoAccept() {
  if (stopping_ || accepting_ || !acceptor_.is_open()) return;
  if (static_cast<int>(sessions_.size()) >= options_.max_connections) {
    if (!at_cap_) {
      spdlog::warn("http connection cap reached, not accepting listen={} max_connections={}",
                   options_.listen, options_.max_connections);
    }
    at_cap_ = true;
    return;
  }
  if (at_cap_) spdlog::info("http accepting again listen={}", options_.listen);
  at_cap_ = false;
  accepting_ = true;
  acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    self->OnAccept(ec, std::move(socket));
  });
}

void HttpListener::OnAccept(beast::error_code ec, tcp::socket socket) {
  accepting_ = false;
  if (stopping_) return;
  if (ec) {
    spdlog::warn("http accept failed listen={} error={}", options_.listen, LogQuote(ec.message()));
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code timer_ec) {
      if (!timer_ec) self->DoAccept();
    });
    return;
  }
  auto session = std::make_shared<HttpSession>(std::move(socket), shared_from_this());
  sessions_.emplace(session.get(), session);
  session->Start();
  DoAccept();
}

void HttpListener::Forget(HttpSession* session) {
  sessions_.erase(session);
  if (!stopping_) {
    DoAccept();
  } else if (sessions_.empty() && on_stopped_) {
    stop_timer_.cancel();
    asio::post(executor_, std::exchange(on_stopped_, nullptr));
  }
}

void HttpListener::Stop(std::chrono::milliseconds grace, std::function<void()> on_stopped) {
  if (stopping_) return;
  stopping_ = true;
  on_stopped_ = std::move(on_stopped);
  beast::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  // Copies: closing a session may destroy it, which erases it from sessions_.
  std::vector<std::shared_ptr<HttpSession>> open;
  for (const auto& [pointer, weak] : sessions_) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (const auto& session : open) session->CloseWhenIdle();
  open.clear();
  if (sessions_.empty()) {
    if (on_stopped_) asio::post(executor_, std::exchange(on_stopped_, nullptr));
    return;
  }
  stop_timer_.expires_after(grace);
  stop_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) return;
    spdlog::warn("http stop grace period over, closing connections listen={} open={}",
                 self->options_.listen, self->sessions_.size());
    self->CloseAll();
  });
}

void HttpListener::CloseAll() {
  std::vector<std::shared_ptr<HttpSession>> open;
  for (const auto& [pointer, weak] : sessions_) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  beast::error_code ignored;
  acceptor_.close(ignored);
  for (const auto& session : open) session->Close();
}

const HttpRoute* HttpListener::Route(const HttpRequest& request, HttpResponse* refusal) const {
  const std::string_view path = PathOf(StdView(request.target()));
  std::string allowed;
  for (const HttpRoute& route : routes_) {
    if (route.path != path) continue;
    if (route.method != request.method()) {
      if (!allowed.empty()) allowed += ", ";
      allowed += std::string(http::to_string(route.method));
      continue;
    }
    if (!route.content_type.empty() &&
        MediaType(StdView(request[http::field::content_type])) != route.content_type) {
      *refusal = MakeResponse(request, http::status::unsupported_media_type, "text/plain",
                              "expected Content-Type: " + route.content_type + "\n");
      return nullptr;
    }
    return &route;
  }
  if (allowed.empty()) {
    *refusal = MakeResponse(request, http::status::not_found, "text/plain", "not found\n");
  } else {
    *refusal = MakeResponse(request, http::status::method_not_allowed, "text/plain",
                            "method not allowed\n");
    refusal->set(http::field::allow, allowed);
  }
  return nullptr;
}

void HttpSession::DoRead() {
  phase_ = Phase::kReading;
  if (listener_->stopping()) return Close();
  parser_.emplace();
  parser_->body_limit(listener_->options().max_body_bytes);
  stream_.expires_after(listener_->options().request_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
}

void HttpSession::OnRead(beast::error_code ec) {
  if (ec == http::error::body_limit) return Refuse(http::status::payload_too_large);
  if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return Refuse(http::status::bad_request);
  }
  if (ec) {
    // The client closed, timed out (slow or idle) or reset: nothing to answer.
    if (ec == beast::error::timeout) {
      spdlog::debug("http request timed out listen={}", listener_->options().listen);
    }
    return Close();
  }
  Handle(parser_->release());
}

void HttpSession::Handle(HttpRequest request) {
  phase_ = Phase::kHandling;
  const bool keep_alive = request.keep_alive();
  HttpResponse refusal;
  const HttpRoute* route = listener_->Route(request, &refusal);
  if (route == nullptr) return DoWrite(std::move(refusal), keep_alive);
  auto self = shared_from_this();
  HttpRespond respond = [self, keep_alive](HttpResponse response) {
    asio::post(self->stream_.get_executor(),
               [self, keep_alive, response = std::move(response)]() mutable {
                 self->DoWrite(std::move(response), keep_alive);
               });
  };
  try {
    route->handler(std::move(request), std::move(respond));
  } catch (const std::exception& e) {
    // A handler that throws answers nothing; it must not take the listener down.
    spdlog::error("http handler failed path={} error={}", route->path, LogQuote(e.what()));
    Close();
  }
}

void HttpSession::DoWrite(HttpResponse response, bool keep_alive) {
  if (closed_) return;  // an answer after Stop's grace period: nobody to send it to
  phase_ = Phase::kWriting;
  response.keep_alive(keep_alive && !listener_->stopping());
  response.prepare_payload();
  response_.emplace(std::move(response));
  stream_.expires_after(listener_->options().request_timeout);
  http::async_write(
      stream_, *response_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
}

void HttpSession::OnWrite(beast::error_code ec) {
  const bool keep_alive = response_->keep_alive();
  response_.reset();
  if (ec || !keep_alive) return Close();
  DoRead();
}

void HttpSession::Refuse(http::status status) {
  HttpRequest request;
  request.version(11);
  DoWrite(MakeResponse(request, status, "text/plain",
                       std::string(http::obsolete_reason(status)) + "\n"),
          false);
}

HttpServer::HttpServer(asio::any_io_executor executor, HttpServerOptions options,
                       std::vector<HttpRoute> routes)
    : listener_(std::make_shared<HttpListener>(executor, std::move(options), std::move(routes))) {}

HttpServer::~HttpServer() {
  // Sessions keep the listener alive; closing them lets their pending operations end.
  listener_->CloseAll();
}

Status HttpServer::Start(tcp::endpoint* bound) {
  Status status = listener_->Listen(bound);
  if (!status.ok()) return status;
  listener_->DoAccept();
  return Status::Ok();
}

void HttpServer::Stop(std::chrono::milliseconds grace, std::function<void()> on_stopped) {
  asio::post(listener_->executor(),
             [listener = listener_, grace, on_stopped = std::move(on_stopped)]() mutable {
               listener->Stop(grace, std::move(on_stopped));
             });
}

}  // namespace nudged
