// Implementation details: the constructor walks the school year once and stores, for each
// date, its flags and the running counts of instructional and send days up to and
// including it, plus the ordered lists of instructional and send days. Every "next",
// "previous" and "first in range" query then becomes index arithmetic: the running count
// at a date is the position, in the ordered list, of the first day after it. A school
// year is about 300 dates, so the tables cost a few kilobytes.

#include "calendar/calendar.h"

#include <algorithm>

namespace nudged {
namespace {

const NamedDateRange* FindCovering(const std::vector<NamedDateRange>& ranges, Date date) {
  auto it = std::find_if(ranges.begin(), ranges.end(),
                         [date](const NamedDateRange& r) { return r.Contains(date); });
  return it == ranges.end() ? nullptr : &*it;
}

}  // namespace

Calendar::Calendar(const CalendarConfig& calendar, const CadenceConfig& cadence)
    : first_day_(calendar.first_day),
      last_day_(calendar.last_day),
      instructional_weekdays_(calendar.instructional_weekdays),
      send_weekdays_(cadence.send_weekdays),
      closures_(calendar.closures),
      blackouts_(cadence.blackouts),
      marking_periods_(calendar.marking_periods) {
  ComputeDays(calendar.makeup_days);
}

void Calendar::ComputeDays(const std::vector<Date>& makeup_days) {
  if (first_day_ > last_day_) return;
  days_.resize(static_cast<size_t>((last_day_ - first_day_).count()) + 1);
  for (Date makeup : makeup_days) {
    if (auto index = IndexOf(makeup)) days_[*index].makeup = true;
  }
  // Shape: one pass in date order; each day's flags, then the running counts.
  int instructional_count = 0;
  int send_count = 0;
  for (size_t i = 0; i < days_.size(); ++i) {
    Date date = first_day_ + std::chrono::days(i);
    DayFlags& day = days_[i];
    day.instructional = day.makeup || (instructional_weekdays_.Contains(date) &&
                                       FindCovering(closures_, date) == nullptr);
    day.send = day.instructional && send_weekdays_.Contains(date) &&
               FindCovering(blackouts_, date) == nullptr;
    if (day.instructional) instructional_.push_back(date);
    if (day.send) send_.push_back(date);
    if (day.instructional) ++instructional_count;
    if (day.send) ++send_count;
    day.instructional_through = instructional_count;
    day.send_through = send_count;
  }
}

std::optional<size_t> Calendar::IndexOf(Date date) const {
  if (date < first_day_ || date > last_day_) return std::nullopt;
  return static_cast<size_t>((date - first_day_).count());
}

int Calendar::InstructionalThrough(Date date) const {
  if (date < first_day_) return 0;
  if (date > last_day_) return instructional_day_count();
  return days_[*IndexOf(date)].instructional_through;
}

int Calendar::SendThrough(Date date) const {
  if (date < first_day_) return 0;
  if (date > last_day_) return static_cast<int>(send_.size());
  return days_[*IndexOf(date)].send_through;
}

bool Calendar::IsInstructional(Date date) const {
  auto index = IndexOf(date);
  return index && days_[*index].instructional;
}

bool Calendar::IsSendDay(Date date) const {
  auto index = IndexOf(date);
  return index && days_[*index].send;
}

bool Calendar::IsMakeupDay(Date date) const {
  auto index = IndexOf(date);
  return index && days_[*index].makeup;
}

const NamedDateRange* Calendar::ClosureCovering(Date date) const {
  return FindCovering(closures_, date);
}

const NamedDateRange* Calendar::BlackoutCovering(Date date) const {
  return FindCovering(blackouts_, date);
}

const NamedDateRange* Calendar::MarkingPeriodContaining(Date date) const {
  return FindCovering(marking_periods_, date);
}

std::optional<Date> Calendar::NthInstructionalDay(int n) const {
  if (n < 1 || n > instructional_day_count()) return std::nullopt;
  return instructional_[static_cast<size_t>(n - 1)];
}

std::optional<int> Calendar::InstructionalDayNumber(Date date) const {
  if (!IsInstructional(date)) return std::nullopt;
  return InstructionalThrough(date);
}

std::optional<Date> Calendar::NextInstructionalDay(Date date) const {
  return NthInstructionalDay(InstructionalThrough(date) + 1);
}

std::optional<Date> Calendar::PreviousInstructionalDay(Date date) const {
  return NthInstructionalDay(InstructionalThrough(date - std::chrono::days(1)));
}

std::optional<Date> Calendar::FirstSendDayAfter(Date date) const {
  auto position = static_cast<size_t>(SendThrough(date));
  if (position >= send_.size()) return std::nullopt;
  return send_[position];
}

std::optional<Date> Calendar::FirstSendDayIn(Date from, Date to) const {
  auto first = FirstSendDayAfter(from - std::chrono::days(1));
  if (!first || *first > to) return std::nullopt;
  return first;
}

std::optional<Date> Calendar::LastSendDayIn(Date from, Date to) const {
  int through = SendThrough(to);
  if (through == 0 || from > to) return std::nullopt;
  Date last = send_[static_cast<size_t>(through - 1)];
  if (last < from) return std::nullopt;
  return last;
}

}  // namespace nudged
