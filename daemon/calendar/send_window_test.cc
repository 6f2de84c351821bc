#include "calendar/send_window.h"

#include <catch2/catch.hpp>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using namespace std::chrono;  // NOLINT: literal hours in tables
using testing::D;

// Returns the UTC instant date + hours:minutes.
sys_seconds Utc(Date date, int hour, int minute = 0) {
  return sys_seconds{date.time_since_epoch()} + hours(hour) + minutes(minute);
}

TEST_CASE("Send windows in New York across both DST changes of 2026-27") {
  const date::time_zone& zone = *date::locate_zone("America/New_York");
  struct Case {
    Date date;
    sys_seconds start;
    sys_seconds end;
    const char* local_start;
  };
  const Case cases[] = {
      // EDT (UTC-4) until Sunday 2026-11-01 02:00.
      {D(2026, 10, 27), Utc(D(2026, 10, 27), 20), Utc(D(2026, 10, 27), 23),
       "2026-10-27T16:00:00-04:00"},
      {D(2026, 11, 1), Utc(D(2026, 11, 1), 21), Utc(D(2026, 11, 2), 0),
       "2026-11-01T16:00:00-05:00"},
      {D(2026, 11, 3), Utc(D(2026, 11, 3), 21), Utc(D(2026, 11, 4), 0),
       "2026-11-03T16:00:00-05:00"},
      // EDT again from Sunday 2027-03-14 03:00.
      {D(2027, 3, 11), Utc(D(2027, 3, 11), 21), Utc(D(2027, 3, 12), 0),
       "2027-03-11T16:00:00-05:00"},
      {D(2027, 3, 16), Utc(D(2027, 3, 16), 20), Utc(D(2027, 3, 16), 23),
       "2027-03-16T16:00:00-04:00"},
      {D(2028, 2, 29), Utc(D(2028, 2, 29), 21), Utc(D(2028, 3, 1), 0), "2028-02-29T16:00:00-05:00"},
  };
  for (const auto& c : cases) {
    INFO(FormatIsoDate(c.date));
    SendWindow window = SendWindowOn(c.date, LocalTime(16, 0), LocalTime(19, 0), zone);
    CHECK(window.start == c.start);
    CHECK(window.end == c.end);
    CHECK(FormatLocalIso(window.start, zone) == c.local_start);
  }
}

TEST_CASE("Nonexistent local times resolve after the gap, ambiguous ones to the earlier") {
  const date::time_zone& zone = *date::locate_zone("America/New_York");
  struct Case {
    const char* what;
    Date date;
    LocalTime time;
    sys_seconds instant;
    const char* local;
  };
  const Case cases[] = {
      {"spring gap 02:30", D(2027, 3, 14), LocalTime(2, 30), Utc(D(2027, 3, 14), 7),
       "2027-03-14T03:00:00-04:00"},
      {"spring gap 02:00", D(2027, 3, 14), LocalTime(2, 0), Utc(D(2027, 3, 14), 7),
       "2027-03-14T03:00:00-04:00"},
      {"just before the gap", D(2027, 3, 14), LocalTime(1, 59), Utc(D(2027, 3, 14), 6, 59),
       "2027-03-14T01:59:00-05:00"},
      {"fall overlap 01:30", D(2026, 11, 1), LocalTime(1, 30), Utc(D(2026, 11, 1), 5, 30),
       "2026-11-01T01:30:00-04:00"},
      {"after the overlap", D(2026, 11, 1), LocalTime(2, 0), Utc(D(2026, 11, 1), 7),
       "2026-11-01T02:00:00-05:00"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    sys_seconds instant = LocalInstant(c.date, c.time, zone);
    CHECK(instant == c.instant);
    CHECK(FormatLocalIso(instant, zone) == c.local);
  }
}

TEST_CASE("Zones without DST and east of UTC") {
  const date::time_zone& phoenix = *date::locate_zone("America/Phoenix");
  const date::time_zone& berlin = *date::locate_zone("Europe/Berlin");
  CHECK(LocalInstant(D(2026, 11, 3), LocalTime(16, 0), phoenix) == Utc(D(2026, 11, 3), 23));
  CHECK(FormatLocalIso(Utc(D(2026, 11, 3), 23), phoenix) == "2026-11-03T16:00:00-07:00");
  CHECK(LocalInstant(D(2026, 11, 3), LocalTime(8, 0), berlin) == Utc(D(2026, 11, 3), 7));
  CHECK(FormatLocalIso(Utc(D(2026, 11, 3), 7), berlin) == "2026-11-03T08:00:00+01:00");
}

}  // namespace
}  // namespace nudged
