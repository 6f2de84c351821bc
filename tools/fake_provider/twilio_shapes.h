// The shapes of Twilio's REST API that the fake provider answers with: resource JSON for a
// message and a call (fields and formats as in Twilio's OpenAPI spec, twilio_api_v2010.json,
// so Prism's response validation passes), the error body, SIDs and RFC 2822 dates.
// Pure functions over values except NewSid, which draws random digits; not thread-safe.

#ifndef NUDGED_TOOLS_FAKE_PROVIDER_TWILIO_SHAPES_H_
#define NUDGED_TOOLS_FAKE_PROVIDER_TWILIO_SHAPES_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace nudged::fake {

// One message or call the fake accepted, as it arrived.
struct Record {
  enum class Kind { kSms, kVoice };
  Kind kind = Kind::kSms;
  std::string sid;
  std::string account_sid;
  std::string to;
  std::string from;  // empty when a messaging service was named
  std::string messaging_service_sid;
  std::string body;   // kSms
  std::string twiml;  // kVoice
  std::string status_callback;
  int64_t accepted_at_us = 0;                 // Unix time in microseconds
  std::map<std::string, std::string> params;  // every form field, decoded
};

// Returns `prefix` followed by 32 random lower-case hex digits ("SM...", "CA...").
std::string NewSid(std::string_view prefix);

// Returns the RFC 2822 date of `unix_us` in GMT: "Fri, 04 Dec 2026 22:03:05 +0000".
std::string Rfc2822Date(int64_t unix_us);

// Returns the day number (days since 1970-01-01) of an ISO 8601 date or date-time that starts
// with "YYYY-MM-DD", or -1 when `text` does not start with one.
int64_t IsoDay(std::string_view text);

// Returns the JSON of a message or call resource, status "queued".
nlohmann::json ResourceJson(const Record& record);

// Returns Twilio's error body: {"code", "message", "more_info", "status"}.
nlohmann::json ErrorJson(int http_status, int code, std::string_view message);

// Returns Twilio's text for the error codes the fake produces ("Authenticate" for 20003...).
std::string ErrorMessage(int code);

// Returns the fake's record as GET /_fake/messages shows it.
nlohmann::json RecordJson(const Record& record);

}  // namespace nudged::fake

#endif  // NUDGED_TOOLS_FAKE_PROVIDER_TWILIO_SHAPES_H_
