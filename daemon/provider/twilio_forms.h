// The form fields of Twilio's create-message and create-call requests for one outbox row, and
// the query of a list request. Pure functions over values; thread-safe.

#ifndef NUDGED_PROVIDER_TWILIO_FORMS_H_
#define NUDGED_PROVIDER_TWILIO_FORMS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "provider/form_encoding.h"
#include "provider/provider.h"

namespace nudged {

// Returns `url` with "outbox_id=<id>" added to its query, or "" when `url` is empty (no
// callbacks wanted).
std::string StatusCallbackUrl(const std::string& url, int64_t outbox_id);

// Fields of POST .../Messages.json: To, From or MessagingServiceSid, Body, StatusCallback
// (when configured), ValidityPeriod.
std::vector<FormField> MessageFields(const ProviderConfig& config, const OutgoingMessage& message);

// Fields of POST .../Calls.json: To, From, Twiml (the text read twice), StatusCallback (when
// configured), MachineDetection=Enable (when configured).
std::vector<FormField> CallFields(const ProviderConfig& config, const OutgoingMessage& message);

// Query fields of GET .../Messages.json (To, DateSent>) or .../Calls.json (To, StartTime>),
// with `since` as ISO 8601 UTC. Twilio compares only the date part.
std::vector<FormField> ListFields(Channel channel, const std::string& to,
                                  std::chrono::sys_seconds since);

}  // namespace nudged

#endif  // NUDGED_PROVIDER_TWILIO_FORMS_H_
