// Implementation details: a create request first passes authentication (a 401 consumes no
// fault), then takes the first queued fault for its number, then is validated like Twilio
// does (To required, rejected numbers), and only then is recorded; every one is logged with
// its answer for GET /_fake/requests. A fault that "records" stores the message as
// accepted although the client sees a failure: that is the ambiguous case the dispatcher
// reconciles. Lists are offset-paged, newest first, like Twilio's; PageToken carries the offset.

#include "fake_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

#include "provider/form_encoding.h"

namespace nudged::fake {
namespace {

constexpr std::string_view kAccountsPrefix = "/2010-04-01/Accounts/";

Reply JsonReply(int status, const nlohmann::json& body) {
  Reply reply;
  reply.status = status;
  reply.body = body.dump();
  return reply;
}

Reply TwilioError(int status, int code) {
  return JsonReply(status, ErrorJson(status, code, ErrorMessage(code)));
}

std::string FormValue(const std::vector<FormField>& fields, std::string_view name) {
  for (const auto& [field, value] : fields) {
    if (field == name) return value;
  }
  return "";
}

int IntOr(const std::string& text, int fallback) {
  try {
    return text.empty() ? fallback : std::stoi(text);
  } catch (...) {
    return fallback;
  }
}

}  // namespace

FakeState::FakeState(FakeOptions options)
    : options_(std::move(options)), rejected_numbers_(options_.rejected_numbers) {}

bool FakeState::Authorized(const std::string& authorization) const {
  return authorization == BasicAuthorization(options_.account_sid, options_.auth_token);
}

Reply FakeState::Handle(const Request& request, int64_t now_us) {
  const size_t question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const std::string query =
      question == std::string::npos ? "" : request.target.substr(question + 1);
  if (path.starts_with("/_fake/")) return HandleControl(request);

  // /2010-04-01/Accounts/{AccountSid}/Messages.json or .../Calls.json
  if (!path.starts_with(kAccountsPrefix)) return TwilioError(404, 20404);
  const std::string_view rest = std::string_view(path).substr(kAccountsPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return TwilioError(404, 20404);
  const std::string account_sid{rest.substr(0, slash)};
  const std::string_view collection = rest.substr(slash + 1);
  Record::Kind kind;
  if (collection == "Messages.json") {
    kind = Record::Kind::kSms;
  } else if (collection == "Calls.json") {
    kind = Record::Kind::kVoice;
  } else {
    return TwilioError(404, 20404);
  }

  Reply reply;
  if (!Authorized(request.authorization) || account_sid != options_.account_sid) {
    reply = TwilioError(401, 20003);
    reply.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Twilio API\"");
  } else if (request.method == "POST") {
    reply = Create(kind, account_sid, request.body, now_us);
  } else if (request.method == "GET") {
    reply = List(kind, path, query);
  } else {
    reply = TwilioError(405, 20004);
  }
  reply.delay += options_.latency;
  return reply;
}

Reply FakeState::Create(Record::Kind kind, const std::string& account_sid, const std::string& body,
                        int64_t now_us) {
  const std::vector<FormField> form = FormDecode(body);
  Record record;
  record.kind = kind;
  record.account_sid = account_sid;
  record.to = FormValue(form, "To");
  record.from = FormValue(form, "From");
  record.messaging_service_sid = FormValue(form, "MessagingServiceSid");
  record.body = FormValue(form, "Body");
  record.twiml = FormValue(form, "Twiml");
  record.status_callback = FormValue(form, "StatusCallback");
  record.accepted_at_us = now_us;
  for (const auto& [name, value] : form) record.params[name] = value;

  const Fault fault = TakeFault(record.to);
  auto accept = [&] {
    record.sid = NewSid(kind == Record::Kind::kSms ? "SM" : "CA");
    records_.push_back(record);
  };
  Reply reply = Answer(fault, record, accept);
  if (reply.status == 201) {
    reply.callbacks = CallbacksFor(records_.back(), options_.auth_token, options_.callback_delay,
                                   fault.outcome);
  }
  arrivals_.push_back({kind, record.to, now_us, reply.drop ? 0 : reply.status, fault.kind});
  return reply;
}

FakeState::Fault FakeState::TakeFault(const std::string& to) {
  const auto taken = std::find_if(faults_.begin(), faults_.end(), [&](const Fault& fault) {
    return fault.to.empty() || fault.to == to;
  });
  if (taken == faults_.end()) return Fault{};
  Fault fault = *taken;
  faults_.erase(taken);
  return fault;
}

Reply FakeState::Answer(const Fault& fault, const Record& record,
                        const std::function<void()>& accept) {
  Reply reply;
  if (fault.kind == "429") {
    reply = TwilioError(429, 20429);
    reply.headers.emplace_back("Retry-After", std::to_string(fault.retry_after_s));
    return reply;
  }
  if (fault.kind == "500" || fault.kind == "503") {
    if (fault.record) accept();
    const int status = fault.kind == "500" ? 500 : 503;
    return JsonReply(status, ErrorJson(status, 20500, "Internal Server Error"));
  }
  if (fault.kind == "drop_after_read") {
    if (fault.record) accept();
    reply.drop = true;
    return reply;
  }
  if (fault.kind == "error") return TwilioError(fault.status, fault.code);

  if (record.to.empty()) {
    reply = TwilioError(400, 21604);
  } else if (auto rejected = rejected_numbers_.find(record.to);
             rejected != rejected_numbers_.end()) {
    reply = TwilioError(400, rejected->second);
  } else {
    accept();
    reply.status = 201;
    reply.body = ResourceJson(records_.back()).dump();
  }
  if (fault.kind == "slow") reply.delay = std::chrono::milliseconds(fault.delay_ms);
  return reply;
}

Reply FakeState::List(Record::Kind kind, const std::string& path, const std::string& query) {
  const std::vector<FormField> params = FormDecode(query);
  const std::string to = FormValue(params, "To");
  const std::string since =
      FormValue(params, kind == Record::Kind::kSms ? "DateSent>" : "StartTime>");
  const int64_t since_day = since.empty() ? -1 : IsoDay(since);
  const int page_size =
      std::clamp(IntOr(FormValue(params, "PageSize"), options_.page_size), 1, 1000);
  const int page = std::max(0, IntOr(FormValue(params, "Page"), 0));
  const std::string token = FormValue(params, "PageToken");
  const int offset = token.starts_with("PA") ? IntOr(token.substr(2), 0) : 0;

  // Twilio compares dates only, so a filter by DateSent> still returns that whole day.
  std::vector<const Record*> matching;
  for (auto it = records_.rbegin(); it != records_.rend(); ++it) {
    if (it->kind != kind || (!to.empty() && it->to != to)) continue;
    if (since_day >= 0 && it->accepted_at_us / 86'400'000'000 < since_day) continue;
    matching.push_back(&*it);
  }
  nlohmann::json items = nlohmann::json::array();
  const int end = std::min<int>(offset + page_size, static_cast<int>(matching.size()));
  for (int i = offset; i < end; ++i) items.push_back(ResourceJson(*matching[i]));

  std::vector<FormField> base;
  for (const auto& [name, value] : params) {
    if (name != "PageSize" && name != "Page" && name != "PageToken") base.emplace_back(name, value);
  }
  base.emplace_back("PageSize", std::to_string(page_size));
  auto page_uri = [&](int number, int start) {
    std::vector<FormField> fields = base;
    fields.emplace_back("Page", std::to_string(number));
    if (number > 0) fields.emplace_back("PageToken", fmt::format("PA{}", start));
    return options_.page_uri_base + path + "?" + FormEncode(fields);
  };
  const nlohmann::json null;
  nlohmann::json list = {
      {kind == Record::Kind::kSms ? "messages" : "calls", items},
      {"end", std::max(offset, end - 1)},
      {"first_page_uri", page_uri(0, 0)},
      {"next_page_uri",
       end < static_cast<int>(matching.size()) ? nlohmann::json(page_uri(page + 1, end)) : null},
      {"page", page},
      {"page_size", page_size},
      {"previous_page_uri",
       page > 0 ? nlohmann::json(page_uri(page - 1, std::max(0, offset - page_size))) : null},
      {"start", offset},
      {"uri", page_uri(page, offset)},
  };
  return JsonReply(200, list);
}

Reply FakeState::HandleControl(const Request& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (request.method == "GET" && path == "/_fake/messages") {
    nlohmann::json records = nlohmann::json::array();
    for (const Record& record : records_) records.push_back(RecordJson(record));
    return JsonReply(200, records);
  }
  if (request.method == "GET" && path == "/_fake/requests") {
    nlohmann::json arrivals = nlohmann::json::array();
    for (const Arrival& arrival : arrivals_) {
      arrivals.push_back({{"kind", arrival.kind == Record::Kind::kSms ? "sms" : "voice"},
                          {"to", arrival.to},
                          {"arrived_at_us", arrival.arrived_at_us},
                          {"status", arrival.status},
                          {"fault", arrival.fault}});
    }
    return JsonReply(200, arrivals);
  }
  if (request.method == "GET" && path == "/_fake/callbacks") {
    nlohmann::json posted = nlohmann::json::array();
    for (const PostedCallback& callback : posted_callbacks_) {
      posted.push_back({{"sid", callback.sid},
                        {"status", callback.status},
                        {"url", callback.url},
                        {"answer", callback.answer}});
    }
    return JsonReply(200, posted);
  }
  if (request.method == "GET" && path == "/_fake/stats") {
    return JsonReply(200, {{"requests", counters_.requests},
                           {"connections_accepted", counters_.connections_accepted},
                           {"connections_open", counters_.connections_open},
                           {"max_connections_open", counters_.max_connections_open},
                           {"requests_in_flight", counters_.requests_in_flight},
                           {"max_requests_in_flight", counters_.max_requests_in_flight},
                           {"faults_queued", faults_.size()},
                           {"messages", records_.size()}});
  }
  if (request.method == "POST" && path == "/_fake/reset") {
    records_.clear();
    arrivals_.clear();
    faults_.clear();
    posted_callbacks_.clear();
    // The counters of what is open right now stay true; the totals and maxima start over.
    counters_.requests = 0;
    counters_.connections_accepted = 0;
    counters_.max_connections_open = counters_.connections_open;
    counters_.max_requests_in_flight = counters_.requests_in_flight;
    return JsonReply(200, {{"ok", true}});
  }
  if (request.method == "POST" && path == "/_fake/faults") return HandleFaults(request.body);
  if (request.method == "POST" && path == "/_fake/rejects") return HandleRejects(request.body);
  return JsonReply(404, {{"error", "unknown control endpoint"}});
}

Reply FakeState::HandleFaults(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.contains("faults") || !json["faults"].is_array()) {
    return JsonReply(400, {{"error", "expected {\"faults\": [...]}"}});
  }
  static const std::string kKinds[] = {"429",   "500",  "503",     "slow",
                                       "drop_after_read", "error", "callback"};
  std::vector<Fault> parsed;
  for (const nlohmann::json& item : json["faults"]) {
    Fault fault;
    fault.kind = item.value("kind", "");
    if (std::find(std::begin(kKinds), std::end(kKinds), fault.kind) == std::end(kKinds)) {
      return JsonReply(400, {{"error", "unknown fault kind: " + fault.kind}});
    }
    fault.to = item.value("to", "");
    fault.retry_after_s = item.value("retry_after_s", 1);
    fault.delay_ms = item.value("delay_ms", 0);
    fault.code = item.value("code", 21211);
    fault.status = item.value("status", 400);
    fault.record = item.value("record", false);
    if (fault.kind == "callback") {
      fault.outcome.status = item.value("outcome", "");
      const int code = item.value("code", 0);
      if (code != 0) fault.outcome.error_code = std::to_string(code);
      if (fault.outcome.status.empty()) {
        return JsonReply(400, {{"error", "a callback fault needs an outcome"}});
      }
    }
    for (int i = item.value("count", 1); i > 0; --i) parsed.push_back(fault);
  }
  faults_.insert(faults_.end(), parsed.begin(), parsed.end());
  return JsonReply(200, {{"faults_queued", faults_.size()}});
}

Reply FakeState::HandleRejects(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.contains("to") || !json["to"].is_string()) {
    return JsonReply(400, {{"error", "expected {\"to\": \"+1...\", \"code\": N}"}});
  }
  const int code = json.value("code", 0);
  if (code == 0) {
    rejected_numbers_.erase(json["to"].get<std::string>());
  } else {
    rejected_numbers_[json["to"].get<std::string>()] = code;
  }
  return JsonReply(200, {{"rejected_numbers", rejected_numbers_.size()}});
}

void FakeState::ConnectionOpened() {
  ++counters_.connections_accepted;
  counters_.max_connections_open =
      std::max(counters_.max_connections_open, ++counters_.connections_open);
}

void FakeState::ConnectionClosed() { --counters_.connections_open; }

void FakeState::RequestStarted() {
  ++counters_.requests;
  counters_.max_requests_in_flight =
      std::max(counters_.max_requests_in_flight, ++counters_.requests_in_flight);
}

void FakeState::RequestFinished() { --counters_.requests_in_flight; }

void FakeState::CallbackAnswered(const Callback& callback, int status) {
  posted_callbacks_.push_back({callback.sid, callback.status, callback.url, status});
}

}  // namespace nudged::fake
