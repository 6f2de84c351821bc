// The log line of one outbox state change, at the journald priority an operator filters on:
//   debug  ready -> sending (a claim; its outcome follows)
//   info   -> sent, -> delivered, -> ready without a provider code (handed back unsent, or
//          reconciled as never received, both routine)
//   warn   -> ready with a provider code (a retry after 429 or 503), -> expired, -> failed,
//          -> undelivered: a message that did not (yet) reach its caregiver
//   error  -> unknown: the provider gave no clear answer (timeout, reset, 5xx) or an instance
//          died mid-send, so the row waits for reconciliation
// The recipient is masked (common/mask.h); the detail is quoted (common/log_value.h).
// Thread-safe (spdlog's default logger is).

#ifndef NUDGED_DISPATCH_CHANGE_LOG_H_
#define NUDGED_DISPATCH_CHANGE_LOG_H_

#include <spdlog/common.h>

#include <cstdint>
#include <string_view>

namespace nudged {

// Returns the level of a change to state `to` carrying provider code `code` (may be empty).
spdlog::level::level_enum ChangeLogLevel(std::string_view to, std::string_view code);

// Logs "outbox state changed id=... from=... to=... attempt=... channel=... to_number=...
// code=... sid=... detail="..."", "-" standing for an empty code or SID.
void LogChange(std::int64_t outbox_id, std::string_view from, std::string_view to, int attempt,
               std::string_view recipient, std::string_view channel, std::string_view code,
               std::string_view sid, std::string_view detail);

}  // namespace nudged

#endif  // NUDGED_DISPATCH_CHANGE_LOG_H_
