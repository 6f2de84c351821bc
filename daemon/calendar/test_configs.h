// Builders of small [calendar] and [cadence] values for the calendar tests. Test-only;
// header-only so it needs no entry in the build.

#ifndef NUDGED_CALENDAR_TEST_CONFIGS_H_
#define NUDGED_CALENDAR_TEST_CONFIGS_H_

#include <cstdio>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include "config/config.h"
#include "nudged/clock.h"
#include "nudged/date.h"

namespace nudged::testing {

// Returns the instant written "2026-11-01T21:00:00Z" (date::parse trips g++ 12's
// maybe-uninitialized warning); throws std::invalid_argument for any other text.
inline Instant UtcInstant(const char* text) {
  int year = 0;
  unsigned month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  if (std::sscanf(text, "%d-%u-%uT%d:%d:%dZ", &year, &month, &day, &hour, &minute, &second) !=
      6) {
    throw std::invalid_argument(std::string("not a UTC instant: ") + text);
  }
  return Instant(MakeDate(year, month, day)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second);
}

// Shorthand for a date in a test table: D(2026, 9, 8).
inline Date D(int year, unsigned month, unsigned day) { return MakeDate(year, month, day); }

inline NamedDateRange Range(std::string name, Date from, Date to) {
  return NamedDateRange{std::move(name), from, to, {}};
}

// A Monday-to-Friday year with nothing closed.
inline CalendarConfig Year(Date first_day, Date last_day) {
  CalendarConfig calendar;
  calendar.first_day = first_day;
  calendar.last_day = last_day;
  return calendar;
}

inline WeekdaySet Days(std::initializer_list<std::chrono::weekday> days) {
  WeekdaySet set;
  for (auto day : days) set.Insert(day);
  return set;
}

// The default cadence with the interval and first-wave rule given, no alignment and no
// cut-off unless a test sets them.
inline CadenceConfig Cadence(int first_wave_after, int min_weeks, int target_weeks, int max_weeks) {
  CadenceConfig cadence;
  cadence.first_wave_after_instructional_days = first_wave_after;
  cadence.interval_min_weeks = min_weeks;
  cadence.interval_target_weeks = target_weeks;
  cadence.interval_max_weeks = max_weeks;
  cadence.align_to_marking_periods = false;
  cadence.no_waves_in_last_instructional_days = 0;
  return cadence;
}

// The 2026-27 year of DESIGN.md with typical US closures, quarters and a blackout on
// 2026-12-15..16, and the default cadence (first wave after day 15, 4/5/6 weeks,
// aligned, Tue-Thu, no waves in the last 10 instructional days).
inline CalendarConfig District2026() {
  CalendarConfig calendar = Year(D(2026, 9, 8), D(2027, 6, 25));
  calendar.closures = {
      Range("Columbus Day", D(2026, 10, 12), D(2026, 10, 12)),
      Range("Thanksgiving break", D(2026, 11, 25), D(2026, 11, 27)),
      Range("Winter break", D(2026, 12, 21), D(2027, 1, 1)),
      Range("MLK Day", D(2027, 1, 18), D(2027, 1, 18)),
      Range("February break", D(2027, 2, 15), D(2027, 2, 19)),
      Range("Spring break", D(2027, 4, 12), D(2027, 4, 16)),
      Range("Memorial Day", D(2027, 5, 31), D(2027, 5, 31)),
  };
  calendar.marking_periods = {
      Range("Q1", D(2026, 9, 8), D(2026, 11, 6)),
      Range("Q2", D(2026, 11, 9), D(2027, 1, 29)),
      Range("Q3", D(2027, 2, 1), D(2027, 4, 9)),
      Range("Q4", D(2027, 4, 19), D(2027, 6, 25)),
  };
  return calendar;
}

inline CadenceConfig District2026Cadence() {
  CadenceConfig cadence;
  cadence.blackouts = {Range("Report cards", D(2026, 12, 15), D(2026, 12, 16))};
  return cadence;
}

}  // namespace nudged::testing

#endif  // NUDGED_CALENDAR_TEST_CONFIGS_H_
