// Implementation details: synchronous Beast calls with error codes; any error ends the
// exchange with status 0.

#include "tests/support/http_client.h"

#include <boost/beast/core.hpp>

namespace nudged::testing {

namespace http = boost::beast::http;

HttpConnection::HttpConnection(const boost::asio::ip::tcp::endpoint& endpoint) : socket_(io_) {
  boost::system::error_code ec;
  socket_.connect(endpoint, ec);
}

HttpResult HttpConnection::Send(const HttpCall& call) {
  HttpResult result;
  http::request<http::string_body> request(call.method, call.target, 11);
  request.set(http::field::host, "127.0.0.1");
  if (!call.content_type.empty()) request.set(http::field::content_type, call.content_type);
  for (const auto& [name, value] : call.headers) request.set(name, value);
  request.body() = call.body;
  request.keep_alive(true);
  request.prepare_payload();
  boost::system::error_code ec;
  http::write(socket_, request, ec);
  if (ec) return result;
  http::response<http::string_body> response;
  http::read(socket_, buffer_, response, ec);
  if (ec) return result;
  result.status = static_cast<int>(response.result_int());
  result.body = response.body();
  result.content_type = std::string(response[http::field::content_type]);
  result.allow = std::string(response[http::field::allow]);
  result.keep_alive = response.keep_alive();
  return result;
}

HttpResult SendHttp(const boost::asio::ip::tcp::endpoint& endpoint, const HttpCall& call) {
  HttpConnection connection(endpoint);
  return connection.Send(call);
}

}  // namespace nudged::testing
