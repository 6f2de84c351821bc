// Implementation details: every count is first rounded to tenths as an integer number of
// tenths, so the singular/plural choice and the half-day wording compare integers rather than
// doubles. Month names are tables indexed by the month number. Phone numbers are reduced to
// their digits; only the North American shape (+1 and ten digits) gets its usual grouping,
// since that is where nudged's districts are and libphonenumber stays at the planner's edge.

#include "render/phrasing.h"

#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace nudged {
namespace {

bool IsSpanish(std::string_view language) { return language == "es"; }

long Tenths(double value) { return std::lround(value * 10.0); }

std::string Digits(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

// The ten digits of a North American number written "+1NXXNXXXXXX", or "" for any other.
std::string NorthAmericanDigits(std::string_view phone) {
  if (!phone.starts_with("+1")) return "";
  const std::string digits = Digits(phone);
  if (digits.size() != 11) return "";
  return digits.substr(1);
}

// "508" -> "5 0 8".
std::string SpellDigits(std::string_view digits) {
  std::string spoken;
  for (char c : digits) {
    if (!spoken.empty()) spoken.push_back(' ');
    spoken.push_back(c);
  }
  return spoken;
}

}  // namespace

std::string FormatCount(double value, std::string_view language) {
  const long tenths = Tenths(value);
  if (tenths % 10 == 0) return std::to_string(tenths / 10);
  return fmt::format("{}{}{}", tenths / 10, IsSpanish(language) ? ',' : '.', tenths % 10);
}

std::string PhraseDays(double value, std::string_view language) {
  const long tenths = Tenths(value);
  const bool spanish = IsSpanish(language);
  if (tenths == 0) return spanish ? "ningún día" : "no days";
  if (tenths == 5) return spanish ? "medio día" : "half a day";
  if (tenths == 10) return spanish ? "1 día" : "1 day";
  return FormatCount(value, language) + (spanish ? " días" : " days");
}

std::string SpeakDays(double value, std::string_view language) {
  const long tenths = Tenths(value);
  if (tenths <= 10 || tenths % 10 != 5) return PhraseDays(value, language);
  const long whole = tenths / 10;
  if (IsSpanish(language)) {
    return fmt::format("{} {} y medio", whole, whole == 1 ? "día" : "días");
  }
  return fmt::format("{} and a half days", whole);
}

std::string PhraseDate(Date date, std::string_view language) {
  static constexpr std::array<std::string_view, 12> kEnglish = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static constexpr std::array<std::string_view, 12> kSpanish = {
      "enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
      "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};
  const std::chrono::year_month_day ymd{date};
  const unsigned month = static_cast<unsigned>(ymd.month()) - 1;
  const unsigned day = static_cast<unsigned>(ymd.day());
  if (IsSpanish(language)) return fmt::format("{} de {}", day, kSpanish[month]);
  return fmt::format("{} {}", kEnglish[month], day);
}

std::string WritePhone(std::string_view phone) {
  const std::string digits = NorthAmericanDigits(phone);
  if (digits.empty()) return std::string(phone);
  return fmt::format("{}-{}-{}", digits.substr(0, 3), digits.substr(3, 3), digits.substr(6));
}

std::string SpeakPhone(std::string_view phone) {
  const std::string north_american = NorthAmericanDigits(phone);
  if (!north_american.empty()) {
    return fmt::format("{}, {}, {}", SpellDigits(north_american.substr(0, 3)),
                       SpellDigits(north_american.substr(3, 3)),
                       SpellDigits(north_american.substr(6)));
  }
  // Groups of three, the last one taking four digits rather than leaving one alone.
  const std::string digits = Digits(phone);
  std::string spoken;
  for (size_t at = 0; at < digits.size();) {
    const size_t left = digits.size() - at;
    const size_t take = left == 4 ? 4 : std::min<size_t>(3, left);
    if (!spoken.empty()) spoken += ", ";
    spoken += SpellDigits(std::string_view(digits).substr(at, take));
    at += take;
  }
  return spoken;
}

}  // namespace nudged
