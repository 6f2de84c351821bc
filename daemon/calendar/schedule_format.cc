// Implementation details: csv and text are built with fmt into one string; json goes
// through nlohmann::json so escaping is the library's job. The text table measures every
// cell first and pads each column to its widest cell; the reason column comes last and is
// never padded, so long reasons do not widen the table.

#include "calendar/schedule_format.h"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "calendar/send_window.h"
#include "common/csv.h"

namespace nudged {
namespace {

constexpr size_t kTextColumns = 7;
using TextRow = std::array<std::string, kTextColumns>;

std::string Weekday(Date date) { return std::string(WeekdayName(std::chrono::weekday{date})); }

nlohmann::json WaveJson(const Wave& wave, const date::time_zone& zone, LocalTime start,
                        LocalTime end) {
  SendWindow window = SendWindowOn(wave.date, start, end, zone);
  return {
      {"wave", wave.number},
      {"date", FormatIsoDate(wave.date)},
      {"weekday", Weekday(wave.date)},
      {"kind", WaveKindName(wave.kind)},
      {"marking_period", wave.marking_period},
      {"reason", wave.reason},
      {"count_through", FormatIsoDate(wave.count_through)},
      {"send_window",
       {{"start", FormatLocalIso(window.start, zone)}, {"end", FormatLocalIso(window.end, zone)}}}};
}

std::vector<TextRow> TextRows(const Schedule& schedule) {
  std::vector<TextRow> rows = {
      {"wave", "date", "day", "kind", "period", "count through", "reason"}};
  for (const Wave& wave : schedule.waves) {
    rows.push_back({std::to_string(wave.number), FormatIsoDate(wave.date), Weekday(wave.date),
                    std::string(WaveKindName(wave.kind)), wave.marking_period,
                    FormatIsoDate(wave.count_through), wave.reason});
  }
  return rows;
}

std::string TextTable(const std::vector<TextRow>& rows) {
  std::array<size_t, kTextColumns> widths{};
  for (const TextRow& row : rows) {
    for (size_t i = 0; i < kTextColumns; ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const TextRow& row : rows) {
    std::string line = fmt::format("{:>{}}", row[0], widths[0]);
    for (size_t i = 1; i + 1 < kTextColumns; ++i)
      line += fmt::format("  {:<{}}", row[i], widths[i]);
    line += "  " + row[kTextColumns - 1];
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::optional<ScheduleFormat> ParseScheduleFormat(std::string_view name) {
  if (name == "text") return ScheduleFormat::kText;
  if (name == "csv") return ScheduleFormat::kCsv;
  if (name == "json") return ScheduleFormat::kJson;
  return std::nullopt;
}

std::string FormatScheduleCsv(const Schedule& schedule) {
  std::string out = "wave,date,kind,marking_period,reason\n";
  for (const Wave& wave : schedule.waves) {
    out +=
        fmt::format("{},{},{},{},{}\n", wave.number, FormatIsoDate(wave.date),
                    WaveKindName(wave.kind), CsvField(wave.marking_period), CsvField(wave.reason));
  }
  return out;
}

std::string FormatScheduleJson(const Schedule& schedule, const date::time_zone& zone,
                               LocalTime window_start, LocalTime window_end) {
  nlohmann::json waves = nlohmann::json::array();
  for (const Wave& wave : schedule.waves) {
    waves.push_back(WaveJson(wave, zone, window_start, window_end));
  }
  nlohmann::json cut_off = nullptr;
  if (schedule.last_allowed_wave_date) cut_off = FormatIsoDate(*schedule.last_allowed_wave_date);
  nlohmann::json document = {{"waves", waves},
                             {"warnings", schedule.warnings},
                             {"instructional_days", schedule.instructional_days},
                             {"last_allowed_wave_date", cut_off}};
  return document.dump(2) + "\n";
}

std::string FormatScheduleText(const Schedule& schedule, const CalendarConfig& calendar,
                               const date::time_zone& zone, LocalTime window_start,
                               LocalTime window_end) {
  std::string cut_off = schedule.last_allowed_wave_date
                            ? "no wave after " + FormatIsoDate(*schedule.last_allowed_wave_date)
                            : "no date allowed for a wave";
  std::string out =
      fmt::format("School year {} to {}: {} instructional days, {} waves, sent {}-{} {}; {}\n\n",
                  FormatIsoDate(calendar.first_day), FormatIsoDate(calendar.last_day),
                  schedule.instructional_days, schedule.waves.size(), window_start.ToString(),
                  window_end.ToString(), zone.name(), cut_off);
  out += TextTable(TextRows(schedule));
  if (!schedule.warnings.empty()) out += "\nWarnings:\n";
  for (const std::string& warning : schedule.warnings) out += "  - " + warning + "\n";
  return out;
}

}  // namespace nudged
