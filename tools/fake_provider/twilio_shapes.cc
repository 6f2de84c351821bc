// Implementation details: dates are computed with C++20 <chrono> calendar types (g++ 12 has
// them, though not std::format for them). Fields whose value Twilio fills in only later (price,
// error_code, date_sent...) are null, as they are in Twilio's answer to a create request.

#include "twilio_shapes.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <random>

namespace nudged::fake {
namespace {

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string ResourceUri(const Record& record) {
  return fmt::format("/2010-04-01/Accounts/{}/{}/{}.json", record.account_sid,
                     record.kind == Record::Kind::kSms ? "Messages" : "Calls", record.sid);
}

}  // namespace

std::string NewSid(std::string_view prefix) {
  static std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{}{:016x}{:016x}", prefix, random(), random());
}

std::string Rfc2822Date(int64_t unix_us) {
  using namespace std::chrono;
  const sys_seconds time{seconds{unix_us / 1'000'000}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
                     kWeekdays[weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                     kMonths[static_cast<unsigned>(date.month()) - 1],
                     static_cast<int>(date.year()), clock.hours().count(), clock.minutes().count(),
                     clock.seconds().count());
}

int64_t IsoDay(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return -1;
  if (std::sscanf(std::string(text.substr(0, 10)).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return -1;
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return -1;
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

nlohmann::json ResourceJson(const Record& record) {
  const std::string created = Rfc2822Date(record.accepted_at_us);
  const nlohmann::json null;
  if (record.kind == Record::Kind::kSms) {
    return {
        {"account_sid", record.account_sid},
        {"api_version", "2010-04-01"},
        {"body", record.body},
        {"date_created", created},
        {"date_sent", null},
        {"date_updated", created},
        {"direction", "outbound-api"},
        {"error_code", null},
        {"error_message", null},
        {"from", record.from.empty() ? null : nlohmann::json(record.from)},
        {"messaging_service_sid", record.messaging_service_sid.empty()
                                      ? null
                                      : nlohmann::json(record.messaging_service_sid)},
        {"num_media", "0"},
        {"num_segments", "1"},
        {"price", null},
        {"price_unit", "USD"},
        {"sid", record.sid},
        {"status", "queued"},
        {"subresource_uris",
         {{"media", fmt::format("/2010-04-01/Accounts/{}/Messages/{}/Media.json",
                                record.account_sid, record.sid)}}},
        {"to", record.to},
        {"uri", ResourceUri(record)},
    };
  }
  return {
      {"account_sid", record.account_sid},
      {"answered_by", null},
      {"api_version", "2010-04-01"},
      {"caller_name", null},
      {"date_created", created},
      {"date_updated", created},
      {"direction", "outbound-api"},
      {"duration", null},
      {"end_time", null},
      {"forwarded_from", null},
      {"from", record.from},
      {"from_formatted", record.from},
      {"group_sid", null},
      {"parent_call_sid", null},
      {"phone_number_sid", null},
      {"price", null},
      {"price_unit", "USD"},
      {"queue_time", "0"},
      {"sid", record.sid},
      {"start_time", null},
      {"status", "queued"},
      {"subresource_uris",
       {{"recordings", fmt::format("/2010-04-01/Accounts/{}/Calls/{}/Recordings.json",
                                   record.account_sid, record.sid)}}},
      {"to", record.to},
      {"to_formatted", record.to},
      {"trunk_sid", null},
      {"uri", ResourceUri(record)},
  };
}

nlohmann::json ErrorJson(int http_status, int code, std::string_view message) {
  return {{"code", code},
          {"message", message},
          {"more_info", fmt::format("https://www.twilio.com/docs/errors/{}", code)},
          {"status", http_status}};
}

std::string ErrorMessage(int code) {
  switch (code) {
    case 20003:
      return "Authenticate";
    case 20404:
      return "The requested resource was not found";
    case 20429:
      return "Too Many Requests";
    case 21211:
      return "Invalid 'To' Phone Number";
    case 21604:
      return "A 'To' phone number is required.";
    case 21610:
      return "Attempt to send to unsubscribed recipient";
    case 21614:
      return "'To' number is not a valid mobile number";
    default:
      return fmt::format("Error {}", code);
  }
}

nlohmann::json RecordJson(const Record& record) {
  const bool sms = record.kind == Record::Kind::kSms;
  return {{"sid", record.sid},
          {"kind", sms ? "sms" : "voice"},
          {"to", record.to},
          {"from", record.from},
          {"messaging_service_sid", record.messaging_service_sid},
          {sms ? "body" : "twiml", sms ? record.body : record.twiml},
          {"status_callback", record.status_callback},
          {"accepted_at_us", record.accepted_at_us},
          {"params", record.params}};
}

}  // namespace nudged::fake
