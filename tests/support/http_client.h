// A blocking HTTP/1.1 client for tests of nudged's listeners: one request per call on a new
// connection, or several on one kept-alive connection. Test-only; not thread-safe (one
// HttpConnection per thread).

#ifndef NUDGED_TESTS_SUPPORT_HTTP_CLIENT_H_
#define NUDGED_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <vector>

namespace nudged::testing {

struct HttpResult {
  int status = 0;  // 0: the connection closed (or failed) without an answer
  std::string body;
  std::string content_type;
  std::string allow;
  bool keep_alive = false;
};

struct HttpCall {
  boost::beast::http::verb method = boost::beast::http::verb::post;
  std::string target = "/";
  std::string content_type = "application/x-www-form-urlencoded";  // empty: none
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class HttpConnection {
 public:
  // Connects to `endpoint`; a failure leaves the connection closed (every Send answers 0).
  explicit HttpConnection(const boost::asio::ip::tcp::endpoint& endpoint);

  HttpResult Send(const HttpCall& call);
  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// Sends `call` on a new connection.
HttpResult SendHttp(const boost::asio::ip::tcp::endpoint& endpoint, const HttpCall& call);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_HTTP_CLIENT_H_
