// Implementation details: field order follows Twilio's documentation; it does not matter to
// Twilio but keeps requests easy to compare in logs and tests. A voice call has no
// MessagingServiceSid, so it always needs from_number.

#include "provider/twilio_forms.h"

#include <date/date.h>
#include <fmt/format.h>

#include "provider/twiml.h"

namespace nudged {

std::string StatusCallbackUrl(const std::string& url, int64_t outbox_id) {
  if (url.empty()) return "";
  const size_t fragment = url.find('#');
  const std::string base = url.substr(0, fragment);
  const char separator = base.find('?') == std::string::npos ? '?' : '&';
  return fmt::format("{}{}outbox_id={}", base, separator, outbox_id);
}

std::vector<FormField> MessageFields(const ProviderConfig& config, const OutgoingMessage& message) {
  std::vector<FormField> fields{{"To", message.to}};
  if (!config.messaging_service_sid.empty()) {
    fields.emplace_back("MessagingServiceSid", config.messaging_service_sid);
  } else {
    fields.emplace_back("From", config.from_number);
  }
  fields.emplace_back("Body", message.body);
  const std::string callback = StatusCallbackUrl(config.status_callback_url, message.outbox_id);
  if (!callback.empty()) fields.emplace_back("StatusCallback", callback);
  fields.emplace_back("ValidityPeriod", std::to_string(config.validity_period_s));
  return fields;
}

std::vector<FormField> CallFields(const ProviderConfig& config, const OutgoingMessage& message) {
  std::vector<FormField> fields{{"To", message.to},
                                {"From", config.from_number},
                                {"Twiml", SayTwiceTwiml(message.body, message.language)}};
  const std::string callback = StatusCallbackUrl(config.status_callback_url, message.outbox_id);
  if (!callback.empty()) fields.emplace_back("StatusCallback", callback);
  if (config.machine_detection) fields.emplace_back("MachineDetection", "Enable");
  return fields;
}

std::vector<FormField> ListFields(Channel channel, const std::string& to,
                                  std::chrono::sys_seconds since) {
  // Twilio spells "on or after" as the parameter name "DateSent>" followed by '='.
  const char* after = channel == Channel::kVoice ? "StartTime>" : "DateSent>";
  return {{"To", to}, {after, date::format("%FT%TZ", since)}};
}

}  // namespace nudged
