// The nudged commands. Each returns a process exit code (app/cli.h) and prints its result on
// stdout, and problems on stderr or in the log.

#ifndef NUDGED_APP_COMMANDS_H_
#define NUDGED_APP_COMMANDS_H_

#include <spdlog/common.h>

#include <optional>
#include <string>

#include "calendar/schedule_format.h"
#include "config/config.h"

namespace nudged {

// Options every command shares.
struct GlobalOptions {
  std::string config_path;
  // Set by --log-level; when absent the configuration's level applies.
  std::optional<spdlog::level::level_enum> log_level;
};

// Loads the configuration named by `options`, prints its diagnostics on stderr, and applies
// its log level unless --log-level was given. Returns nullopt (after logging an error) when
// it has errors. Every command starts with this.
std::optional<Config> LoadConfigOrReport(const GlobalOptions& options);

// Loads and validates the configuration and checks that its calendar yields a schedule.
// Prints every error and warning as file:line:col. Returns kExitOk or kExitInvalidInput.
int RunCheckConfig(const GlobalOptions& options);

// Prints the school year's wave schedule in `format`.
// Returns kExitOk, or kExitInvalidInput when the configuration is invalid.
int RunSchedule(const GlobalOptions& options, ScheduleFormat format);

}  // namespace nudged

#endif  // NUDGED_APP_COMMANDS_H_
