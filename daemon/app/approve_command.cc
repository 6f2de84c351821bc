// Implementation details: `nudged approve --wave N` is configuration → school year of the
// calendar (named as sis/sync_request.cc names it) → state connection → ApproveHeldWave → what was
// approved on stdout. The approver is the person behind sudo when there is one, since the command
// normally runs as the service user.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <pqxx/connection>
#include <string>

#include "app/cli.h"
#include "app/db_commands.h"
#include "db/connection.h"
#include "quality/approval.h"

namespace nudged {
namespace {

std::string SchoolYear(const CalendarConfig& calendar) {
  return fmt::format("{}-{}",
                     static_cast<int>(std::chrono::year_month_day{calendar.first_day}.year()),
                     static_cast<int>(std::chrono::year_month_day{calendar.last_day}.year()));
}

// $SUDO_USER, then $USER, then "unknown".
std::string Approver() {
  for (const char* name : {"SUDO_USER", "USER"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return "unknown";
}

int ReportApproval(const std::string& school_year, int wave, const std::string& approver,
                   const Approval& approval) {
  if (approval.outcome == Approval::Outcome::kNotFound) {
    std::fprintf(stderr, "nudged approve: wave %d of %s has not been planned; nothing to approve\n",
                 wave, school_year.c_str());
    return kExitInvalidInput;
  }
  if (approval.outcome == Approval::Outcome::kNotHeld) {
    std::fprintf(stderr, "nudged approve: wave %d of %s (%s) is %s, not held; nothing to approve\n",
                 wave, school_year.c_str(), approval.wave_date.c_str(), approval.state.c_str());
    return kExitInvalidInput;
  }
  std::string indented;
  for (char c : approval.held_reason)
    indented += c == '\n' ? std::string("\n  - ") : std::string(1, c);
  std::printf("approve: wave %d of %s (%s) approved by %s; it was held because:\n  - %s\n", wave,
              school_year.c_str(), approval.wave_date.c_str(), approver.c_str(), indented.c_str());
  spdlog::warn("wave approved wave={} school_year={} by={} held_reason={}", wave, school_year,
               approver, approval.held_reason);
  return kExitOk;
}

}  // namespace

int RunApprove(const GlobalOptions& options, int wave) {
  std::optional<Config> config = LoadConfigOrReport(options);
  if (!config) return kExitInvalidInput;
  std::unique_ptr<pqxx::connection> connection;
  Status status = OpenStateDatabase(config->database, &connection);
  if (!status.ok()) return ReportFailure("approve", status);
  const std::string school_year = SchoolYear(config->calendar);
  const std::string approver = Approver();
  Approval approval;
  status = ApproveHeldWave(*connection, school_year, wave, approver, &approval);
  if (!status.ok()) return ReportFailure("approve", status);
  return ReportApproval(school_year, wave, approver, approval);
}

}  // namespace nudged
