// Implementation details: `nudged sync` is configuration → calendar and schedule → request →
// both connections → RunSnapshotSync → one summary line. "Today" is taken in the district's
// time zone, since a sync at 02:00 local must count the local day that just ended, not UTC's.

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
#include "db/connection.h"
#include "sis/snapshot_sync.h"
#include "sis/sync_request.h"

namespace nudged {
namespace {

Date TodayIn(const std::string& timezone) {
  const auto local = date::make_zoned(timezone, std::chrono::system_clock::now()).get_local_time();
  return Date{std::chrono::floor<date::days>(local).time_since_epoch()};
}

std::string SummaryLine(const SyncRequest& request, const SyncSummary& summary) {
  std::string kinds;
  for (const auto& [kind, count] : summary.anomalies_by_kind) {
    kinds += fmt::format("{}{} {}", kinds.empty() ? " (" : ", ", count, kind);
  }
  if (!kinds.empty()) kinds += ")";
  return fmt::format("sync {}: {} as of {}: {} students, {} absence days, {} anomalies{}\n",
                     summary.sync_id, request.school_year, FormatIsoDate(request.as_of),
                     summary.students, summary.absences, summary.anomalies, kinds);
}

}  // namespace

int RunSync(const GlobalOptions& options, std::optional<Date> as_of) {
  std::optional<Config> config = LoadConfigOrReport(options);
  if (!config) return kExitInvalidInput;
  const Calendar calendar(config->calendar, config->cadence);
  const Schedule schedule = BuildSchedule(config->calendar, config->cadence);
  const SyncRequest request =
      MakeSyncRequest(calendar, schedule, as_of.value_or(TodayIn(config->district.timezone)));

  std::unique_ptr<pqxx::connection> state;
  Status status = OpenStateDatabase(config->database, &state);
  if (!status.ok()) return ReportFailure("sync", status);
  std::unique_ptr<pqxx::connection> mirror;
  status = OpenSisMirror(config->database, &mirror);
  if (!status.ok()) return ReportFailure("sync", status);

  SyncSummary summary;
  status = RunSnapshotSync(*mirror, *state, request, &summary);
  if (!status.ok()) return ReportFailure("sync", status);
  const std::string line = SummaryLine(request, summary);
  std::fputs(line.c_str(), stdout);
  spdlog::info("sync finished id={} students={} absences={} anomalies={}", summary.sync_id,
               summary.students, summary.absences, summary.anomalies);
  return kExitOk;
}

}  // namespace nudged
