// Implementation details: C++20 coroutines on Asio, all on one strand, so the slot count, the
// wait queue and the idle list need no lock. A request waiting for a slot sleeps on its own
// timer, which ReleaseSlot cancels to hand the slot over in arrival order.
//
// A pooled keep-alive connection may have been closed by the server while it sat idle. Writing
// a request into such a connection usually "succeeds" (the bytes reach our kernel) and the read
// then fails, which would look exactly like a server that read the request and died: an
// ambiguous send, never to be blindly repeated. Two measures keep stale connections from
// turning into false "ambiguous" outcomes:
//  1. Before reuse, a non-blocking MSG_PEEK asks the kernel whether the peer has closed (or,
//     unexpectedly, sent anything, such as a TLS close_notify): such a connection is dropped.
//     Connections idle longer than kMaxIdle are dropped too, before a server's idle timeout can
//     race with our write.
//  2. If the write itself fails on a reused connection, the request was never completely
//     handed to the server, so no server can have processed it (HTTP needs the whole request
//     to act), and it is sent once more on a fresh connection.
// A failure while reading is never retried here: after a complete write, the server may have
// acted. The one window left is a server closing the connection in the microseconds between
// the peek and the write; kMaxIdle keeps that to servers whose idle timeout is below it.

#include "provider/connection_pool.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

namespace nudged {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using boost::system::error_code;

constexpr std::chrono::seconds kMaxIdle{20};
constexpr size_t kMaxResponseBytes = 8 << 20;  // a page of 1000 messages fits

std::string Describe(const char* step, const error_code& ec) {
  if (ec == beast::error::timeout) return std::string(step) + ": timed out";
  return std::string(step) + ": " + ec.message();
}

bool IsIpAddress(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// True when the kernel says the peer closed the connection or sent something unasked for.
bool PeerClosedOrSpoke(asio::ip::tcp::socket& socket) {
  error_code ec;
  socket.non_blocking(true, ec);
  if (ec) return true;
  char byte;
  socket.receive(asio::buffer(&byte, 1), asio::socket_base::message_peek, ec);
  error_code ignored;
  socket.non_blocking(false, ignored);
  return ec != asio::error::would_block && ec != asio::error::try_again;
}

template <class Stream>
awaitable<error_code> WriteRequest(Stream& stream, const ConnectionPool::Request& request) {
  error_code ec;
  co_await http::async_write(stream, request, asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

template <class Stream>
awaitable<error_code> ReadResponse(Stream& stream, beast::flat_buffer& buffer,
                                   http::response<http::string_body>* response) {
  error_code ec;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
  if (!ec) *response = parser.release();
  co_return ec;
}

}  // namespace

struct ConnectionPool::Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;

  beast::tcp_stream& Lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};

ConnectionPool::ConnectionPool(Strand strand, Origin origin, asio::ssl::context* tls_context,
                               PoolOptions options)
    : strand_(std::move(strand)),
      origin_(std::move(origin)),
      tls_context_(tls_context),
      options_(options) {}

ConnectionPool::~ConnectionPool() = default;

awaitable<void> ConnectionPool::AcquireSlot() {
  if (in_flight_ < options_.max_in_flight) {
    ++in_flight_;
    co_return;
  }
  asio::steady_timer timer(strand_, asio::steady_timer::time_point::max());
  waiting_.push_back(&timer);
  error_code ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  // Woken by ReleaseSlot, which handed over its slot: in_flight_ already counts us.
}

void ConnectionPool::ReleaseSlot() {
  if (!waiting_.empty()) {
    asio::steady_timer* next = waiting_.front();
    waiting_.pop_front();
    next->cancel();
    return;
  }
  --in_flight_;
}

std::unique_ptr<ConnectionPool::Connection> ConnectionPool::TakeIdleConnection() {
  const auto now = std::chrono::steady_clock::now();
  while (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (now - connection->idle_since > kMaxIdle || connection->buffer.size() > 0) continue;
    if (PeerClosedOrSpoke(connection->Lowest().socket())) continue;
    return connection;
  }
  return nullptr;
}

awaitable<std::unique_ptr<ConnectionPool::Connection>> ConnectionPool::Connect(std::string* error) {
  auto connection = std::make_unique<Connection>();
  if (origin_.tls) {
    connection->secure =
        std::make_unique<beast::ssl_stream<beast::tcp_stream>>(strand_, *tls_context_);
  } else {
    connection->plain = std::make_unique<beast::tcp_stream>(strand_);
  }
  beast::tcp_stream& lowest = connection->Lowest();
  error_code ec;
  asio::ip::tcp::resolver resolver(strand_);
  // The resolver has no deadline of its own: a timer cancels it, so a DNS server that does not
  // answer costs one connect timeout (the request was not sent, so it is retried).
  asio::steady_timer resolve_deadline(strand_, options_.connect_timeout);
  resolve_deadline.async_wait([&resolver](error_code timer_ec) {
    if (!timer_ec) resolver.cancel();
  });
  const auto endpoints = co_await resolver.async_resolve(origin_.host, origin_.port,
                                                         asio::redirect_error(use_awaitable, ec));
  resolve_deadline.cancel();
  if (ec) {
    *error = Describe("resolve", ec);
    co_return nullptr;
  }
  lowest.expires_after(options_.connect_timeout);
  co_await lowest.async_connect(endpoints, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    *error = Describe("connect", ec);
    co_return nullptr;
  }
  lowest.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  if (connection->secure) {
    SSL* ssl = connection->secure->native_handle();
    // SNI carries host names only; an IP address is checked against the certificate's
    // IP-address entries instead of its DNS names.
    const bool ip = IsIpAddress(origin_.host);
    const bool configured =
        ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), origin_.host.c_str()) == 1
           : SSL_set_tlsext_host_name(ssl, origin_.host.c_str()) == 1 &&
                 SSL_set1_host(ssl, origin_.host.c_str()) == 1;
    if (!configured) {
      *error = "TLS: cannot set the expected host name";
      co_return nullptr;
    }
    connection->secure->set_verify_mode(asio::ssl::verify_peer);
    co_await connection->secure->async_handshake(asio::ssl::stream_base::client,
                                                 asio::redirect_error(use_awaitable, ec));
    if (ec) {
      *error = Describe("TLS handshake", ec);
      co_return nullptr;
    }
  }
  lowest.expires_never();
  co_return connection;
}

awaitable<HttpExchange> ConnectionPool::Exchange(Connection& connection, const Request& request) {
  HttpExchange exchange;
  connection.Lowest().expires_after(options_.request_timeout);
  // if/else rather than ?: around co_await: g++ 12 miscompiles co_await inside a conditional
  // expression (it resumed into the wrong branch).
  error_code ec;
  if (connection.secure) {
    ec = co_await WriteRequest(*connection.secure, request);
  } else {
    ec = co_await WriteRequest(*connection.plain, request);
  }
  if (ec) {
    exchange.stage = HttpExchange::Stage::kNotSent;
    exchange.error = Describe("write", ec);
    co_return exchange;
  }
  if (connection.secure) {
    ec = co_await ReadResponse(*connection.secure, connection.buffer, &exchange.response);
  } else {
    ec = co_await ReadResponse(*connection.plain, connection.buffer, &exchange.response);
  }
  if (ec) {
    exchange.stage = HttpExchange::Stage::kNoAnswer;
    exchange.error = Describe("read", ec);
    co_return exchange;
  }
  connection.Lowest().expires_never();
  exchange.stage = HttpExchange::Stage::kAnswered;
  co_return exchange;
}

awaitable<HttpExchange> ConnectionPool::Perform(Request request) {
  co_await AcquireSlot();
  struct SlotRelease {
    ConnectionPool* pool;
    ~SlotRelease() { pool->ReleaseSlot(); }
  } release{this};

  // Shape: take a pooled connection or open one; if a pooled one fails while we write, the
  // server cannot have the whole request, so try once more on a fresh connection.
  std::unique_ptr<Connection> connection = TakeIdleConnection();
  HttpExchange exchange;
  for (bool reused = connection != nullptr;; reused = false) {
    if (!connection) {
      connection = co_await Connect(&exchange.error);
      if (!connection) {
        exchange.stage = HttpExchange::Stage::kNotSent;
        co_return exchange;
      }
    }
    exchange = co_await Exchange(*connection, request);
    if (!(reused && exchange.stage == HttpExchange::Stage::kNotSent)) break;
    connection.reset();
  }
  if (exchange.stage == HttpExchange::Stage::kAnswered && exchange.response.keep_alive() &&
      !exchange.response.need_eof()) {
    connection->idle_since = std::chrono::steady_clock::now();
    idle_.push_back(std::move(connection));
  }
  co_return exchange;
}

}  // namespace nudged
