// A wave of one school year as the state database records it (nudged.waves): the planner, the
// data-quality gate and the commands all name a wave this way. Plain value.

#ifndef NUDGED_CALENDAR_WAVE_KEY_H_
#define NUDGED_CALENDAR_WAVE_KEY_H_

#include <string>

#include "calendar/schedule.h"
#include "nudged/date.h"

namespace nudged {

struct WaveKey {
  std::string school_year;  // "YYYY-YYYY", as sync_runs.school_year
  int number = 0;
  Date date;
  Date count_through;
  WaveKind kind = WaveKind::kInitial;
};

// Returns the key of `wave` of the schedule of `school_year`.
inline WaveKey MakeWaveKey(const std::string& school_year, const Wave& wave) {
  return WaveKey{school_year, wave.number, wave.date, wave.count_through, wave.kind};
}

}  // namespace nudged

#endif  // NUDGED_CALENDAR_WAVE_KEY_H_
