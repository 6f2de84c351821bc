// Implementation details: handlers only parse, check and validate on the io executor, then hand
// a StatusCallback or InboundMessage to the writer; the writer's completion (on the same
// executor) chooses the answer. The signed URL is the configured public base plus the request
// target exactly as received, query included, since that is what the provider signed.

#include "http/webhook_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "common/log_value.h"
#include "common/mask.h"
#include "http/form_body.h"
#include "http/twilio_signature.h"
#include "provider/twiml.h"

namespace nudged {
namespace {

namespace http = boost::beast::http;

constexpr const char* kFormType = "application/x-www-form-urlencoded";
constexpr const char* kEmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

HttpServerOptions ServerOptions(const HttpConfig& config) {
  HttpServerOptions options;
  options.listen = config.listen;
  options.max_body_bytes = static_cast<std::size_t>(config.max_body_bytes);
  options.max_connections = config.max_connections;
  options.request_timeout = std::chrono::milliseconds(config.request_timeout_ms);
  return options;
}

void Answer(const HttpRespond& respond, const HttpRequest& request, http::status status,
            std::string_view text) {
  respond(MakeResponse(request, status, "text/plain", std::string(text) + "\n"));
}

// The answer once the writer is done: `ok_body` (TwiML, or nothing) if stored, else 503 or 500.
WebhookWriter::Done Acknowledge(HttpRequest request, HttpRespond respond, std::string ok_body) {
  return [request = std::move(request), respond = std::move(respond),
          ok_body = std::move(ok_body)](const Status& status) {
    if (status.ok()) {
      respond(MakeResponse(request, http::status::ok, "text/xml", ok_body));
    } else if (status.IsUnavailable()) {
      HttpResponse response = MakeResponse(request, http::status::service_unavailable, "text/plain",
                                           "database unavailable, retry later\n");
      response.set(http::field::retry_after, "5");
      respond(std::move(response));
    } else {
      Answer(respond, request, http::status::internal_server_error, "not stored");
    }
  };
}

// Parses the outbox_id of the query; false when it is present but not a positive integer.
bool OutboxIdOf(std::string_view target, std::optional<std::int64_t>* outbox_id) {
  const size_t question = target.find('?');
  if (question == std::string_view::npos) return true;
  for (const FormField& field : FormDecode(target.substr(question + 1))) {
    if (field.first != "outbox_id") continue;
    std::int64_t id = 0;
    const char* end = field.second.data() + field.second.size();
    const auto [last, ec] = std::from_chars(field.second.data(), end, id);
    if (ec != std::errc() || last != end || id <= 0) return false;
    *outbox_id = id;
    return true;
  }
  return true;
}

}  // namespace

std::string ReadStatusCallback(const std::vector<FormField>& fields, StatusCallback* callback) {
  const auto call_sid = FormValue(fields, "CallSid");
  const auto call_status = FormValue(fields, "CallStatus");
  const auto message_sid = FormValue(fields, "MessageSid") ? FormValue(fields, "MessageSid")
                                                           : FormValue(fields, "SmsSid");
  const auto message_status = FormValue(fields, "MessageStatus")
                                  ? FormValue(fields, "MessageStatus")
                                  : FormValue(fields, "SmsStatus");
  std::string kind;
  if (call_sid && call_status) {
    kind = "CallStatus";
    callback->sid = *call_sid;
    callback->provider_status = *call_status;
    const auto state = StateOfCallStatus(*call_status);
    if (!state) return "unknown CallStatus";
    callback->state = *state;
  } else if (message_sid && message_status) {
    kind = "MessageStatus";
    callback->sid = *message_sid;
    callback->provider_status = *message_status;
    const auto state = StateOfMessageStatus(*message_status);
    if (!state) return "unknown MessageStatus";
    callback->state = *state;
  } else {
    return "no MessageSid and MessageStatus, nor CallSid and CallStatus";
  }
  if (callback->sid.empty()) return "empty SID";
  callback->error_code = FormValue(fields, "ErrorCode").value_or("");
  callback->detail = fmt::format("status callback {}={}", kind, callback->provider_status);
  if (!callback->error_code.empty()) callback->detail += " ErrorCode=" + callback->error_code;
  if (const auto answered_by = FormValue(fields, "AnsweredBy")) {
    callback->detail += fmt::format(" AnsweredBy={}", *answered_by);
  }
  return {};
}

std::string HelpTwiml(const DistrictConfig& district) {
  std::string text = district.name + ": attendance messages from your school district.";
  if (!district.phone.empty()) text += " Questions? Call " + district.phone + ".";
  text += " Reply STOP to opt out.";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + XmlEscape(text) +
         "</Message></Response>";
}

WebhookServer::WebhookServer(const Config& config, std::string auth_token,
                             ConnectionFactory connect, boost::asio::any_io_executor executor)
    : auth_token_(std::move(auth_token)),
      public_url_(config.http.public_url),
      status_callback_url_(config.provider.status_callback_url),
      help_twiml_(HelpTwiml(config.district)),
      writer_(std::move(connect), executor),
      server_(executor, ServerOptions(config.http),
              {HttpRoute{http::verb::post, "/twilio/status", kFormType,
                         [this](HttpRequest request, HttpRespond respond) {
                           HandleStatus(std::move(request), std::move(respond));
                         }},
               HttpRoute{http::verb::post, "/twilio/inbound", kFormType,
                         [this](HttpRequest request, HttpRespond respond) {
                           HandleInbound(std::move(request), std::move(respond));
                         }}}) {}

WebhookServer::~WebhookServer() = default;

Status WebhookServer::Start(boost::asio::ip::tcp::endpoint* bound) {
  if (public_url_.empty() && status_callback_url_.empty()) {
    // Without the URL the provider signs, every request would get 403.
    return Status::InvalidArgument(
        "webhooks need http.public_url or provider.status_callback_url to check signatures");
  }
  Status status = server_.Start(bound);
  if (!status.ok()) return status;
  writer_.Start();
  spdlog::info("webhook listener started address={} port={}", bound->address().to_string(),
               bound->port());
  return Status::Ok();
}

void WebhookServer::Stop(std::chrono::milliseconds grace, std::function<void()> on_stopped) {
  server_.Stop(grace, [this, on_stopped = std::move(on_stopped)] {
    writer_.Stop();
    spdlog::info("webhook listener stopped");
    if (on_stopped) on_stopped();
  });
}

void WebhookServer::Observe(std::string_view kind) const {
  if (observer_) observer_(kind);
}

bool WebhookServer::CheckSignature(const HttpRequest& request, const std::vector<FormField>& fields,
                                   const HttpRespond& respond) const {
  const std::string_view signature = StdView(request["X-Twilio-Signature"]);
  const std::string url = SignedUrl(public_url_, status_callback_url_, StdView(request.target()));
  if (ValidTwilioSignature(auth_token_, url, fields, signature)) return true;
  Observe("forbidden");
  const auto from = FormValue(fields, "From");
  spdlog::warn("webhook signature rejected path={} reason={} from={}",
               StdView(request.target()).substr(0, request.target().find('?')),
               signature.empty() ? "missing" : "mismatch", MaskPhone(from.value_or("")));
  Answer(respond, request, http::status::forbidden, "bad signature");
  return false;
}

void WebhookServer::HandleStatus(HttpRequest request, HttpRespond respond) {
  const auto fields = ParseFormBody(request.body());
  if (!fields) return Answer(respond, request, http::status::bad_request, "malformed form");
  if (!CheckSignature(request, *fields, respond)) return;
  Observe("status");
  StatusCallback callback;
  if (!OutboxIdOf(StdView(request.target()), &callback.outbox_id)) {
    return Answer(respond, request, http::status::bad_request, "outbox_id is not an id");
  }
  const std::string problem = ReadStatusCallback(*fields, &callback);
  if (!problem.empty()) {
    spdlog::warn("status callback refused reason={}", LogQuote(problem));
    return Answer(respond, request, http::status::bad_request, problem);
  }
  writer_.Submit(std::move(callback), Acknowledge(std::move(request), std::move(respond), ""));
}

void WebhookServer::HandleInbound(HttpRequest request, HttpRespond respond) {
  const auto fields = ParseFormBody(request.body());
  if (!fields) return Answer(respond, request, http::status::bad_request, "malformed form");
  if (!CheckSignature(request, *fields, respond)) return;
  Observe("inbound");
  InboundMessage message;
  const auto sid = FormValue(*fields, "MessageSid");
  const auto from = FormValue(*fields, "From");
  if (!sid || sid->empty() || !from || from->empty()) {
    return Answer(respond, request, http::status::bad_request, "MessageSid and From are required");
  }
  message.message_sid = *sid;
  message.from = *from;
  message.to = FormValue(*fields, "To").value_or("");
  message.body = FormValue(*fields, "Body").value_or("");
  message.action = ClassifyInbound(message.body);
  std::string twiml = message.action == InboundAction::kHelp ? help_twiml_ : kEmptyTwiml;
  writer_.Submit(std::move(message),
                 Acknowledge(std::move(request), std::move(respond), std::move(twiml)));
}

}  // namespace nudged
