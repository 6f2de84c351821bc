// Phrasing of the numbers, dates and phone numbers that go into messages, per language, so
// that "2.5 days" reads naturally in English and "2,5 días" in Spanish.
//
// Pure functions over values; thread-safe. Languages are ISO 639-1 codes: "es" has its own
// rules; every other code is phrased the English way (only en and es have built-in
// templates, and an override in another language can use the raw numbers instead).
// Absence counts are multiples of 0.5 (half days); averages have one decimal. Values are
// rounded to one decimal before they are written.

#ifndef NUDGED_RENDER_PHRASING_H_
#define NUDGED_RENDER_PHRASING_H_

#include <string>
#include <string_view>

#include "nudged/date.h"

namespace nudged {

// Returns `value` with at most one decimal and no trailing ".0": "2", "2.5"; Spanish uses
// the decimal comma, "2,5". REQUIRES: value >= 0.
std::string FormatCount(double value, std::string_view language);

// Returns a count of school days as written text: "no days", "half a day", "1 day",
// "2 days", "2.5 days"; Spanish "ningún día", "medio día", "1 día", "2 días", "2,5 días".
// REQUIRES: value >= 0.
std::string PhraseDays(double value, std::string_view language);

// As PhraseDays, worded to be read aloud by text-to-speech: a half is said as a fraction
// ("2 and a half days", "2 días y medio") rather than "two point five".
std::string SpeakDays(double value, std::string_view language);

// Returns the day and month without the year: "October 14"; Spanish "14 de octubre".
std::string PhraseDate(Date date, std::string_view language);

// Returns a phone number as people write it: a North American E.164 number
// "+15085550110" becomes "508-555-0110"; any other text is returned unchanged.
std::string WritePhone(std::string_view phone);

// Returns a phone number to be read aloud digit by digit, groups separated by commas so a
// text-to-speech voice pauses: "5 0 8, 5 5 5, 0 1 1 0". Non-North-American numbers are
// spelled digit by digit in groups of three or four after the "+".
std::string SpeakPhone(std::string_view phone);

}  // namespace nudged

#endif  // NUDGED_RENDER_PHRASING_H_
