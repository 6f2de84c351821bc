// The commands that talk to PostgreSQL: `nudged migrate`, `sync`, `plan`, `approve` and `dispatch`. Each
// returns a process exit code (app/cli.h): kExitOk, kExitInvalidInput for a bad configuration or
// password source, kExitRuntimeFailure when a database is unreachable or refuses the work.
// Output: a one-line summary on stdout (approve adds the held reasons, plan --dry-run the
// messages); problems on stderr and in the log.

#ifndef NUDGED_APP_DB_COMMANDS_H_
#define NUDGED_APP_DB_COMMANDS_H_

#include <optional>
#include <string>

#include "app/commands.h"
#include "config/config.h"
#include "nudged/date.h"
#include "nudged/status.h"

namespace nudged {

// Applies the pending state-schema migrations (db/migrator.h).
int RunMigrate(const GlobalOptions& options);

// Reads the SIS mirror once and records a snapshot (sis/sync.h) as of `as_of`, or as of today
// in the district time zone when nullopt.
int RunSync(const GlobalOptions& options, std::optional<Date> as_of);

// Releases wave `wave` of the configured school year that the data-quality gate held
// (quality/approval.h). Returns kExitInvalidInput when the wave is unknown or not held.
int RunApprove(const GlobalOptions& options, int wave);

struct PlanCommandOptions {
  Date date;                     // --date: the wave's date
  bool dry_run = false;          // --dry-run: print the messages, enqueue nothing
  bool json = false;             // --format json (default csv)
  bool show_recipients = false;  // --show-recipients: print recipients unmasked
};

// Plans the wave dated options.date (plan/plan_run.h): prints its rows (dry run) or enqueues
// its messages, then a summary line. kExitInvalidInput when no wave is on that date or no sync
// covers it yet.
int RunPlanCommand(const GlobalOptions& global, const PlanCommandOptions& options);

struct DispatchCommandOptions {
  std::string instance;     // --instance: the dispatcher's name (default "<host>:<pid>")
  bool until_idle = false;  // --until-idle: exit 0 once nothing is left to send in this window
};

// Sends the outbox's ready SMS and voice messages (dispatch/dispatcher.h) until SIGINT or
// SIGTERM, or until idle with --until-idle; exits 0 after a clean stop. kExitRuntimeFailure
// when the database or the provider is unavailable or another live dispatcher has the name.
int RunDispatchCommand(const GlobalOptions& global, const DispatchCommandOptions& options);

// The daemon (app/run_command.cc): the nightly sync and each wave's plan on schedule (leader
// only), the dispatcher, reload on SIGHUP, a clean stop on SIGTERM/SIGINT (exit 0).
// kExitInvalidInput for a bad configuration at start.
int RunDaemon(const GlobalOptions& global);

struct SimulateOptions {
  Date from;                  // --from: the first simulated day
  Date to;                    // --to: the last simulated day (inclusive)
  bool approve_held = false;  // --approve-held: release waves the gate holds, as staff would
};

// The daemon's scheduler on a simulated clock from options.from 00:00 to options.to 24:00
// local time, dispatching to an in-process simulated provider (never the configured one) and
// marking what it accepted delivered; prints a summary per wave (app/simulate_command.cc).
int RunSimulate(const GlobalOptions& global, const SimulateOptions& options);

// Prints `status` for people and returns its exit code: kExitInvalidInput for InvalidArgument,
// kExitRuntimeFailure otherwise. REQUIRES: !status.ok().
int ReportFailure(const char* command, const Status& status);

}  // namespace nudged

#endif  // NUDGED_APP_DB_COMMANDS_H_
