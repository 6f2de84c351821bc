// Implementation details: a Calendar answers every day-level question in O(1), so the
// schedule is a short loop over waves: wave 1 from the instructional-day rule, then each
// next wave from the previous wave's date and the interval window. The interval weeks are
// clamped to 1 <= min <= target <= max before use, so every candidate is strictly after
// the previous wave and the loop ends even on a configuration the loader would reject.
// Reasons are built next to the rule that chose the date, so each one can say what moved
// the wave away from its target (a closure, a blackout, a weekday, a marking period).

#include "calendar/schedule.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "calendar/calendar.h"

namespace nudged {
namespace {

using std::chrono::days;

constexpr std::array<std::string_view, 7> kLongWeekdayNames = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

// A proposed wave date with the sentence that explains it.
struct Candidate {
  Date date;
  std::string reason;
};

// The interval window after wave `previous`.
struct Window {
  const Wave& previous;
  Date start;
  Date target;
  Date end;
  int target_weeks;
};

Window MakeWindow(const CadenceConfig& cadence, const Wave& previous) {
  int min_weeks = std::max(cadence.interval_min_weeks, 1);
  int target_weeks = std::max(cadence.interval_target_weeks, min_weeks);
  int max_weeks = std::max(cadence.interval_max_weeks, target_weeks);
  Date p = previous.date;
  return Window{previous, p + days(7 * min_weeks), p + days(7 * target_weeks),
                p + days(7 * max_weeks), target_weeks};
}

std::string Plural(int count, std::string_view unit) {
  return fmt::format("{} {}{}", count, unit, count == 1 ? "" : "s");
}

// Returns e.g. "6 weeks after wave 2" or "5 weeks and 2 days after wave 2".
std::string GapText(const Wave& previous, Date date) {
  auto gap = static_cast<int>((date - previous.date).count());
  std::string text;
  if (gap >= 7) text = Plural(gap / 7, "week");
  if (gap >= 7 && gap % 7 != 0) text += " and ";
  if (gap % 7 != 0) text += Plural(gap % 7, "day");
  return fmt::format("{} after wave {}", text, previous.number);
}

// Returns the send weekdays for a sentence: "Tue, Wed, Thu", or "none configured".
std::string SendWeekdaysText(const Calendar& calendar) {
  const WeekdaySet& send = calendar.send_weekdays();
  return send.empty() ? "none configured" : send.ToString();
}

// Returns "on 2027-01-26" for one day, else "between 2027-01-26 and 2027-02-09".
std::string Span(Date from, Date to) {
  if (from == to) return "on " + FormatIsoDate(from);
  return fmt::format("between {} and {}", FormatIsoDate(from), FormatIsoDate(to));
}

// Returns why `date` is not a send day, as a predicate: "fell in Winter break".
std::string WhyNotSendDay(const Calendar& calendar, Date date) {
  if (date > calendar.last_day()) {
    return fmt::format("is after the last day of school ({})", FormatIsoDate(calendar.last_day()));
  }
  std::string_view weekday = kLongWeekdayNames[std::chrono::weekday{date}.c_encoding()];
  if (!calendar.IsInstructional(date)) {
    if (const NamedDateRange* closure = calendar.ClosureCovering(date)) {
      return "fell in " + closure->name;
    }
    return fmt::format("is a {}, not a school day", weekday);
  }
  if (!calendar.send_weekdays().Contains(date)) {
    return fmt::format("is a {}, not a send day", weekday);
  }
  return fmt::format("fell on a blackout ({})", calendar.BlackoutCovering(date)->name);
}

// Returns what keeps [from, to] free of send days: the closures and blackouts overlapping
// it, the end of the year, or the weekdays.
std::string WhatBlocks(const Calendar& calendar, Date from, Date to) {
  std::vector<std::string> causes;
  auto overlaps = [&](const NamedDateRange& r) { return r.from <= to && from <= r.to; };
  for (const NamedDateRange& closure : calendar.closures()) {
    if (overlaps(closure)) causes.push_back(closure.name);
  }
  for (const NamedDateRange& blackout : calendar.blackouts()) {
    if (overlaps(blackout)) causes.push_back("blackout " + blackout.name);
  }
  if (to > calendar.last_day()) {
    causes.push_back("the school year ends " + FormatIsoDate(calendar.last_day()));
  }
  if (causes.empty()) {
    return "no school day on a send weekday (" + SendWeekdaysText(calendar) + ")";
  }
  return fmt::format("{}", fmt::join(causes, ", "));
}

std::optional<Candidate> AlignedWave(const Calendar& calendar, const Window& window) {
  std::optional<Candidate> best;
  for (const NamedDateRange& period : calendar.marking_periods()) {
    if (period.to < window.previous.date) continue;
    auto after = calendar.FirstSendDayAfter(period.to);
    if (!after || *after < window.start || *after > window.end) continue;
    if (best && best->date <= *after) continue;
    best = Candidate{
        *after, fmt::format("marking period {} ended {}", period.name, FormatIsoDate(period.to))};
  }
  return best;
}

std::optional<Candidate> NextWave(const Calendar& calendar, const CadenceConfig& cadence,
                                  const Wave& previous) {
  const Window w = MakeWindow(cadence, previous);
  if (cadence.align_to_marking_periods) {
    if (auto aligned = AlignedWave(calendar, w)) return aligned;
  }
  std::string target = FormatIsoDate(w.target);
  if (auto on_or_after = calendar.FirstSendDayIn(w.target, w.end)) {
    if (*on_or_after == w.target) {
      return Candidate{w.target,
                       fmt::format("{} after wave {} (target {})", Plural(w.target_weeks, "week"),
                                   previous.number, target)};
    }
    return Candidate{
        *on_or_after,
        fmt::format("target {} {}; moved to {}, {}", target, WhyNotSendDay(calendar, w.target),
                    FormatIsoDate(*on_or_after), GapText(previous, *on_or_after))};
  }
  if (auto before = calendar.LastSendDayIn(w.start, w.target - days(1))) {
    return Candidate{*before,
                     fmt::format("no send day {} ({}); moved back to {}, the latest send "
                                 "day before the target {}, {}",
                                 Span(w.target, w.end), WhatBlocks(calendar, w.target, w.end),
                                 FormatIsoDate(*before), target, GapText(previous, *before))};
  }
  auto late = calendar.FirstSendDayAfter(w.end);
  if (!late) return std::nullopt;
  return Candidate{*late, fmt::format("no send day {} ({}); first send day after the window, {}",
                                      Span(w.start, w.end), WhatBlocks(calendar, w.start, w.end),
                                      GapText(previous, *late))};
}

// Returns wave 1, or nullopt after adding a warning that says why there is none.
std::optional<Candidate> FirstWave(const Calendar& calendar, const CadenceConfig& cadence,
                                   std::vector<std::string>& warnings) {
  int n = cadence.first_wave_after_instructional_days;
  auto day_n = calendar.NthInstructionalDay(n);
  if (!day_n) {
    warnings.push_back(fmt::format(
        "no wave fits: the school year has {}, and wave 1 comes after instructional day {}",
        Plural(calendar.instructional_day_count(), "instructional day"), n));
    return std::nullopt;
  }
  std::string after = fmt::format("instructional day {} ({})", n, FormatIsoDate(*day_n));
  auto first = calendar.FirstSendDayAfter(*day_n);
  if (!first) {
    warnings.push_back(
        fmt::format("no wave fits: there is no send day after {} (send weekdays: {})", after,
                    SendWeekdaysText(calendar)));
    return std::nullopt;
  }
  return Candidate{*first, "first send day after " + after};
}

// The cut-off of rule 5: the instructional day with n instructional days after it.
std::optional<Date> LastAllowedWaveDate(const Calendar& calendar, const CadenceConfig& cadence) {
  int n = std::max(cadence.no_waves_in_last_instructional_days, 0);
  return calendar.NthInstructionalDay(calendar.instructional_day_count() - n);
}

Date CountThrough(const Calendar& calendar, Date wave_date, int grace) {
  Date nothing_counted = calendar.first_day() - days(1);
  auto last = calendar.PreviousInstructionalDay(wave_date);
  if (!last) return nothing_counted;
  int number = *calendar.InstructionalDayNumber(*last) - std::max(grace, 0);
  return calendar.NthInstructionalDay(number).value_or(nothing_counted);
}

Wave MakeWave(const Calendar& calendar, const CadenceConfig& cadence, int number,
              Candidate candidate) {
  const NamedDateRange* period = calendar.MarkingPeriodContaining(candidate.date);
  return Wave{number,
              candidate.date,
              number == 1 ? WaveKind::kInitial : WaveKind::kRecurring,
              period ? period->name : "",
              std::move(candidate.reason),
              CountThrough(calendar, candidate.date, cadence.correction_grace_instructional_days)};
}

void WarnAboutCount(const Schedule& schedule, const CadenceConfig& cadence,
                    std::vector<std::string>& warnings) {
  auto count = static_cast<int>(schedule.waves.size());
  if (count >= cadence.min_waves) return;
  std::string fit = count == 0   ? "no waves fit"
                    : count == 1 ? "only 1 wave fits"
                                 : fmt::format("only {} waves fit", count);
  warnings.push_back(fmt::format("{} in the school year; min_waves is {}", fit, cadence.min_waves));
}

}  // namespace

std::string_view WaveKindName(WaveKind kind) {
  switch (kind) {
    case WaveKind::kInitial:
      return "initial";
    case WaveKind::kRecurring:
      return "recurring";
  }
  return "unknown";
}

Schedule BuildSchedule(const CalendarConfig& calendar_config, const CadenceConfig& cadence) {
  const Calendar calendar(calendar_config, cadence);
  Schedule schedule;
  schedule.instructional_days = calendar.instructional_day_count();
  schedule.last_allowed_wave_date = LastAllowedWaveDate(calendar, cadence);
  const std::optional<Date> cut_off = schedule.last_allowed_wave_date;
  if (schedule.instructional_days == 0) {
    schedule.warnings.push_back("no wave fits: the school year has no instructional days");
  } else if (!cut_off) {
    schedule.warnings.push_back(fmt::format(
        "no wave fits: the school year has {}, and no_waves_in_last_instructional_days is {}",
        Plural(schedule.instructional_days, "instructional day"),
        cadence.no_waves_in_last_instructional_days));
  }
  std::optional<Candidate> next;
  if (cut_off) next = FirstWave(calendar, cadence, schedule.warnings);
  if (next && next->date > *cut_off) {
    schedule.warnings.push_back(fmt::format(
        "no wave fits: wave 1 would be {}, after the cut-off {} (no waves in the last {})",
        FormatIsoDate(next->date), FormatIsoDate(*cut_off),
        Plural(cadence.no_waves_in_last_instructional_days, "instructional day")));
  }
  // Shape: accept the candidate while it is on or before the cut-off, then derive the next
  // candidate from it; a missing candidate or one past the cut-off ends the schedule.
  while (next && next->date <= *cut_off) {
    auto number = static_cast<int>(schedule.waves.size()) + 1;
    schedule.waves.push_back(MakeWave(calendar, cadence, number, std::move(*next)));
    next = NextWave(calendar, cadence, schedule.waves.back());
  }
  WarnAboutCount(schedule, cadence, schedule.warnings);
  return schedule;
}

}  // namespace nudged
