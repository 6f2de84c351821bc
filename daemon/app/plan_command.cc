// Implementation details: `nudged plan` is configuration → schedule → the wave dated --date
// (none: exit 1 naming the next) → templates → connections → RunPlan → output. Dry runs print
// every row on stdout as it is planned (CSV line by line, or one JSON document whose rows are
// written as they come and whose summary closes it), so output memory stays flat; the summary
// line goes to stderr and the log, never into the CSV. Without --dry-run only the summary line
// is printed, on stdout.

#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <pqxx/connection>

#include "app/cli.h"
#include "app/db_commands.h"
#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "calendar/send_window.h"
#include "db/connection.h"
#include "plan/plan_run.h"
#include "sis/sync_request.h"

namespace nudged {
namespace {

// Returns the wave dated `date`, or nullptr after printing which wave comes next.
const Wave* FindWave(const Schedule& schedule, Date date) {
  for (const Wave& wave : schedule.waves) {
    if (wave.date == date) return &wave;
  }
  for (const Wave& wave : schedule.waves) {
    if (wave.date > date) {
      std::fprintf(stderr, "nudged plan: no wave on %s; the next is wave %d on %s\n",
                   FormatIsoDate(date).c_str(), wave.number, FormatIsoDate(wave.date).c_str());
      return nullptr;
    }
  }
  std::fprintf(stderr, "nudged plan: no wave on %s; no wave follows it this school year\n",
               FormatIsoDate(date).c_str());
  return nullptr;
}

// Prints rows as they come: CSV lines, or the rows array of the JSON document.
class RowPrinter {
 public:
  RowPrinter(const PlanCommandOptions& options, const WaveKey& wave)
      : options_(options), wave_(wave) {}

  void Row(const PlanRow& row) {
    if (!options_.dry_run) return;
    Begin();
    if (!options_.json) {
      std::fputs(PlanCsvRow(row, wave_, options_.show_recipients).c_str(), stdout);
      return;
    }
    std::fputs(first_ ? "\n" : ",\n", stdout);
    first_ = false;
    std::fputs(PlanRowJson(row, wave_, options_.show_recipients).dump().c_str(), stdout);
  }

  void End(const PlanSummary& summary) {
    if (!options_.dry_run) return;
    Begin();
    if (!options_.json) return;
    std::fprintf(stdout, "\n], \"summary\": %s}\n", PlanSummaryJson(summary).dump().c_str());
  }

 private:
  // Prints the CSV header or opens the JSON document, once.
  void Begin() {
    if (begun_) return;
    begun_ = true;
    std::fputs(options_.json ? "{\"rows\": [" : PlanCsvHeader().c_str(), stdout);
  }

  const PlanCommandOptions& options_;
  const WaveKey& wave_;
  bool first_ = true;
  bool begun_ = false;
};

int Report(const PlanCommandOptions& options, const PlanRunInput& input,
           const PlanRunResult& result) {
  std::string line = PlanSummaryLine(input.wave, result.summary);
  if (result.held) {
    std::fprintf(stdout, "plan wave %d (%s): HELD by the data-quality gate; nothing enqueued. "
                 "Check the data, sync again, or release it with `nudged approve --wave %d`:\n",
                 input.wave.number, FormatIsoDate(input.wave.date).c_str(), input.wave.number);
    for (const std::string& reason : result.held_reasons) {
      std::fprintf(stdout, "  - %s\n", reason.c_str());
    }
    return kExitOk;
  }
  if (result.enqueue_skipped) {
    line = fmt::format("plan wave {} ({}): already {}; nothing enqueued", input.wave.number,
                       FormatIsoDate(input.wave.date), result.wave_state);
  } else if (options.dry_run && result.wave_state == "held") {
    line += fmt::format("; the wave is HELD by the data-quality gate (`nudged approve --wave {}` "
                        "releases it)", input.wave.number);
  } else if (!options.dry_run) {
    line += fmt::format("; enqueued {} new messages for {} students", result.enqueued.messages,
                        result.enqueued.students);
  }
  std::fprintf(options.dry_run ? stderr : stdout, "%s\n", line.c_str());
  // The bare {} is PlanSummaryFields' key=value pairs.
  spdlog::info("wave planned {} sync={} state={} dry_run={} enqueued={} enqueued_students={}",
               PlanSummaryFields(input.wave, result.summary), result.sync_id, result.wave_state,
               options.dry_run, result.enqueued.messages, result.enqueued.students);
  return kExitOk;
}

}  // namespace

int RunPlanCommand(const GlobalOptions& global, const PlanCommandOptions& options) {
  std::optional<Config> config = LoadConfigOrReport(global);
  if (!config) return kExitInvalidInput;
  const Schedule schedule = BuildSchedule(config->calendar, config->cadence);
  const Wave* wave = FindWave(schedule, options.date);
  if (wave == nullptr) return kExitInvalidInput;
  TemplateSet templates;
  std::vector<Diagnostic> diagnostics;
  Status status = TemplateSet::Build(config->messages, global.config_path, &templates, &diagnostics);
  for (const Diagnostic& d : diagnostics) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (!status.ok()) return ReportFailure("plan", status);
  PlanRunInput input = MakePlanRunInput(*config, schedule, *wave);
  input.templates = &templates;
  input.dry_run = options.dry_run;

  std::unique_ptr<pqxx::connection> state, enqueue, mirror;
  status = OpenStateDatabase(config->database, &state);
  if (status.ok() && !options.dry_run) status = OpenStateDatabase(config->database, &enqueue);
  if (status.ok()) status = OpenSisMirror(config->database, &mirror);
  if (!status.ok()) return ReportFailure("plan", status);

  RowPrinter printer{options, input.wave};
  PlanRunResult result;
  status = RunPlan(*state, enqueue.get(), *mirror, input,
                   [&](const PlanRow& row) { printer.Row(row); }, &result);
  if (!status.ok()) return ReportFailure("plan", status);
  if (!result.covered) {
    std::fprintf(stderr,
                 "nudged plan: no sync covers wave %d (counts through %s); run `nudged sync` "
                 "on or after that date first\n",
                 wave->number, FormatIsoDate(wave->count_through).c_str());
    return kExitInvalidInput;
  }
  printer.End(result.summary);
  return Report(options, input, result);
}

}  // namespace nudged
