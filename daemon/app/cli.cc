// Implementation details: CLI11 parses the global options and one subcommand; each subcommand
// runs a function from app/commands.h. Parse errors and --help are turned into the exit codes
// of DESIGN.md here, so commands never see a half-parsed command line.

#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "app/commands.h"
#include "app/db_commands.h"
#include "app/logging.h"

namespace nudged {
namespace {

constexpr const char* kDefaultConfigPath = "/etc/nudged/nudged.toml";

// --config wins, then $NUDGED_CONFIG, then the packaged default.
std::string ResolveConfigPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* from_env = std::getenv("NUDGED_CONFIG");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return kDefaultConfigPath;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"nudged: personalized attendance messages for caregivers", "nudged"};
  app.set_version_flag("--version", std::string("nudged ") + NUDGED_VERSION);
  app.require_subcommand(1);

  std::string config_flag;
  std::string log_level_flag;
  app.add_option("--config", config_flag,
                 "Configuration file (default: $NUDGED_CONFIG, then /etc/nudged/nudged.toml)");
  app.add_option("--log-level", log_level_flag, "Log level, overriding the configuration")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

  auto* check_config = app.add_subcommand(
      "check-config", "Validate the configuration; print errors as file:line:col and warnings");
  auto* schedule = app.add_subcommand(
      "schedule", "Print the school year's waves: date, kind, marking period and why");
  std::string format = "text";
  schedule->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "json"}));
  auto* migrate = app.add_subcommand(
      "migrate", "Create or update nudged's state schema in the database (safe to repeat)");
  auto* sync = app.add_subcommand(
      "sync", "Read the SIS mirror once and record each student's absence counts and anomalies");
  std::string as_of_flag;
  sync->add_option("--as-of", as_of_flag,
                   "Count through this date, YYYY-MM-DD (default: today in the district)")
      ->check([](const std::string& text) {
        return ParseIsoDate(text) ? std::string() : "expected a date YYYY-MM-DD";
      });

  auto* approve = app.add_subcommand(
      "approve", "Release a wave the data-quality gate held, so planning may enqueue it");
  int approve_wave = 0;
  approve->add_option("--wave", approve_wave, "The held wave's number in this school year")
      ->required()
      ->check(CLI::PositiveNumber);
  auto* plan = app.add_subcommand(
      "plan", "Plan the wave dated --date: print its messages (--dry-run) or enqueue them");
  PlanCommandOptions plan_options;
  std::string plan_date;
  std::string plan_format = "csv";
  plan->add_option("--date", plan_date, "The wave's date, YYYY-MM-DD")
      ->required()
      ->check([](const std::string& text) {
        return ParseIsoDate(text) ? std::string() : "expected a date YYYY-MM-DD";
      });
  plan->add_flag("--dry-run", plan_options.dry_run, "Print the messages; enqueue nothing");
  plan->add_option("--format", plan_format, "Dry-run output format")
      ->check(CLI::IsMember({"csv", "json"}));
  plan->add_flag("--show-recipients", plan_options.show_recipients,
                 "Print phone numbers and email addresses unmasked");

  auto* dispatch = app.add_subcommand(
      "dispatch", "Send the outbox's ready messages until SIGTERM/SIGINT (or until idle)");
  DispatchCommandOptions dispatch_options;
  dispatch->add_option("--instance", dispatch_options.instance,
                       "This dispatcher's name, unique among running ones (default: host:pid)")
      ->check([](const std::string& text) {
        return text.empty() ? std::string("expected a non-empty name") : std::string();
      });
  dispatch->add_flag("--until-idle", dispatch_options.until_idle,
                     "Exit 0 once nothing is ready, sending or unknown and due in this window");

  auto* run = app.add_subcommand(
      "run", "The daemon: nightly sync, each wave planned and sent on schedule, until SIGTERM");
  auto* simulate = app.add_subcommand(
      "simulate", "Run the daemon's schedule over dates on a simulated clock and provider");
  SimulateOptions simulate_options;
  std::string simulate_from, simulate_to;
  for (auto [flag, target] : {std::pair{"--from", &simulate_from}, {"--to", &simulate_to}}) {
    simulate->add_option(flag, *target, "First / last simulated day, YYYY-MM-DD")
        ->required()
        ->check([](const std::string& text) {
          return ParseIsoDate(text) ? std::string() : "expected a date YYYY-MM-DD";
        });
  }
  simulate->add_flag("--approve-held", simulate_options.approve_held,
                     "Release waves the data-quality gate holds, as staff would");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  GlobalOptions options;
  options.config_path = ResolveConfigPath(config_flag);
  if (!log_level_flag.empty()) options.log_level = ParseLogLevel(log_level_flag);
  SetUpLogging(options.log_level.value_or(spdlog::level::info));

  if (*check_config) return RunCheckConfig(options);
  if (*schedule) return RunSchedule(options, *ParseScheduleFormat(format));
  if (*migrate) return RunMigrate(options);
  if (*sync) return RunSync(options, as_of_flag.empty() ? std::nullopt : ParseIsoDate(as_of_flag));
  if (*approve) return RunApprove(options, approve_wave);
  if (*dispatch) return RunDispatchCommand(options, dispatch_options);
  if (*run) return RunDaemon(options);
  if (*simulate) {
    simulate_options.from = *ParseIsoDate(simulate_from);
    simulate_options.to = *ParseIsoDate(simulate_to);
    if (simulate_options.to < simulate_options.from) {
      std::fprintf(stderr, "nudged simulate: --to is before --from\n");
      return kExitUsage;
    }
    return RunSimulate(options, simulate_options);
  }
  if (*plan) {
    plan_options.date = *ParseIsoDate(plan_date);
    plan_options.json = plan_format == "json";
    return RunPlanCommand(options, plan_options);
  }
  return kExitUsage;
}

}  // namespace nudged
