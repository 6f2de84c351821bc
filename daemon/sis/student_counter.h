// One student's counts for a sync, from the student's enrollments and attendance events, by the
// rules of DESIGN.md "Counting absences and planning a wave": days, not events (a day's absence
// durations summed and capped at 1), instructional days inside an enrollment at the recording
// school only, categories that count as absences only; every event that cannot be counted as it
// stands is an anomaly. Durations are exact decimals held in millionths of a day, so 0.5 + 0.5
// is exactly 1. Pure computation over values; a StudentCounter is immutable once built and safe
// to share between threads.

#ifndef NUDGED_SIS_STUDENT_COUNTER_H_
#define NUDGED_SIS_STUDENT_COUNTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nudged/date.h"
#include "sis/sync_request.h"

namespace nudged {

// A duration in millionths of a day.
using DayMicros = std::int64_t;
constexpr DayMicros kOneDay = 1'000'000;

// Parses a decimal such as "0.50", "1", "-0.25" (the text of a SQL numeric) into millionths of
// a day; digits past the sixth decimal are dropped. Returns nullopt for anything else.
std::optional<DayMicros> ParseDayMicros(std::string_view text);
// Returns `micros` as a decimal without trailing zeros: "12", "2.5", "0.333333".
std::string FormatDayMicros(DayMicros micros);

// A row of the district's map of attendance categories.
struct CategoryRule {
  bool counts_as_absence = false;
  std::optional<std::string> default_duration;  // as the mirror wrote it
};

// One enrollment row (a stay at a school).
struct Stay {
  Date entry;
  std::optional<Date> exit;  // inclusive; nullopt while enrolled
  std::int64_t school_id = 0;
  std::string grade;
};

struct AttendanceEvent {
  Date date;
  std::int64_t school_id = 0;
  std::string category;
  std::optional<std::string> duration;  // as the mirror wrote it; nullopt: the category default
};

// The snapshot row of a student (nudged.sync_snapshots without sync and student ids).
struct StudentCounts {
  std::int64_t school_id = 0;  // of the latest stay that started by as_of
  std::string grade;
  Date first_entry;
  std::optional<Date> exit;
  bool enrolled_on_as_of = false;
  int days_total = 0;
  DayMicros absences_total = 0;
  // Through the next / previous wave's count-through date; nullopt without such a wave.
  std::optional<int> days_next;
  std::optional<DayMicros> absences_next;
  std::optional<int> days_previous;
  std::optional<DayMicros> absences_previous;
};

// An event that was not counted as it stands (nudged.sync_anomalies).
struct Anomaly {
  Date date;
  std::int64_t school_id = 0;
  std::string category;  // for duplicate_events, the day's categories joined with ", "
  std::string kind;      // non_instructional_day, outside_enrollment, unknown_category,
                         // duration_out_of_range, duplicate_events
  std::optional<std::string> detail;
};

class StudentCounter {
 public:
  StudentCounter(const SyncRequest& request,
                 std::unordered_map<std::string, CategoryRule> categories);

  // Counts one student. Returns false (and leaves *counts alone) when no stay of the student
  // overlaps [first_day, as_of], i.e. the student has no snapshot row. Appends the anomalies
  // of the student's events through as_of to *anomalies either way.
  bool Count(const std::vector<Stay>& stays, const std::vector<AttendanceEvent>& events,
             StudentCounts* counts, std::vector<Anomaly>* anomalies) const;

 private:
  bool IsInstructional(Date date) const;
  // Instructional days in [first, last], 0 when last < first.
  int InstructionalDaysBetween(Date first, Date last) const;
  // Instructional days on or before `date`.
  int InstructionalDaysThrough(Date date) const;

  Date first_day_;
  Date as_of_;
  std::optional<Date> next_through_;
  std::optional<Date> previous_through_;
  // through_[i]: instructional days in [first_instructional_, first_instructional_ + i].
  Date first_instructional_;
  std::vector<int> through_;
  std::unordered_map<std::string, CategoryRule> categories_;
};

}  // namespace nudged

#endif  // NUDGED_SIS_STUDENT_COUNTER_H_
