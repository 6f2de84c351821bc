// Implementation details: the parameters are the ones Twilio sends for the statuses nudged
// reads (daemon/http/webhook_server.cc), in the names Twilio uses.

#include "callbacks.h"

#include <charconv>

#include "http/twilio_signature.h"

namespace nudged::fake {

std::optional<LoopbackUrl> ParseLoopbackUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  const size_t authority_end = url.find_first_of("/?", kScheme.size());
  const std::string authority = url.substr(kScheme.size(), authority_end - kScheme.size());
  LoopbackUrl parsed;
  parsed.target = authority_end == std::string::npos ? "/" : url.substr(authority_end);
  if (parsed.target.front() == '?') parsed.target.insert(0, "/");
  std::string host = authority;
  const size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    host = authority.substr(0, colon);
    const std::string port = authority.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return std::nullopt;
    }
    parsed.port = static_cast<unsigned short>(value);
  }
  if (host == "127.0.0.1" || host == "localhost") {
    parsed.host = "127.0.0.1";
  } else if (host == "[::1]") {
    parsed.host = "::1";
  } else {
    return std::nullopt;
  }
  return parsed;
}

std::vector<Callback> CallbacksFor(const Record& record, const std::string& auth_token,
                                   std::chrono::milliseconds delay,
                                   const CallbackOutcome& outcome) {
  std::vector<Callback> callbacks;
  if (!ParseLoopbackUrl(record.status_callback)) return callbacks;
  const bool call = record.kind == Record::Kind::kVoice;
  std::vector<std::string> statuses =
      call ? std::vector<std::string>{"initiated", "ringing", "completed"}
           : std::vector<std::string>{"sent", "delivered"};
  if (!outcome.status.empty()) statuses.back() = outcome.status;
  for (size_t i = 0; i < statuses.size(); ++i) {
    const bool final_status = i + 1 == statuses.size();
    std::vector<FormField> params = {{"AccountSid", record.account_sid},
                                     {"ApiVersion", "2010-04-01"},
                                     {"From", record.from},
                                     {"To", record.to}};
    if (call) {
      params.emplace_back("CallSid", record.sid);
      params.emplace_back("CallStatus", statuses[i]);
      params.emplace_back("Direction", "outbound-api");
    } else {
      params.emplace_back("MessageSid", record.sid);
      params.emplace_back("MessageStatus", statuses[i]);
      params.emplace_back("SmsSid", record.sid);
      params.emplace_back("SmsStatus", statuses[i]);
    }
    if (final_status && !outcome.error_code.empty()) {
      params.emplace_back("ErrorCode", outcome.error_code);
    }
    Callback callback;
    callback.url = record.status_callback;
    callback.signature = TwilioSignature(auth_token, record.status_callback, params);
    callback.params = std::move(params);
    callback.delay = delay * static_cast<int>(i + 1);
    callback.sid = record.sid;
    callback.status = statuses[i];
    callbacks.push_back(std::move(callback));
  }
  return callbacks;
}

}  // namespace nudged::fake
