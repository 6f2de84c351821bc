// What one `nudged sync` counts: the school year, the "as of" date, the instructional days of
// the year and the count-through dates of the waves around the as-of date. Built from the
// calendar and the schedule; pure values, no I/O. Thread-safe.

#ifndef NUDGED_SIS_SYNC_REQUEST_H_
#define NUDGED_SIS_SYNC_REQUEST_H_

#include <optional>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "nudged/date.h"

namespace nudged {

// A wave of the schedule, reduced to what a snapshot counts through.
struct WaveBound {
  int number = 0;
  Date count_through;
  friend bool operator==(const WaveBound&, const WaveBound&) = default;
};

struct SyncRequest {
  std::string school_year;  // "YYYY-YYYY" from the years of first_day and last_day
  Date first_day;
  Date as_of;                            // events are counted through this date
  std::vector<Date> instructional_days;  // every instructional day of the year, in order
  // The first wave dated on or after as_of, and the wave before it; nullopt when none.
  std::optional<WaveBound> next_wave;
  std::optional<WaveBound> previous_wave;
};

// Returns the request for counting as of `as_of` (any date; outside the year it simply counts
// nothing or everything).
SyncRequest MakeSyncRequest(const Calendar& calendar, const Schedule& schedule, Date as_of);

}  // namespace nudged

#endif  // NUDGED_SIS_SYNC_REQUEST_H_
