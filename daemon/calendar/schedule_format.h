// Renderings of a Schedule for `nudged schedule --format text|csv|json`.
//
// csv: header `wave,date,kind,marking_period,reason` (DESIGN.md), one row per wave, "\n"
//   line ends, fields quoted per RFC 4180 when they hold a comma, quote, CR or LF.
// json: {"waves": [{"wave", "date", "weekday", "kind", "marking_period", "reason",
//   "count_through", "send_window": {"start", "end"}}], "warnings": [...],
//   "instructional_days", "last_allowed_wave_date" (null when none)}; send-window instants
//   are local ISO 8601 with offset in the district zone.
// text: a one-line summary (school year, instructional days, waves, send window, cut-off),
//   an aligned table, then the warnings. For people; the layout may change.
// Each function returns the whole document, ending in a newline. Pure; thread-safe.

#ifndef NUDGED_CALENDAR_SCHEDULE_FORMAT_H_
#define NUDGED_CALENDAR_SCHEDULE_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "calendar/schedule.h"
#include "config/config.h"
#include "nudged/date.h"

namespace nudged {

enum class ScheduleFormat { kText, kCsv, kJson };

// Returns the format named "text", "csv" or "json", or nullopt.
std::optional<ScheduleFormat> ParseScheduleFormat(std::string_view name);

std::string FormatScheduleCsv(const Schedule& schedule);

// `zone` and the local window [window_start, window_end) give each wave's send window.
std::string FormatScheduleJson(const Schedule& schedule, const date::time_zone& zone,
                               LocalTime window_start, LocalTime window_end);

// `calendar` gives the first and last day for the summary line.
std::string FormatScheduleText(const Schedule& schedule, const CalendarConfig& calendar,
                               const date::time_zone& zone, LocalTime window_start,
                               LocalTime window_end);

}  // namespace nudged

#endif  // NUDGED_CALENDAR_SCHEDULE_FORMAT_H_
