// Calendar vocabulary shared by every module: local dates, weekday sets and times of day.
//
// A Date is a day in the district's time zone with no time zone attached (days since
// 1970-01-01, as std::chrono::sys_days). Converting a local date and time to an instant
// needs the district's zone and lives in calendar/, not here. All types are plain values
// and safe to share between threads.

#ifndef NUDGED_DATE_H_
#define NUDGED_DATE_H_

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nudged {

using Date = std::chrono::sys_days;

// Returns the date written as "YYYY-MM-DD", or nullopt when the text is not exactly that
// or names a day that does not exist (2027-02-29).
std::optional<Date> ParseIsoDate(std::string_view text);

// Returns `date` as "YYYY-MM-DD".
std::string FormatIsoDate(Date date);

// Builds a date from its parts. REQUIRES: the parts name a real day.
Date MakeDate(int year, unsigned month, unsigned day);

// Returns the three-letter English name used in the configuration ("Mon" ... "Sun").
std::string_view WeekdayName(std::chrono::weekday day);

// Returns the weekday named by its three-letter English name, case-sensitive as written in
// the configuration ("Tue"), or nullopt.
std::optional<std::chrono::weekday> ParseWeekdayName(std::string_view name);

// A set of weekdays, such as the days school is in session or the days messages may go out.
class WeekdaySet {
 public:
  constexpr WeekdaySet() = default;

  // Monday to Friday.
  static WeekdaySet Weekdays();

  void Insert(std::chrono::weekday day) { bits_ |= Bit(day); }
  bool Contains(std::chrono::weekday day) const { return (bits_ & Bit(day)) != 0; }
  bool Contains(Date date) const { return Contains(std::chrono::weekday{date}); }
  bool empty() const { return bits_ == 0; }

  // Returns the names in week order starting Monday, e.g. "Tue, Wed, Thu".
  std::string ToString() const;

  friend bool operator==(WeekdaySet, WeekdaySet) = default;

 private:
  static constexpr std::uint8_t Bit(std::chrono::weekday day) {
    return static_cast<std::uint8_t>(1u << day.c_encoding());
  }
  std::uint8_t bits_ = 0;
};

// A wall-clock time of day in the district's time zone, to the minute.
class LocalTime {
 public:
  constexpr LocalTime() = default;
  constexpr LocalTime(int hour, int minute) : minutes_(hour * 60 + minute) {}

  // Returns the time written as "HH:MM" (24-hour, 00:00 to 23:59), or nullopt.
  static std::optional<LocalTime> Parse(std::string_view text);

  int minutes_since_midnight() const { return minutes_; }
  std::chrono::minutes since_midnight() const { return std::chrono::minutes(minutes_); }

  // Returns "HH:MM".
  std::string ToString() const;

  friend auto operator<=>(LocalTime, LocalTime) = default;

 private:
  int minutes_ = 0;
};

}  // namespace nudged

#endif  // NUDGED_DATE_H_
