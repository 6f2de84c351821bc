// Implementation details: a local date and time become a date::local_seconds value, which
// time_zone::to_sys converts with choose::earliest. For an ambiguous time that picks the
// earlier instant; for a nonexistent one the library returns the transition instant, i.e.
// the first instant after the gap, which is the rule we want, so no exception path is
// needed. Formatting goes through date::zoned_time so the offset is the one in force at
// the instant.

#include "calendar/send_window.h"

namespace nudged {

std::chrono::sys_seconds LocalInstant(Date date, LocalTime time, const date::time_zone& zone) {
  date::local_seconds local{std::chrono::duration_cast<std::chrono::seconds>(
      date.time_since_epoch() + time.since_midnight())};
  return zone.to_sys(local, date::choose::earliest);
}

SendWindow SendWindowOn(Date date, LocalTime start, LocalTime end, const date::time_zone& zone) {
  return SendWindow{LocalInstant(date, start, zone), LocalInstant(date, end, zone)};
}

std::string FormatLocalIso(std::chrono::sys_seconds instant, const date::time_zone& zone) {
  return date::format("%FT%T%Ez", date::make_zoned(&zone, instant));
}

}  // namespace nudged
