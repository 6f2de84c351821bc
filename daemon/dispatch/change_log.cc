#include "dispatch/change_log.h"

#include <spdlog/spdlog.h>

#include "common/log_value.h"
#include "common/mask.h"

namespace nudged {

spdlog::level::level_enum ChangeLogLevel(std::string_view to, std::string_view code) {
  if (to == "sending") return spdlog::level::debug;
  if (to == "unknown") return spdlog::level::err;
  if (to == "expired" || to == "failed" || to == "undelivered") return spdlog::level::warn;
  if (to == "ready" && !code.empty()) return spdlog::level::warn;
  return spdlog::level::info;
}

void LogChange(std::int64_t outbox_id, std::string_view from, std::string_view to, int attempt,
               std::string_view recipient, std::string_view channel, std::string_view code,
               std::string_view sid, std::string_view detail) {
  spdlog::log(ChangeLogLevel(to, code),
              "outbox state changed id={} from={} to={} attempt={} channel={} to_number={} "
              "code={} sid={} detail={}",
              outbox_id, from, to, attempt, channel, MaskPhone(recipient),
              code.empty() ? "-" : code, sid.empty() ? "-" : sid, LogQuote(detail));
}

}  // namespace nudged
