// fake_provider: a Twilio-compatible messaging API for tests and benchmarks (fake_state.h
// lists its endpoints). Listens on 127.0.0.1 only and prints "listening 127.0.0.1:PORT" as its
// first line of output, so a test that asked for port 0 learns the port it got.
//
//   fake_provider [--port N] [--account-sid AC...] [--auth-token T] [--latency-ms N]
//                 [--page-size N] [--page-uri-base URL] [--idle-timeout-ms N] [--reject-number
//                 +1...=CODE]...
//                 [--tls-cert FILE --tls-key FILE] [--callback-delay-ms N]
//
// The token may instead come from $FAKE_PROVIDER_AUTH_TOKEN. Stops on SIGINT or SIGTERM.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "fake_state.h"
#include "server.h"

namespace {

namespace asio = boost::asio;

// Parses "+15005550001=21211" into `rejected`; false when it is not of that form.
bool AddRejectedNumber(const std::string& text, std::map<std::string, int>* rejected) {
  const size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) return false;
  try {
    (*rejected)[text.substr(0, equals)] = std::stoi(text.substr(equals + 1));
  } catch (...) {
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"A fake Twilio-compatible messaging API for tests"};
  int port = 0;
  int latency_ms = 0;
  int idle_timeout_ms = 5000;
  int callback_delay_ms = 200;
  nudged::fake::FakeOptions options;
  options.account_sid = "AC00000000000000000000000000000000";
  std::vector<std::string> rejects;
  std::string tls_cert, tls_key;
  app.add_option("--port", port, "port on 127.0.0.1; 0 picks a free one")
      ->check(CLI::Range(0, 65535));
  app.add_option("--account-sid", options.account_sid, "the account SID clients authenticate as");
  app.add_option("--auth-token", options.auth_token, "the token (or $FAKE_PROVIDER_AUTH_TOKEN)");
  app.add_option("--latency-ms", latency_ms, "delay before every API answer")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--page-size", options.page_size, "default list page size")
      ->check(CLI::Range(1, 1000));
  app.add_option("--page-uri-base", options.page_uri_base,
                 "URL prefixed to list page URIs (Prism wants absolute ones)");
  app.add_option("--idle-timeout-ms", idle_timeout_ms, "close idle connections after this long")
      ->check(CLI::PositiveNumber);
  app.add_option("--reject-number", rejects,
                 "NUMBER=CODE: always fail this To with a Twilio error");
  app.add_option("--callback-delay-ms", callback_delay_ms,
                 "delay before each status callback of an accepted message (loopback only)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--tls-cert", tls_cert, "PEM certificate chain: serve HTTPS");
  app.add_option("--tls-key", tls_key, "PEM private key of --tls-cert");
  CLI11_PARSE(app, argc, argv);

  if (options.auth_token.empty()) {
    const char* token = std::getenv("FAKE_PROVIDER_AUTH_TOKEN");
    if (token != nullptr) options.auth_token = token;
  }
  if (options.auth_token.empty()) {
    std::cerr << "fake_provider: give --auth-token or $FAKE_PROVIDER_AUTH_TOKEN\n";
    return 2;
  }
  for (const std::string& reject : rejects) {
    if (!AddRejectedNumber(reject, &options.rejected_numbers)) {
      std::cerr << "fake_provider: --reject-number wants NUMBER=CODE, got " << reject << "\n";
      return 2;
    }
  }
  if (tls_cert.empty() != tls_key.empty()) {
    std::cerr << "fake_provider: --tls-cert and --tls-key go together\n";
    return 2;
  }
  options.latency = std::chrono::milliseconds(latency_ms);
  options.callback_delay = std::chrono::milliseconds(callback_delay_ms);

  asio::io_context io(1);
  asio::ssl::context tls(asio::ssl::context::tls_server);
  nudged::fake::ServerOptions server_options;
  server_options.idle_timeout = std::chrono::milliseconds(idle_timeout_ms);
  if (!tls_cert.empty()) {
    boost::system::error_code ec;
    tls.use_certificate_chain_file(tls_cert, ec);
    if (!ec) tls.use_private_key_file(tls_key, asio::ssl::context::pem, ec);
    if (ec) {
      std::cerr << "fake_provider: cannot load the TLS certificate or key: " << ec.message()
                << "\n";
      return 1;
    }
    server_options.tls = &tls;
  }

  asio::ip::tcp::acceptor acceptor(io);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(port));
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "fake_provider: cannot listen on 127.0.0.1:" << port << ": " << ec.message()
              << "\n";
    return 1;
  }

  nudged::fake::FakeState state(std::move(options));
  nudged::fake::StartServer(acceptor, state, server_options);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });

  std::printf("listening 127.0.0.1:%d\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  io.run();
  return 0;
}
