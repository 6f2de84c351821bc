// Table tests of the send-time gate in America/New_York: windows across both DST changes of
// the 2026-27 year (2026-11-01 falls back, 2027-03-14 springs forward), the 08:00-21:00 clamp,
// and the next window after one closes (next send day, skipping weekends and blackouts, none
// after the last day).

#include "dispatch/send_gate.h"

#include <catch2/catch.hpp>
#include <vector>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using testing::D;
using testing::Days;
using testing::Range;
using testing::UtcInstant;
using testing::Year;

WeekdaySet EveryDay() {
  return Days({std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday,
               std::chrono::Thursday, std::chrono::Friday, std::chrono::Saturday,
               std::chrono::Sunday});
}

std::string Show(std::optional<std::chrono::sys_seconds> instant) {
  return instant ? date::format("%FT%TZ", *instant) : "none";
}

SendGate MakeGate(CalendarConfig calendar, CadenceConfig cadence, LocalTime start, LocalTime end) {
  return SendGate(Calendar(calendar, cadence), start, end, *date::locate_zone("America/New_York"));
}

struct GateCase {
  const char* now;
  bool open;
  const char* closes_at;  // "" when closed
  const char* next_opens_at;
};

void CheckCases(const SendGate& gate, const std::vector<GateCase>& cases) {
  for (const GateCase& c : cases) {
    INFO("now " << c.now);
    const GateState state = gate.At(UtcInstant(c.now));
    CHECK(state.open == c.open);
    if (c.open) CHECK(date::format("%FT%TZ", state.closes_at) == std::string(c.closes_at));
    CHECK(Show(state.next_opens_at) == std::string(c.next_opens_at));
  }
}

TEST_CASE("send gate follows the local window across both DST changes", "[dispatch][send_gate]") {
  CalendarConfig calendar = Year(D(2026, 9, 8), D(2027, 6, 25));
  calendar.instructional_weekdays = EveryDay();
  CadenceConfig cadence;
  cadence.send_weekdays = EveryDay();
  const SendGate gate = MakeGate(calendar, cadence, LocalTime(16, 0), LocalTime(19, 0));
  CheckCases(gate, {
      // Saturday 2026-10-31, still EDT (UTC-4): 16:00 local is 20:00 UTC.
      {"2026-10-31T19:59:59Z", false, "", "2026-10-31T20:00:00Z"},
      {"2026-10-31T20:00:00Z", true, "2026-10-31T23:00:00Z", "2026-11-01T21:00:00Z"},
      // Sunday 2026-11-01, EST (UTC-5) from 02:00: 20:30 UTC is 15:30 local, not yet open.
      {"2026-11-01T20:30:00Z", false, "", "2026-11-01T21:00:00Z"},
      {"2026-11-01T21:00:00Z", true, "2026-11-02T00:00:00Z", "2026-11-02T21:00:00Z"},
      {"2026-11-01T23:59:59Z", true, "2026-11-02T00:00:00Z", "2026-11-02T21:00:00Z"},
      {"2026-11-02T00:00:00Z", false, "", "2026-11-02T21:00:00Z"},
      // Saturday 2027-03-13, EST; Sunday 2027-03-14, EDT from 03:00.
      {"2027-03-13T20:30:00Z", false, "", "2027-03-13T21:00:00Z"},
      {"2027-03-13T23:30:00Z", true, "2027-03-14T00:00:00Z", "2027-03-14T20:00:00Z"},
      {"2027-03-14T20:00:00Z", true, "2027-03-14T23:00:00Z", "2027-03-15T20:00:00Z"},
      {"2027-03-14T23:00:00Z", false, "", "2027-03-15T20:00:00Z"},
  });
}

TEST_CASE("send gate clamps the window to 08:00-21:00 local", "[dispatch][send_gate]") {
  CalendarConfig calendar = Year(D(2026, 9, 8), D(2027, 6, 25));
  const SendGate gate = MakeGate(calendar, CadenceConfig{}, LocalTime(6, 0), LocalTime(23, 0));
  CHECK(gate.window_start() == LocalTime(8, 0));
  CHECK(gate.window_end() == LocalTime(21, 0));
  CheckCases(gate, {
      // Tuesday 2026-11-03, EST.
      {"2026-11-03T11:30:00Z", false, "", "2026-11-03T13:00:00Z"},
      {"2026-11-03T12:59:59Z", false, "", "2026-11-03T13:00:00Z"},
      {"2026-11-03T13:00:00Z", true, "2026-11-04T02:00:00Z", "2026-11-04T13:00:00Z"},
      {"2026-11-04T01:59:59Z", true, "2026-11-04T02:00:00Z", "2026-11-04T13:00:00Z"},
      {"2026-11-04T02:00:00Z", false, "", "2026-11-04T13:00:00Z"},
      // Tuesday 2026-10-27, EDT: 08:00 local is 12:00 UTC.
      {"2026-10-27T12:00:00Z", true, "2026-10-28T01:00:00Z", "2026-10-28T12:00:00Z"},
  });
}

TEST_CASE("send gate resumes at the next send day's window after one closes",
          "[dispatch][send_gate]") {
  CalendarConfig calendar = Year(D(2026, 9, 8), D(2026, 11, 20));
  CadenceConfig cadence;  // Tue, Wed, Thu
  cadence.blackouts = {Range("Report cards", D(2026, 11, 10), D(2026, 11, 10))};
  const SendGate gate = MakeGate(calendar, cadence, LocalTime(16, 0), LocalTime(19, 0));
  CheckCases(gate, {
      // Thursday 2026-11-05 closes at 19:00 EST; Tue 11-10 is a blackout: Wed 11-11 is next.
      {"2026-11-05T23:59:59Z", true, "2026-11-06T00:00:00Z", "2026-11-11T21:00:00Z"},
      {"2026-11-06T00:00:00Z", false, "", "2026-11-11T21:00:00Z"},
      {"2026-11-07T15:00:00Z", false, "", "2026-11-11T21:00:00Z"},
      // Thursday 2026-11-19 is the last send day of this short year.
      {"2026-11-19T21:30:00Z", true, "2026-11-20T00:00:00Z", "none"},
      {"2026-11-20T00:00:00Z", false, "", "none"},
  });
}

}  // namespace
}  // namespace nudged
