// Implementation details: one small function per check, each returning the failure or nullopt;
// EvaluateGate collects them in a fixed order. Shares are printed as percentages with one
// decimal and limits on share changes as percentage points, the way staff talk about rates.

#include "quality/gate.h"

#include <fmt/format.h>

namespace nudged {
namespace {

constexpr double kShareTolerance = 1e-9;

double Ratio(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string Percent(double share) { return fmt::format("{:.1f}%", share * 100.0); }

std::optional<GateFailure> CheckClosures(const WaveQualityStats& current,
                                         const QualityConfig& quality) {
  if (current.absences_on_closures <= quality.max_absences_on_closures) return std::nullopt;
  return GateFailure{
      "absences_on_closures",
      fmt::format("{} attendance events are recorded on closure days (limit {}): check the "
                  "calendar's closures against the SIS attendance import",
                  current.absences_on_closures, quality.max_absences_on_closures)};
}

std::optional<GateFailure> CheckAboveEnrolled(const WaveQualityStats& current) {
  if (current.students_absences_above_enrolled == 0) return std::nullopt;
  return GateFailure{"absences_above_enrolled_days",
                     fmt::format("{} students have more absences than enrolled instructional days "
                                 "(limit 0): check their enrollment dates and attendance events",
                                 current.students_absences_above_enrolled)};
}

std::optional<GateFailure> CheckAbsenceShare(const WaveQualityStats& current,
                                             const std::optional<WaveQualityStats>& previous,
                                             const QualityConfig& quality) {
  const double share = current.AbsenceShare();
  if (!previous) {
    if (share <= quality.initial_absence_share_ceiling + kShareTolerance) return std::nullopt;
    return GateFailure{
        "absence_share_ceiling",
        fmt::format("absence share is {} of {} qualifying students at wave {} (ceiling {}): check "
                    "the attendance import and which categories count as absences",
                    Percent(share), current.students_qualifying, current.wave,
                    Percent(quality.initial_absence_share_ceiling))};
  }
  const double before = previous->AbsenceShare();
  if (share - before <= quality.max_absence_share_jump + kShareTolerance) return std::nullopt;
  return GateFailure{
      "absence_share_jump",
      fmt::format("absence share rose from {} to {} since wave {} (limit +{:.1f} points): check "
                  "today's attendance import",
                  Percent(before), Percent(share), previous->wave,
                  quality.max_absence_share_jump * 100.0)};
}

std::optional<GateFailure> CheckEnrolledDrop(const WaveQualityStats& current,
                                             const std::optional<WaveQualityStats>& previous,
                                             const QualityConfig& quality) {
  if (!previous || current.students_enrolled >= previous->students_enrolled) return std::nullopt;
  const double drop =
      Ratio(previous->students_enrolled - current.students_enrolled, previous->students_enrolled);
  if (drop <= quality.max_enrolled_drop + kShareTolerance) return std::nullopt;
  return GateFailure{
      "enrolled_drop",
      fmt::format("enrolled students fell from {} to {} (-{}) since wave {} (limit -{}): check "
                  "the enrollment import for missing schools or exit dates",
                  previous->students_enrolled, current.students_enrolled, Percent(drop),
                  previous->wave, Percent(quality.max_enrolled_drop))};
}

std::optional<GateFailure> CheckContacts(const WaveQualityStats& current,
                                         const QualityConfig& quality) {
  const double share = current.ContactsWithoutChannelShare();
  if (share <= quality.max_contacts_without_channel_share + kShareTolerance) return std::nullopt;
  return GateFailure{
      "contacts_without_channel",
      fmt::format("{} of {} contacts ({}) have no usable channel (limit {}): check the contacts "
                  "import (phone numbers, SMS capability, emails, addresses)",
                  current.contacts_without_channel, current.contacts_considered, Percent(share),
                  Percent(quality.max_contacts_without_channel_share))};
}

}  // namespace

double WaveQualityStats::AbsenceShare() const {
  return Ratio(students_with_absences, students_qualifying);
}

double WaveQualityStats::ContactsWithoutChannelShare() const {
  return Ratio(contacts_without_channel, contacts_considered);
}

GateResult EvaluateGate(const WaveQualityStats& current,
                        const std::optional<WaveQualityStats>& previous_wave,
                        const QualityConfig& quality) {
  GateResult result;
  for (std::optional<GateFailure> failure :
       {CheckClosures(current, quality), CheckAboveEnrolled(current),
        CheckAbsenceShare(current, previous_wave, quality),
        CheckEnrolledDrop(current, previous_wave, quality), CheckContacts(current, quality)}) {
    if (failure) result.failures.push_back(std::move(*failure));
  }
  return result;
}

}  // namespace nudged
