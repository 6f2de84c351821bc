// A wave's send window as instants: local wall-clock times on a date in the district's
// time zone, converted with the IANA database (Howard Hinnant's date/tz.h).
//
// Across a DST change the same local time maps to different UTC instants (16:00 in New
// York is 20:00 UTC in October and 21:00 UTC in November). A local time that does not
// exist (inside the spring-forward gap) resolves to the first instant after the gap; an
// ambiguous one (inside the fall-back overlap) resolves to the earlier instant. Pure
// functions over values; thread-safe (the tz database is immutable once loaded).

#ifndef NUDGED_CALENDAR_SEND_WINDOW_H_
#define NUDGED_CALENDAR_SEND_WINDOW_H_

#include <chrono>
#include <string>

#include <date/tz.h>

#include "nudged/date.h"

namespace nudged {

// The instants [start, end) during which a wave's messages may go out.
struct SendWindow {
  std::chrono::sys_seconds start;
  std::chrono::sys_seconds end;
};

// Returns the instant of local time `time` on `date` in `zone`, resolved as above.
std::chrono::sys_seconds LocalInstant(Date date, LocalTime time, const date::time_zone& zone);

// Returns the window [start, end) local time on `date` in `zone`.
SendWindow SendWindowOn(Date date, LocalTime start, LocalTime end, const date::time_zone& zone);

// Returns `instant` as local time in `zone`, ISO 8601 with its offset:
// "2026-11-03T16:00:00-05:00".
std::string FormatLocalIso(std::chrono::sys_seconds instant, const date::time_zone& zone);

}  // namespace nudged

#endif  // NUDGED_CALENDAR_SEND_WINDOW_H_
