// Implementation details: Twilio's error body is {"code", "message", "more_info", "status"};
// its message may quote the recipient's number, so it is masked before it becomes a detail.
// 503 counts as "certainly not accepted" because Twilio answers it from its front end before a
// message is created (DESIGN.md); any other 5xx may have been answered after the message was
// created, so it is ambiguous. Dates are parsed by hand with sscanf: g++ 12 has no
// std::chrono::parse, and the date library's parse trips -Wmaybe-uninitialized.

#include "provider/twilio_response.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/mask.h"

namespace nudged {
namespace {

// Twilio's error `code` and `message`, when the body is its error JSON.
struct TwilioError {
  std::string code;
  std::string message;
};

TwilioError ParseError(std::string_view body) {
  TwilioError error;
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return error;
  if (json.contains("code") && json["code"].is_number_integer()) {
    error.code = std::to_string(json["code"].get<int64_t>());
  }
  if (json.contains("message") && json["message"].is_string()) {
    error.message = MaskPhoneNumbersIn(json["message"].get<std::string>());
  }
  return error;
}

// Parses the date forms Twilio and HTTP use: "Fri, 04 Dec 2026 22:03:05 +0000" (RFC 2822,
// any numeric zone) and "Fri, 04 Dec 2026 22:03:05 GMT" (HTTP-date).
std::optional<std::chrono::sys_seconds> ParseRfc2822(const std::string& text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char weekday[4] = {}, month_name[4] = {}, zone[6] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(text.c_str(), "%3s, %d %3s %d %d:%d:%d %5s", weekday, &day, month_name, &year,
                  &hour, &minute, &second, zone) != 8) {
    return std::nullopt;
  }
  const auto month = std::find(std::begin(kMonths), std::end(kMonths), month_name);
  if (month == std::end(kMonths) || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::chrono::year_month_day date{
      std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month - kMonths + 1)},
      std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  std::chrono::seconds offset{0};
  const std::string_view zone_text = zone;
  if (zone_text.size() == 5 && (zone[0] == '+' || zone[0] == '-') &&
      std::all_of(zone + 1, zone + 5, [](char c) { return std::isdigit(c); })) {
    const int minutes =
        ((zone[1] - '0') * 10 + (zone[2] - '0')) * 60 + (zone[3] - '0') * 10 + (zone[4] - '0');
    offset = std::chrono::minutes(zone[0] == '+' ? minutes : -minutes);
  } else if (zone_text != "GMT" && zone_text != "UT" && zone_text != "UTC") {
    return std::nullopt;
  }
  return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} - offset;
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  const std::optional<std::chrono::sys_seconds> when = ParseRfc2822(std::string(value));
  if (!when) return std::nullopt;
  const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(*when - now);
  return std::max(delay, std::chrono::milliseconds(0));
}

std::string MaskPhoneNumbersIn(std::string_view text) {
  std::string masked;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i + 1;
    while (text[i] == '+' && end < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    if (text[i] == '+' && end - i >= 8) {
      masked += MaskPhone(text.substr(i, end - i));
      i = end;
    } else {
      masked += text[i++];
    }
  }
  return masked;
}

SendOutcome ClassifyResponse(int http_status, std::string_view retry_after, std::string_view body,
                             std::chrono::system_clock::time_point now) {
  SendOutcome outcome;
  outcome.http_status = http_status;
  if (http_status >= 200 && http_status < 300) {
    const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object() && json.contains("sid") && json["sid"].is_string() &&
        !json["sid"].get<std::string>().empty()) {
      outcome.result = SendResult::kAccepted;
      outcome.sid = json["sid"].get<std::string>();
      outcome.detail = fmt::format("HTTP {}: accepted", http_status);
    } else {
      outcome.result = SendResult::kAmbiguous;
      outcome.detail = fmt::format("HTTP {} without a sid in the answer", http_status);
    }
    return outcome;
  }
  const TwilioError error = ParseError(body);
  outcome.provider_code = error.code;
  outcome.detail = error.code.empty() ? fmt::format("HTTP {}", http_status)
                                      : fmt::format("HTTP {}, Twilio error {}: {}", http_status,
                                                    error.code, error.message);
  if (!retry_after.empty()) outcome.retry_after = ParseRetryAfter(retry_after, now);
  if (http_status == 429 || http_status == 503) {
    outcome.result = SendResult::kRetryable;
  } else if (http_status >= 400 && http_status < 500) {
    outcome.result = SendResult::kPermanent;
  } else {
    outcome.result = SendResult::kAmbiguous;
  }
  return outcome;
}

Status ParseListPage(std::string_view body, Channel channel, std::vector<SentRecord>* records,
                     std::string* next_page_uri) {
  const char* key = channel == Channel::kVoice ? "calls" : "messages";
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains(key) || !json[key].is_array()) {
    return Status::InvalidArgument(fmt::format("the list answer has no \"{}\" array", key));
  }
  for (const nlohmann::json& item : json[key]) {
    SentRecord record;
    if (!item.is_object()) return Status::InvalidArgument("a list item is not an object");
    record.sid = item.value("sid", "");
    record.to = item.contains("to") && item["to"].is_string() ? item["to"].get<std::string>() : "";
    if (item.contains("body") && item["body"].is_string()) record.body = item["body"];
    const std::string created = item.contains("date_created") && item["date_created"].is_string()
                                    ? item["date_created"].get<std::string>()
                                    : "";
    const std::optional<std::chrono::sys_seconds> time = ParseRfc2822(created);
    if (record.sid.empty() || !time) {
      return Status::InvalidArgument("a list item lacks a sid or an RFC 2822 date_created");
    }
    record.created = *time;
    records->push_back(std::move(record));
  }
  next_page_uri->clear();
  if (json.contains("next_page_uri") && json["next_page_uri"].is_string()) {
    *next_page_uri = json["next_page_uri"].get<std::string>();
  }
  return Status::Ok();
}

}  // namespace nudged
