// Implementation details: `nudged migrate` is configuration → state connection → Migrate; the
// failure reporting shared with `nudged sync` lives here too, since both commands fail the
// same way (an unreachable database is exit code 3).

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <pqxx/connection>

#include "app/cli.h"
#include "app/db_commands.h"
#include "common/log_value.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "db/migrator.h"

namespace nudged {

int ReportFailure(const char* command, const Status& status) {
  std::fprintf(stderr, "nudged %s: %s\n", command, status.ToString().c_str());
  spdlog::error("command failed command={} status={}", command, LogQuote(status.ToString()));
  return status.IsInvalidArgument() ? kExitInvalidInput : kExitRuntimeFailure;
}

int RunMigrate(const GlobalOptions& options) {
  std::optional<Config> config = LoadConfigOrReport(options);
  if (!config) return kExitInvalidInput;
  std::unique_ptr<pqxx::connection> connection;
  Status status = OpenStateDatabase(config->database, &connection);
  if (!status.ok()) return ReportFailure("migrate", status);
  MigrateResult result;
  status = Migrate(*connection, EmbeddedMigrations(), &result);
  if (!status.ok()) return ReportFailure("migrate", status);
  std::printf("migrate: %zu applied, %d already in place\n", result.applied.size(),
              result.already_applied);
  return kExitOk;
}

}  // namespace nudged
