// The school calendar: which dates are instructional days and which are send days.
//
// A Calendar is built once from the [calendar] and [cadence] configuration and answers
// every query in O(1) (per-day flags and running counts precomputed for the year). The
// rules are DESIGN.md "The wave schedule (exact rules)" 1 and 2:
//   instructional day: in [first_day, last_day], weekday in instructional_weekdays, not
//     inside any closure; a makeup day is instructional even on a weekend or closure;
//   send day: an instructional day whose weekday is in send_weekdays and that is not
//     inside any blackout.
// Instructional days are numbered from 1 in date order. Queries about dates outside the
// school year are allowed and answer "not instructional" / nullopt. An empty year
// (first_day > last_day) has no instructional days. Immutable after construction and
// safe to share between threads; it keeps its own copies of the named ranges.

#ifndef NUDGED_CALENDAR_CALENDAR_H_
#define NUDGED_CALENDAR_CALENDAR_H_

#include <optional>
#include <vector>

#include "config/config.h"
#include "nudged/date.h"

namespace nudged {

class Calendar {
 public:
  Calendar(const CalendarConfig& calendar, const CadenceConfig& cadence);

  Date first_day() const { return first_day_; }
  Date last_day() const { return last_day_; }
  const WeekdaySet& instructional_weekdays() const { return instructional_weekdays_; }
  const WeekdaySet& send_weekdays() const { return send_weekdays_; }
  const std::vector<NamedDateRange>& closures() const { return closures_; }
  const std::vector<NamedDateRange>& blackouts() const { return blackouts_; }
  const std::vector<NamedDateRange>& marking_periods() const { return marking_periods_; }

  // Returns how many instructional days the year has.
  int instructional_day_count() const { return static_cast<int>(instructional_.size()); }

  bool IsInstructional(Date date) const;
  bool IsSendDay(Date date) const;
  // Returns whether `date` is one of the configured makeup days inside the year.
  bool IsMakeupDay(Date date) const;

  // Return the first closure / blackout / marking period containing `date`, or nullptr.
  // The pointer is owned by this Calendar and valid for its lifetime. A closure is
  // reported even on a makeup day (which is instructional nonetheless).
  const NamedDateRange* ClosureCovering(Date date) const;
  const NamedDateRange* BlackoutCovering(Date date) const;
  const NamedDateRange* MarkingPeriodContaining(Date date) const;

  // Returns instructional day number `n` (1-based), or nullopt when n is out of range.
  std::optional<Date> NthInstructionalDay(int n) const;
  // Returns the number of `date` among the instructional days, or nullopt when `date`
  // is not an instructional day.
  std::optional<int> InstructionalDayNumber(Date date) const;

  // Return the first instructional / send day strictly after `date`, or nullopt.
  std::optional<Date> NextInstructionalDay(Date date) const;
  std::optional<Date> FirstSendDayAfter(Date date) const;
  // Returns the last instructional day strictly before `date`, or nullopt.
  std::optional<Date> PreviousInstructionalDay(Date date) const;

  // Return the first / last send day in [from, to] inclusive, or nullopt (also when
  // from > to).
  std::optional<Date> FirstSendDayIn(Date from, Date to) const;
  std::optional<Date> LastSendDayIn(Date from, Date to) const;

 private:
  struct DayFlags {
    bool instructional = false;
    bool send = false;
    bool makeup = false;
    // Instructional and send days in [first_day, this day], inclusive.
    int instructional_through = 0;
    int send_through = 0;
  };

  void ComputeDays(const std::vector<Date>& makeup_days);
  // Returns the index of `date` in days_, or nullopt when outside the year.
  std::optional<size_t> IndexOf(Date date) const;
  // Return the number of instructional / send days on or before `date`.
  int InstructionalThrough(Date date) const;
  int SendThrough(Date date) const;

  // Constant after construction.
  Date first_day_;
  Date last_day_;
  WeekdaySet instructional_weekdays_;
  WeekdaySet send_weekdays_;
  std::vector<NamedDateRange> closures_;
  std::vector<NamedDateRange> blackouts_;
  std::vector<NamedDateRange> marking_periods_;
  std::vector<DayFlags> days_;       // one per date of [first_day_, last_day_]
  std::vector<Date> instructional_;  // the instructional days, in order
  std::vector<Date> send_;           // the send days, in order
};

}  // namespace nudged

#endif  // NUDGED_CALENDAR_CALENDAR_H_
