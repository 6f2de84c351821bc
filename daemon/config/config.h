// The typed configuration of nudged, as loaded from the TOML file that district IT edits.
//
// Each module receives only its own sub-struct. Every field documents its meaning and its
// default (the value used when the key is left out). Values are validated once, at load
// (config/loader.h); code that receives a Config may rely on the documented invariants.
// Plain values, safe to copy and to share read-only between threads.

#ifndef NUDGED_CONFIG_CONFIG_H_
#define NUDGED_CONFIG_CONFIG_H_

#include <string>
#include <vector>

#include "config/diagnostic.h"
#include "nudged/date.h"

namespace nudged {

// An inclusive range of dates with a name people recognise ("Winter break", "Q2").
struct NamedDateRange {
  std::string name;
  Date from;
  Date to;
  // Where the range was written, for diagnostics about it. Unknown in hand-built configs.
  SourcePosition position;

  bool Contains(Date date) const { return from <= date && date <= to; }
};

// [calendar]: the school year. Key names are fixed (DESIGN.md); outside tools write them.
struct CalendarConfig {
  // First and last day of the school year. Required. Invariant: first_day <= last_day.
  Date first_day;
  Date last_day;
  // Weekdays school is normally in session. Default: Mon to Fri. Invariant: not empty.
  WeekdaySet instructional_weekdays = WeekdaySet::Weekdays();
  // Dates that are instructional even on a weekend or inside a closure. Default: none.
  // Invariant: each inside [first_day, last_day].
  std::vector<Date> makeup_days;
  // Vacations, holidays and emergency days: not instructional. Default: none.
  // Invariant: from <= to, inside the school year.
  std::vector<NamedDateRange> closures;
  // Marking periods (quarters, trimesters). Default: none. Invariant: from <= to, inside
  // the school year, sorted by `from`, not overlapping, names unique.
  std::vector<NamedDateRange> marking_periods;
};

// [cadence]: when waves go out. Key names are fixed (DESIGN.md).
struct CadenceConfig {
  // Wave 1 is the first send day strictly after this instructional day number. Default: 15.
  // Invariant: >= 1.
  int first_wave_after_instructional_days = 15;
  // Weeks between waves. Defaults: 4, 5, 6. Invariant: 1 <= min <= target <= max.
  int interval_min_weeks = 4;
  int interval_target_weeks = 5;
  int interval_max_weeks = 6;
  // Prefer the first send day after a marking period ends, when it is inside the interval
  // window. Default: true.
  bool align_to_marking_periods = true;
  // Weekdays a wave may go out. Default: Tue, Wed, Thu. Invariant: not empty.
  WeekdaySet send_weekdays = [] {
    WeekdaySet set;
    set.Insert(std::chrono::Tuesday);
    set.Insert(std::chrono::Wednesday);
    set.Insert(std::chrono::Thursday);
    return set;
  }();
  // No wave in the last N instructional days of the year. Default: 10. Invariant: >= 0.
  int no_waves_in_last_instructional_days = 10;
  // Fewer waves in the year than this is a warning. Default: 6. Invariant: >= 0.
  int min_waves = 6;
  SourcePosition min_waves_position;
  // A student needs this many instructional days of enrollment to get a message. Default: 10.
  int min_enrolled_instructional_days = 10;
  // Counts stop this many instructional days before the last one before a wave, so late
  // corrections in the SIS are in. Default: 1. Invariant: >= 0.
  int correction_grace_instructional_days = 1;
  // Messages go out in [start, end) local time. Default: 16:00 to 19:00.
  // Invariant: 08:00 <= start < end <= 21:00.
  LocalTime send_window_start{16, 0};
  LocalTime send_window_end{19, 0};
  // Local times of the nightly SIS sync and of planning the day's wave. Defaults: 02:00, 06:00.
  LocalTime sync_at{2, 0};
  LocalTime plan_at{6, 0};
  // Days no wave may go out (other district mailings). Default: none.
  std::vector<NamedDateRange> blackouts;
};

// The whole configuration. Sections besides calendar and cadence are added by config/.
struct Config {
  CalendarConfig calendar;
  CadenceConfig cadence;
};

}  // namespace nudged

#endif  // NUDGED_CONFIG_CONFIG_H_
