// Process-wide logging set-up. nudged logs through spdlog's default logger: to stderr with a
// timestamp when run in a terminal or by hand, and, when systemd connects stderr to the
// journal, as bare lines carrying a syslog priority prefix ("<3>...") so journald files each
// line under the right priority. Call SetUpLogging once at start-up, before other threads.

#ifndef NUDGED_APP_LOGGING_H_
#define NUDGED_APP_LOGGING_H_

#include <spdlog/common.h>
#include <sys/types.h>

#include <optional>
#include <string_view>

namespace nudged {

// Returns the level named "trace", "debug", "info", "warn", "error", "critical" or "off".
std::optional<spdlog::level::level_enum> ParseLogLevel(std::string_view name);

// Returns the syslog priority (0 emergency .. 7 debug) journald should file a line at.
int SyslogPriority(spdlog::level::level_enum level);

// True when `journal_stream`, the value of $JOURNAL_STREAM ("DEVICE:INODE"), names the file
// with the given device and inode, i.e. systemd connected that file to the journal.
bool JournalStreamMatches(std::string_view journal_stream, dev_t device, ino_t inode);

// Replaces the default logger with one writing to stderr, in journal form when stderr is the
// journal, at `level`.
void SetUpLogging(spdlog::level::level_enum level);

// Changes the level of the default logger (after the configuration is loaded or reloaded).
void SetLogLevel(spdlog::level::level_enum level);

}  // namespace nudged

#endif  // NUDGED_APP_LOGGING_H_
