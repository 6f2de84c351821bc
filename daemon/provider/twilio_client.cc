// Implementation details: each Send and ListSent is a coroutine spawned on the pool's strand;
// co_spawn starts it with a post, so `done` is never called inline from Send or ListSent. The
// outcome follows from how far the exchange got (connection_pool.h): not completely sent ->
// kRetryable (nothing can have been processed, including a failed TLS verification); sent
// without an answer -> kAmbiguous; answered -> classified by twilio_response.h. The token lives
// only inside the Authorization header value and is never logged or put in a detail.

#include "provider/twilio_client.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/beast/core.hpp>

#include "common/log_value.h"
#include "common/mask.h"
#include "provider/form_encoding.h"
#include "provider/twilio_forms.h"
#include "provider/twilio_response.h"

namespace nudged {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

constexpr int kMaxListPages = 1000;

std::string HostHeader(const Origin& origin) {
  const bool ipv6 = origin.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + origin.host + "]" : origin.host;
  const bool default_port = origin.port == (origin.tls ? "443" : "80");
  return default_port ? host : host + ":" + origin.port;
}

// Returns the path and query of a page URI that may be absolute ("https://host/path?q").
std::string PathOfUri(const std::string& uri) {
  const size_t scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  const size_t path = uri.find('/', scheme + 3);
  return path == std::string::npos ? "/" : uri.substr(path);
}

}  // namespace

Status ParseBaseUrl(const std::string& url, Origin* origin, std::string* path_prefix) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    origin->tls = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    origin->tls = false;
    rest.remove_prefix(7);
  } else {
    return Status::InvalidArgument("provider.base_url: not an http:// or https:// URL");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string_view port;
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Status::InvalidArgument("provider.base_url: bad IPv6 host");
    origin->host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else {
    const size_t colon = authority.find(':');
    origin->host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (origin->host.empty() || authority.find('@') != std::string_view::npos) {
    return Status::InvalidArgument("provider.base_url: no host, or credentials in the URL");
  }
  origin->port = port.empty() ? (origin->tls ? "443" : "80") : std::string(port);
  *path_prefix = std::string(path);
  return Status::Ok();
}

Status TwilioClient::Create(const ProviderConfig& config, asio::any_io_executor executor,
                            std::string token, std::unique_ptr<TwilioClient>* client) {
  Origin origin;
  std::string path_prefix;
  Status status = ParseBaseUrl(config.base_url, &origin, &path_prefix);
  if (!status.ok()) return status;
  std::unique_ptr<TwilioClient> created(
      new TwilioClient(config, asio::make_strand(executor), std::move(origin),
                       std::move(path_prefix), BasicAuthorization(config.account_sid, token)));
  boost::system::error_code ec;
  if (config.ca_file.empty()) {
    created->tls_context_.set_default_verify_paths(ec);
  } else {
    created->tls_context_.load_verify_file(config.ca_file, ec);
  }
  if (ec) {
    return Status::InvalidArgument(
        fmt::format("provider: cannot load trusted CA certificates{}: {}",
                    config.ca_file.empty() ? "" : " from " + config.ca_file, ec.message()));
  }
  *client = std::move(created);
  return Status::Ok();
}

TwilioClient::TwilioClient(const ProviderConfig& config, ConnectionPool::Strand strand,
                           Origin origin, std::string path_prefix, std::string authorization)
    : config_(config),
      path_prefix_(std::move(path_prefix)),
      host_header_(HostHeader(origin)),
      authorization_(std::move(authorization)),
      tls_context_(asio::ssl::context::tls_client),
      pool_(std::move(strand), std::move(origin), &tls_context_,
            PoolOptions{std::max(1, config.concurrency), std::chrono::milliseconds(config.connect_timeout_ms),
                        std::chrono::milliseconds(config.request_timeout_ms)}) {
  tls_context_.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1);
  tls_context_.set_verify_mode(asio::ssl::verify_peer);
}

std::string TwilioClient::CollectionPath(Channel channel) const {
  return fmt::format("{}/2010-04-01/Accounts/{}/{}", path_prefix_, config_.account_sid,
                     channel == Channel::kVoice ? "Calls.json" : "Messages.json");
}

ConnectionPool::Request TwilioClient::MakeRequest(bool post, const std::string& target,
                                                  std::string form_body) const {
  ConnectionPool::Request request{post ? http::verb::post : http::verb::get, target, 11};
  request.set(http::field::host, host_header_);
  request.set(http::field::user_agent, "nudged/" NUDGED_VERSION);
  request.set(http::field::authorization, authorization_);
  request.set(http::field::accept, "application/json");
  if (post) {
    request.set(http::field::content_type, "application/x-www-form-urlencoded");
    request.body() = std::move(form_body);
  }
  request.keep_alive(true);
  request.prepare_payload();
  return request;
}

void TwilioClient::Send(const OutgoingMessage& message, SendCallback done) {
  asio::co_spawn(pool_.strand(), DoSend(message),
                 [done = std::move(done)](std::exception_ptr error, SendOutcome outcome) {
                   if (error) {
                     // Nothing says how far the request got: only reconciliation can tell.
                     outcome = SendOutcome{};
                     outcome.result = SendResult::kAmbiguous;
                     outcome.detail = "internal error while sending";
                   }
                   done(std::move(outcome));
                 });
}

asio::awaitable<SendOutcome> TwilioClient::DoSend(OutgoingMessage message) {
  const auto started = std::chrono::steady_clock::now();
  SendOutcome outcome;
  if (message.channel != Channel::kSms && message.channel != Channel::kVoice) {
    outcome.result = SendResult::kPermanent;
    outcome.detail = "the provider sends only SMS and voice";
    co_return outcome;
  }
  const bool voice = message.channel == Channel::kVoice;
  const std::string body =
      FormEncode(voice ? CallFields(config_, message) : MessageFields(config_, message));
  HttpExchange exchange =
      co_await pool_.Perform(MakeRequest(true, CollectionPath(message.channel), body));
  switch (exchange.stage) {
    case HttpExchange::Stage::kNotSent:
      outcome.result = SendResult::kRetryable;
      outcome.detail = "not sent: " + exchange.error;
      break;
    case HttpExchange::Stage::kNoAnswer:
      outcome.result = SendResult::kAmbiguous;
      outcome.detail = "sent, no answer: " + exchange.error;
      break;
    case HttpExchange::Stage::kAnswered:
      outcome = ClassifyResponse(exchange.response.result_int(),
                                 std::string(exchange.response[http::field::retry_after]),
                                 exchange.response.body(), std::chrono::system_clock::now());
      break;
  }
  outcome.latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  if (outcome.result != SendResult::kAccepted) {
    spdlog::debug("provider did not accept kind={} to={} status={} latency_ms={} detail={}",
                  voice ? "call" : "sms", MaskPhone(message.to), outcome.http_status,
                  outcome.latency.count() / 1000, LogQuote(outcome.detail));
  }
  co_return outcome;
}

void TwilioClient::ListSent(Channel channel, const std::string& to, std::chrono::sys_seconds since,
                            ListCallback done) {
  auto records = std::make_shared<std::vector<SentRecord>>();
  asio::co_spawn(pool_.strand(), DoList(channel, to, since, records.get()),
                 [done = std::move(done), records](std::exception_ptr error, Status status) {
                   if (error) status = Status::Internal("listing sent messages failed");
                   if (!status.ok()) records->clear();
                   done(std::move(status), std::move(*records));
                 });
}

asio::awaitable<Status> TwilioClient::DoList(Channel channel, std::string to,
                                             std::chrono::sys_seconds since,
                                             std::vector<SentRecord>* records) {
  std::string target = CollectionPath(channel) + "?" + FormEncode(ListFields(channel, to, since));
  std::vector<SentRecord> listed;
  // Shape: fetch a page, append its items, follow next_page_uri until there is none.
  for (int page = 0;; ++page) {
    if (page == kMaxListPages) {
      co_return Status::Unavailable(fmt::format("list: more than {} pages", kMaxListPages));
    }
    HttpExchange exchange = co_await pool_.Perform(MakeRequest(false, target, ""));
    if (exchange.stage != HttpExchange::Stage::kAnswered) {
      co_return Status::Unavailable("list: " + exchange.error);
    }
    const int http_status = exchange.response.result_int();
    if (http_status != 200) {
      const SendOutcome error = ClassifyResponse(http_status, "", exchange.response.body(),
                                                 std::chrono::system_clock::now());
      const std::string message = "list: " + error.detail;
      co_return http_status == 429 || http_status >= 500 ? Status::Unavailable(message)
                                                         : Status::InvalidArgument(message);
    }
    std::string next;
    Status status = ParseListPage(exchange.response.body(), channel, &listed, &next);
    if (!status.ok()) co_return status;
    if (next.empty()) break;
    target = PathOfUri(next);
    if (!path_prefix_.empty() && !target.starts_with(path_prefix_ + "/")) {
      target = path_prefix_ + target;
    }
  }
  // Twilio filters by date only; keep exactly what was created at or after `since`.
  for (SentRecord& record : listed) {
    if (record.to == to && record.created >= since) records->push_back(std::move(record));
  }
  co_return Status::Ok();
}

}  // namespace nudged
