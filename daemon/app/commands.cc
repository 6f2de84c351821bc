// Implementation details: every command starts with LoadConfigOrReport, which prints the
// loader's diagnostics. ScheduleWarnings turns the schedule's warnings into diagnostics at the
// min_waves key so editors and people see them the same way as configuration errors.

#include "app/commands.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <optional>
#include <vector>

#include "app/cli.h"
#include "app/logging.h"
#include "calendar/schedule.h"
#include "calendar/schedule_format.h"
#include "config/loader.h"
#include "render/template_lint.h"

namespace nudged {
namespace {

void PrintDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& diagnostic : diagnostics) {
    std::fprintf(stderr, "%s\n", diagnostic.ToString().c_str());
  }
}

}  // namespace

std::optional<Config> LoadConfigOrReport(const GlobalOptions& options) {
  LoadResult result = LoadConfigFile(options.config_path);
  PrintDiagnostics(result.diagnostics);
  if (!result.ok()) {
    spdlog::error("configuration rejected path={} problems={}", options.config_path,
                  result.diagnostics.size());
    return std::nullopt;
  }
  if (!options.log_level) {
    if (auto level = ParseLogLevel(result.config->logging.level)) SetLogLevel(*level);
  }
  return std::move(result.config);
}

namespace {

std::vector<Diagnostic> ScheduleWarnings(const GlobalOptions& options, const Config& config,
                                         const Schedule& schedule) {
  std::vector<Diagnostic> warnings;
  for (const auto& text : schedule.warnings) {
    warnings.push_back(Diagnostic{Diagnostic::Severity::kWarning, options.config_path,
                                  config.cadence.min_waves_position, text});
  }
  return warnings;
}

}  // namespace

int RunCheckConfig(const GlobalOptions& options) {
  std::optional<Config> config = LoadConfigOrReport(options);
  if (!config) return kExitInvalidInput;
  const Schedule schedule = BuildSchedule(config->calendar, config->cadence);
  PrintDiagnostics(ScheduleWarnings(options, *config, schedule));
  // Templates are checked here rather than by the loader: rendering is the render module's.
  const std::vector<Diagnostic> templates = LintTemplates(*config, options.config_path);
  PrintDiagnostics(templates);
  for (const Diagnostic& diagnostic : templates) {
    if (diagnostic.severity == Diagnostic::Severity::kError) return kExitInvalidInput;
  }
  std::printf("%s: OK (%zu schools, %d instructional days, %zu waves)\n",
              options.config_path.c_str(), config->schools.size(), schedule.instructional_days,
              schedule.waves.size());
  return kExitOk;
}

int RunSchedule(const GlobalOptions& options, ScheduleFormat format) {
  std::optional<Config> config = LoadConfigOrReport(options);
  if (!config) return kExitInvalidInput;
  const Schedule schedule = BuildSchedule(config->calendar, config->cadence);
  PrintDiagnostics(ScheduleWarnings(options, *config, schedule));
  const date::time_zone& zone = *date::locate_zone(config->district.timezone);
  std::string output;
  const CadenceConfig& cadence = config->cadence;
  switch (format) {
    case ScheduleFormat::kCsv:
      output = FormatScheduleCsv(schedule);
      break;
    case ScheduleFormat::kJson:
      output = FormatScheduleJson(schedule, zone, cadence.send_window_start,
                                  cadence.send_window_end);
      break;
    case ScheduleFormat::kText:
      output = FormatScheduleText(schedule, config->calendar, zone, cadence.send_window_start,
                                  cadence.send_window_end);
      break;
  }
  std::fwrite(output.data(), 1, output.size(), stdout);
  return kExitOk;
}

}  // namespace nudged
