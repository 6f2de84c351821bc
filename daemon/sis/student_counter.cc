// Implementation details: a student's stays are clipped to [first_day, as_of] and merged, so a
// transfer or overlapping stays count each instructional day once; instructional days in a range
// are two look-ups in a running count. Counted absence events are sorted by day to sum and cap
// each day once; the sort is over one student's events, a few hundred at most.

#include "sis/student_counter.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace nudged {
namespace {

// A stay's days inside [first_day, as_of], inclusive.
struct DayRange {
  Date first;
  Date last;
};

// A counted absence event of one day.
struct CountedEvent {
  Date date;
  DayMicros duration;
  std::int64_t school_id;
  const std::string* category;
};

bool Covers(const Stay& stay, std::int64_t school_id, Date date) {
  return stay.school_id == school_id && stay.entry <= date && (!stay.exit || date <= *stay.exit);
}

}  // namespace

std::optional<DayMicros> ParseDayMicros(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  DayMicros whole = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (whole > 1'000'000'000) return std::nullopt;  // no duration is that long
    whole = whole * 10 + (text[i] - '0');
  }
  const size_t whole_digits = i;
  DayMicros fraction = 0;
  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
      if (fraction_digits < 6) fraction = fraction * 10 + (text[i] - '0');
    }
  }
  if (i != text.size() || whole_digits + fraction_digits == 0) return std::nullopt;
  for (size_t n = fraction_digits; n < 6; ++n) fraction *= 10;
  const DayMicros micros = whole * kOneDay + fraction;
  return negative ? -micros : micros;
}

std::string FormatDayMicros(DayMicros micros) {
  std::string text = fmt::format("{}{}.{:06d}", micros < 0 ? "-" : "", std::abs(micros) / kOneDay,
                                 std::abs(micros) % kOneDay);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

StudentCounter::StudentCounter(const SyncRequest& request,
                               std::unordered_map<std::string, CategoryRule> categories)
    : first_day_(request.first_day),
      as_of_(request.as_of),
      categories_(std::move(categories)) {
  if (request.next_wave) next_through_ = request.next_wave->count_through;
  if (request.previous_wave) previous_through_ = request.previous_wave->count_through;
  const std::vector<Date>& days = request.instructional_days;
  if (days.empty()) return;
  first_instructional_ = days.front();
  through_.assign(static_cast<size_t>((days.back() - days.front()).count()) + 1, 0);
  for (Date day : days) ++through_[static_cast<size_t>((day - first_instructional_).count())];
  for (size_t i = 1; i < through_.size(); ++i) through_[i] += through_[i - 1];
}

int StudentCounter::InstructionalDaysThrough(Date date) const {
  if (through_.empty() || date < first_instructional_) return 0;
  const auto offset = static_cast<size_t>((date - first_instructional_).count());
  return offset < through_.size() ? through_[offset] : through_.back();
}

int StudentCounter::InstructionalDaysBetween(Date first, Date last) const {
  if (last < first) return 0;
  return InstructionalDaysThrough(last) - InstructionalDaysThrough(first - std::chrono::days(1));
}

bool StudentCounter::IsInstructional(Date date) const {
  return InstructionalDaysBetween(date, date) == 1;
}

bool StudentCounter::Count(const std::vector<Stay>& stays,
                           const std::vector<AttendanceEvent>& events, StudentCounts* counts,
                           std::vector<Anomaly>* anomalies) const {
  // Stays that overlap [first_day, as_of], clipped to it; the latest one names the school.
  std::vector<DayRange> ranges;
  const Stay* latest = nullptr;
  std::optional<Date> first_entry;
  for (const Stay& stay : stays) {
    if (first_day_ > as_of_ || stay.entry > as_of_ || (stay.exit && *stay.exit < first_day_)) {
      continue;
    }
    ranges.push_back({std::max(stay.entry, first_day_),
                      stay.exit ? std::min(*stay.exit, as_of_) : as_of_});
    if (!latest || stay.entry > latest->entry ||
        (stay.entry == latest->entry && stay.school_id < latest->school_id)) {
      latest = &stay;
    }
    if (!first_entry || stay.entry < *first_entry) first_entry = stay.entry;
  }

  // Each event through as_of is counted, or reported, or both (duplicates).
  std::vector<CountedEvent> counted;
  for (const AttendanceEvent& event : events) {
    if (event.date > as_of_) continue;
    const auto rule = categories_.find(event.category);
    const bool known = rule != categories_.end();
    const bool absence = known && rule->second.counts_as_absence;
    const std::optional<std::string>& duration_text =
        event.duration || !known ? event.duration : rule->second.default_duration;
    const DayMicros duration =
        duration_text ? ParseDayMicros(*duration_text).value_or(0) : 0;  // 0: not a duration
    const bool duration_ok = duration > 0 && duration <= kOneDay;
    const bool instructional = IsInstructional(event.date);
    const bool enrolled = std::any_of(stays.begin(), stays.end(), [&](const Stay& stay) {
      return Covers(stay, event.school_id, event.date);
    });
    auto report = [&](const char* kind, std::optional<std::string> detail = std::nullopt) {
      anomalies->push_back({event.date, event.school_id, event.category, kind, std::move(detail)});
    };
    if (!instructional) report("non_instructional_day");
    if (instructional && !enrolled) report("outside_enrollment");
    if (!known) report("unknown_category");
    if (absence && !duration_ok) {
      report("duration_out_of_range",
             fmt::format("duration {}", duration_text.value_or("missing")));
    }
    if (absence && duration_ok && instructional && enrolled) {
      counted.push_back({event.date, duration, event.school_id, &event.category});
    }
  }
  if (!latest) return false;

  std::sort(counted.begin(), counted.end(), [](const CountedEvent& a, const CountedEvent& b) {
    return a.date < b.date || (a.date == b.date && *a.category < *b.category);
  });
  counts->absences_total = 0;
  DayMicros next = 0;
  DayMicros previous = 0;
  // Shape: one iteration per day with counted events; [day_begin, day_end) are that day's.
  for (auto day_begin = counted.begin(); day_begin != counted.end();) {
    auto day_end = day_begin;
    DayMicros amount = 0;
    std::int64_t school_id = day_begin->school_id;
    std::string categories;
    for (; day_end != counted.end() && day_end->date == day_begin->date; ++day_end) {
      amount += day_end->duration;
      school_id = std::min(school_id, day_end->school_id);
      if (!categories.empty()) categories += ", ";
      categories += *day_end->category;
    }
    amount = std::min(amount, kOneDay);
    counts->absences_total += amount;
    if (next_through_ && day_begin->date <= *next_through_) next += amount;
    if (previous_through_ && day_begin->date <= *previous_through_) previous += amount;
    if (const auto events_that_day = day_end - day_begin; events_that_day > 1) {
      anomalies->push_back(
          {day_begin->date, school_id, std::move(categories), "duplicate_events",
           fmt::format("{} absence events on one day, counted once", events_that_day)});
    }
    day_begin = day_end;
  }

  std::sort(ranges.begin(), ranges.end(),
            [](const DayRange& a, const DayRange& b) { return a.first < b.first; });
  std::vector<DayRange> merged;
  for (const DayRange& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().last + std::chrono::days(1)) {
      merged.back().last = std::max(merged.back().last, range.last);
    } else {
      merged.push_back(range);
    }
  }
  auto enrolled_days_through = [&](Date through) {
    int days = 0;
    for (const DayRange& range : merged) {
      days += InstructionalDaysBetween(range.first, std::min(range.last, through));
    }
    return days;
  };

  counts->school_id = latest->school_id;
  counts->grade = latest->grade;
  counts->first_entry = *first_entry;
  counts->exit = latest->exit;
  counts->enrolled_on_as_of = !latest->exit || *latest->exit >= as_of_;
  counts->days_total = enrolled_days_through(as_of_);
  counts->days_next.reset();
  counts->absences_next.reset();
  counts->days_previous.reset();
  counts->absences_previous.reset();
  if (next_through_) {
    counts->days_next = enrolled_days_through(*next_through_);
    counts->absences_next = next;
  }
  if (previous_through_) {
    counts->days_previous = enrolled_days_through(*previous_through_);
    counts->absences_previous = previous;
  }
  return true;
}

}  // namespace nudged
