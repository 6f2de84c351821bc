// The fake provider's HTTP(S) server: accepts connections on one address and serves each with
// a coroutine that reads requests, asks FakeState what to do, waits the reply's delay on a
// timer (never a sleeping thread, so thousands of requests can wait at once) and answers, or
// drops the connection. Keep-alive is honoured; an idle connection is closed after
// `idle_timeout`, as real servers do, which lets tests exercise a client's stale connections.
//
// Runs on one io_context thread; FakeState is touched only from that thread.

#ifndef NUDGED_TOOLS_FAKE_PROVIDER_SERVER_H_
#define NUDGED_TOOLS_FAKE_PROVIDER_SERVER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>

#include "fake_state.h"

namespace nudged::fake {

struct ServerOptions {
  std::chrono::milliseconds idle_timeout{5000};
  boost::asio::ssl::context* tls = nullptr;  // null: plain HTTP
};

// Accepts on `acceptor` until the io_context stops. REQUIRES: `state` and `options.tls`
// outlive the io_context's run.
void StartServer(boost::asio::ip::tcp::acceptor& acceptor, FakeState& state, ServerOptions options);

}  // namespace nudged::fake

#endif  // NUDGED_TOOLS_FAKE_PROVIDER_SERVER_H_
