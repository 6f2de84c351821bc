// A keep-alive pool of HTTP/1.1 connections to one origin (http or https), with a cap on the
// requests in flight: a request beyond the cap waits, in arrival order, for a slot. HTTPS
// verifies the peer's chain and its host name (or IP address), and sends SNI. Every connect,
// write and read has a deadline.
//
// Perform() tells how far an exchange got, because that decides whether the provider can have
// acted on it: a request that was never completely handed to the server cannot have been
// processed; one that was written but not answered may have been.
//
// Thread-safety: Perform must run on the pool's strand (the executor given at construction);
// the pool must outlive every Perform in progress.

#ifndef NUDGED_PROVIDER_CONNECTION_POOL_H_
#define NUDGED_PROVIDER_CONNECTION_POOL_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace nudged {

struct Origin {
  bool tls = false;
  std::string host;  // name or IP address, without brackets
  std::string port;  // "443" when the URL names none
};

struct PoolOptions {
  int max_in_flight = 4;
  std::chrono::milliseconds connect_timeout{5000};   // resolve, connect and TLS handshake
  std::chrono::milliseconds request_timeout{15000};  // write the request and read the answer
};

// How far one exchange got.
struct HttpExchange {
  enum class Stage {
    kNotSent,   // failed before the whole request was handed to the server: not processed
    kNoAnswer,  // written, but no complete answer (timeout, reset, close): may be processed
    kAnswered,  // `response` holds the complete answer
  };
  Stage stage = Stage::kNotSent;
  boost::beast::http::response<boost::beast::http::string_body> response;
  std::string error;  // the failed step and the system's reason, when not kAnswered
};

class ConnectionPool {
 public:
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  // REQUIRES: `tls_context` is non-null when origin.tls, and outlives the pool.
  ConnectionPool(Strand strand, Origin origin, boost::asio::ssl::context* tls_context,
                 PoolOptions options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Sends `request` on a pooled connection (or a new one) and reads the answer.
  boost::asio::awaitable<HttpExchange> Perform(Request request);

  const Strand& strand() const { return strand_; }

 private:
  struct Connection;

  boost::asio::awaitable<void> AcquireSlot();
  void ReleaseSlot();
  std::unique_ptr<Connection> TakeIdleConnection();
  boost::asio::awaitable<std::unique_ptr<Connection>> Connect(std::string* error);
  boost::asio::awaitable<HttpExchange> Exchange(Connection& connection, const Request& request);

  // Constant after construction.
  const Strand strand_;
  const Origin origin_;
  boost::asio::ssl::context* const tls_context_;
  const PoolOptions options_;

  // Strand only.
  int in_flight_ = 0;
  std::deque<boost::asio::steady_timer*> waiting_;  // requests waiting for a slot
  std::vector<std::unique_ptr<Connection>> idle_;   // most recently used last
};

}  // namespace nudged

#endif  // NUDGED_PROVIDER_CONNECTION_POOL_H_
