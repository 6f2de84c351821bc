// Implementation details: dates are parsed by hand rather than with std::get_time because the
// configuration and the CLI accept exactly one spelling, "YYYY-MM-DD", and must reject
// everything else (no locale, no leading spaces, no two-digit years).

#include "nudged/date.h"

#include <array>

#include <fmt/format.h>

namespace nudged {
namespace {

constexpr std::array<std::string_view, 7> kWeekdayNames = {"Sun", "Mon", "Tue", "Wed",
                                                           "Thu", "Fri", "Sat"};

// Parses exactly `width` ASCII digits.
std::optional<int> ParseDigits(std::string_view text, size_t width) {
  if (text.size() != width) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = ParseDigits(text.substr(0, 4), 4);
  auto month = ParseDigits(text.substr(5, 2), 2);
  auto day = ParseDigits(text.substr(8, 2), 2);
  if (!year || !month || !day) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*year},
                                  std::chrono::month{static_cast<unsigned>(*month)},
                                  std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string FormatIsoDate(Date date) {
  std::chrono::year_month_day ymd{date};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Date MakeDate(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

std::string_view WeekdayName(std::chrono::weekday day) {
  return kWeekdayNames[day.c_encoding()];
}

std::optional<std::chrono::weekday> ParseWeekdayName(std::string_view name) {
  for (unsigned i = 0; i < kWeekdayNames.size(); ++i) {
    if (kWeekdayNames[i] == name) return std::chrono::weekday{i};
  }
  return std::nullopt;
}

WeekdaySet WeekdaySet::Weekdays() {
  WeekdaySet set;
  for (unsigned i = 1; i <= 5; ++i) set.Insert(std::chrono::weekday{i});
  return set;
}

std::string WeekdaySet::ToString() const {
  std::string out;
  for (unsigned i = 1; i <= 7; ++i) {  // Monday first; 7 is Sunday.
    std::chrono::weekday day{i};
    if (!Contains(day)) continue;
    if (!out.empty()) out += ", ";
    out += WeekdayName(day);
  }
  return out;
}

std::optional<LocalTime> LocalTime::Parse(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto hour = ParseDigits(text.substr(0, 2), 2);
  auto minute = ParseDigits(text.substr(3, 2), 2);
  if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  return LocalTime(*hour, *minute);
}

std::string LocalTime::ToString() const {
  return fmt::format("{:02}:{:02}", minutes_ / 60, minutes_ % 60);
}

}  // namespace nudged
