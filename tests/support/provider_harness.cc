// Implementation details: children are started with fork/exec in a new process group, with
// PR_SET_PDEATHSIG so a crashed test (an ASan abort) does not leave them running. The fake
// prints its port as its first line, read through a pipe with a deadline; Prism's port is
// chosen here (bind to port 0, read it, release it) and Prism is polled until it answers HTTP.
// Prism writes a log line per request, so its output goes to a file, never to a pipe that
// could fill. Control calls use a plain blocking Beast client, one connection per call.

#include "tests/support/provider_harness.h"

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "tests/support/subprocess.h"

namespace nudged::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr const char* kSpecRelative =
    "tools/node/node_modules/@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json";
constexpr const char* kPrismRelative = "tools/node/node_modules/.bin/prism";

// Starts argv in its own process group with stdout to `stdout_fd` and stderr to `stderr_fd`
// (-1: inherited).
pid_t Spawn(const std::vector<std::string>& argv, int stdout_fd, int stderr_fd) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    if (stdout_fd >= 0) dup2(stdout_fd, STDOUT_FILENO);
    if (stderr_fd >= 0) dup2(stderr_fd, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also here, so a kill right after fork reaches the group
  return pid;
}

void KillGroup(pid_t pid) {
  if (pid <= 0) return;
  kill(-pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      kill(-pid, SIGKILL);  // anything the leader left behind
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, &status, 0);
}

// Reads the fake's first line ("listening 127.0.0.1:PORT") and returns the port.
int ReadListeningPort(int fd) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd poll_fd{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) {
      throw std::runtime_error("fake_provider did not print its port");
    }
    char buffer[256];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) throw std::runtime_error("fake_provider exited before printing its port");
    line.append(buffer, n);
  }
  const size_t colon = line.rfind(':');
  if (!line.starts_with("listening 127.0.0.1:") || colon == std::string::npos) {
    throw std::runtime_error("fake_provider printed an unexpected first line: " + line);
  }
  return std::stoi(line.substr(colon + 1));
}

int FreePort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace

namespace {

// One request and its answer on `stream`, which is connected (and TLS-handshaken).
template <class Stream>
int Exchange(Stream& stream, int port, const std::string& method, const std::string& target,
             const std::map<std::string, std::string>& headers, const std::string& body,
             std::string* response_body) {
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  if (response_body != nullptr) *response_body = response.body();
  return response.result_int();
}

// SendRawHttp over TLS without verification: the harness talks to its own fake.
int SendRawHttps(int port, const std::string& method, const std::string& target,
                 const std::map<std::string, std::string>& headers, const std::string& body,
                 std::string* response_body) {
  asio::io_context io;
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(stream).connect(asio::ip::tcp::endpoint(
      asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  stream.handshake(asio::ssl::stream_base::client);
  return Exchange(stream, port, method, target, headers, body, response_body);
}

}  // namespace

int SendRawHttp(int port, const std::string& method, const std::string& target,
                const std::map<std::string, std::string>& headers, const std::string& body,
                std::string* response_body) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(port)));
  const int status = Exchange(stream, port, method, target, headers, body, response_body);
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return status;
}

std::string ProviderHarness::SpecPath() { return SourcePath(kSpecRelative); }

ProviderHarness::ProviderHarness(ProviderHarnessOptions options) : options_(std::move(options)) {
  setenv(kTokenVariable, kAuthToken, 1);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  int prism_port = 0;
  std::vector<std::string> fake_args{NUDGED_FAKE_PROVIDER,
                                     "--port",
                                     "0",
                                     "--account-sid",
                                     kAccountSid,
                                     "--auth-token",
                                     kAuthToken,
                                     "--latency-ms",
                                     std::to_string(options_.latency_ms),
                                     "--page-size",
                                     std::to_string(options_.page_size),
                                     "--idle-timeout-ms",
                                     std::to_string(options_.idle_timeout_ms)};
  if (options_.with_prism) {
    if (!std::filesystem::exists(SpecPath()) ||
        !std::filesystem::exists(SourcePath(kPrismRelative))) {
      throw std::runtime_error(
          "Prism or Twilio's spec is missing under tools/node: run scripts/setup");
    }
    prism_port = FreePort();
    // Twilio's spec declares list page URIs absolute; see fake_state.h.
    fake_args.push_back("--page-uri-base");
    fake_args.push_back("http://127.0.0.1:" + std::to_string(prism_port));
  }
  if (!options_.tls_cert.empty()) {
    fake_args.insert(fake_args.end(),
                     {"--tls-cert", options_.tls_cert, "--tls-key", options_.tls_key});
  }
  fake_args.insert(fake_args.end(), options_.extra_args.begin(), options_.extra_args.end());
  fake_pid_ = Spawn(fake_args, pipe_fds[1], -1);
  close(pipe_fds[1]);
  try {
    fake_port_ = ReadListeningPort(pipe_fds[0]);
  } catch (...) {
    close(pipe_fds[0]);
    Stop();
    throw;
  }
  close(pipe_fds[0]);
  fake_url_ = (options_.tls_cert.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") +
              std::to_string(fake_port_);
  if (!options_.with_prism) return;

  prism_log_ = (std::filesystem::temp_directory_path() /
                ("nudged-prism-" + std::to_string(getpid()) + ".log"))
                   .string();
  const std::string& log_path = prism_log_;
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  prism_pid_ = Spawn({SourcePath(kPrismRelative), "proxy", SpecPath(), fake_url_, "--errors",
                      "--host", "127.0.0.1", "--port", std::to_string(prism_port)},
                     log_fd, log_fd);
  close(log_fd);
  prism_url_ = "http://127.0.0.1:" + std::to_string(prism_port);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  for (;;) {
    try {
      SendRawHttp(prism_port, "GET", "/", {}, "", nullptr);
      return;  // any HTTP answer means Prism is serving
    } catch (const std::exception&) {
    }
    int status = 0;
    if (waitpid(prism_pid_, &status, WNOHANG) == prism_pid_) {
      prism_pid_ = -1;
      Stop();
      throw std::runtime_error("Prism exited at start; see " + log_path);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      Stop();
      throw std::runtime_error("Prism did not answer within 90 s; see " + log_path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

ProviderHarness::~ProviderHarness() {
  Stop();
  if (!prism_log_.empty()) std::filesystem::remove(prism_log_);
}

void ProviderHarness::Stop() {
  KillGroup(prism_pid_);
  KillGroup(fake_pid_);
  prism_pid_ = fake_pid_ = -1;
}

ProviderHarness& ProviderHarness::Shared() {
  static ProviderHarness harness([] {
    ProviderHarnessOptions options;
    options.page_size = 2;
    return options;
  }());
  return harness;
}

ProviderConfig ProviderHarness::Config() const {
  ProviderConfig config;
  config.base_url = prism_url_.empty() ? fake_url_ : prism_url_;
  config.account_sid = kAccountSid;
  config.auth_token_env = kTokenVariable;
  config.from_number = kFromNumber;
  config.status_callback_url = "https://nudged.example.org/twilio/status";
  config.concurrency = 4;
  config.connect_timeout_ms = 2000;
  config.request_timeout_ms = 5000;
  return config;
}

nlohmann::json ProviderHarness::Control(const std::string& method, const std::string& target,
                                        const std::string& body) {
  std::string response;
  const bool tls = !options_.tls_cert.empty();
  const int status = (tls ? SendRawHttps : SendRawHttp)(
      fake_port_, method, target, {{"Content-Type", "application/json"}}, body, &response);
  if (status != 200) {
    throw std::runtime_error(method + " " + target + ": HTTP " + std::to_string(status) + ": " +
                             response);
  }
  return nlohmann::json::parse(response);
}

void ProviderHarness::Reset() { Control("POST", "/_fake/reset", ""); }

void ProviderHarness::SetFaults(const nlohmann::json& faults) {
  Control("POST", "/_fake/faults", nlohmann::json{{"faults", faults}}.dump());
}

void ProviderHarness::RejectNumber(const std::string& to, int code) {
  Control("POST", "/_fake/rejects", nlohmann::json{{"to", to}, {"code", code}}.dump());
}

std::vector<FakeMessage> ProviderHarness::Messages() {
  std::vector<FakeMessage> messages;
  for (const nlohmann::json& item : Control("GET", "/_fake/messages", "")) {
    FakeMessage message;
    message.sid = item.at("sid");
    message.kind = item.at("kind");
    message.to = item.at("to");
    message.from = item.at("from");
    message.messaging_service_sid = item.at("messaging_service_sid");
    message.body = item.value("body", "");
    message.twiml = item.value("twiml", "");
    message.status_callback = item.at("status_callback");
    message.accepted_at_us = item.at("accepted_at_us");
    message.params = item.at("params").get<std::map<std::string, std::string>>();
    messages.push_back(std::move(message));
  }
  return messages;
}

std::vector<FakeRequest> ProviderHarness::Requests() {
  std::vector<FakeRequest> requests;
  for (const nlohmann::json& item : Control("GET", "/_fake/requests", "")) {
    requests.push_back({item.at("kind"), item.at("to"), item.at("arrived_at_us"), item.at("status"),
                        item.at("fault")});
  }
  return requests;
}

nlohmann::json ProviderHarness::Stats() { return Control("GET", "/_fake/stats", ""); }

}  // namespace nudged::testing
