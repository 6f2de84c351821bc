// Implementation details: each check first asks `positions` whether the values it needs were
// read successfully; defaults standing in for missing or invalid values are never judged. The
// calendar checks compare dates only once first_day and last_day are both known. Time zones
// are looked up with Howard Hinnant's date library, which throws on unknown names; the throw
// is caught here and nowhere else.

#include "config/validator.h"

#include <algorithm>
#include <set>

#include <date/tz.h>
#include <fmt/format.h>

#include "config/text_checks.h"

namespace nudged {
namespace {

// Shared state of one validation run.
class Checker {
 public:
  Checker(const Config& config, const KeyPositions& positions, DiagnosticSink* sink)
      : config_(config), positions_(positions), sink_(sink) {}

  void Run() {
    CheckDistrict();
    CheckSchools();
    CheckDatabase();
    CheckCalendar();
    CheckCadence();
    CheckMessages();
    CheckProvider();
    CheckListeners();
  }

 private:
  bool Has(std::string_view path) const { return positions_.Has(path); }
  void Error(std::string_view path, const std::string& message) {
    sink_->Error(positions_.Find(path), fmt::format("{}: {}", path, message));
  }
  void ErrorAt(SourcePosition position, const std::string& message) {
    sink_->Error(position, message);
  }

  void CheckDistrict();
  void CheckSchools();
  void CheckDatabase();
  void CheckSecretSource(std::string_view section, std::string_view env_key,
                         std::string_view file_key);
  void CheckCalendar();
  void CheckInsideYear(const std::vector<NamedDateRange>& ranges, std::string_view what);
  void CheckMarkingPeriods();
  void CheckCadence();
  void CheckMessages();
  void CheckProvider();
  void CheckListeners();

  const Config& config_;
  const KeyPositions& positions_;
  DiagnosticSink* sink_;
};

void Checker::CheckDistrict() {
  const DistrictConfig& district = config_.district;
  if (Has("district.name") && district.name.empty()) Error("district.name", "must not be empty");
  if (Has("district.timezone") && !IsKnownTimeZone(district.timezone)) {
    Error("district.timezone",
          fmt::format("unknown time zone {}; use an IANA name such as \"America/New_York\"",
                      Quote(district.timezone)));
  }
  const std::vector<std::string>& languages = config_.messages.languages;
  if (std::find(languages.begin(), languages.end(), district.default_language) == languages.end()) {
    Error("district.default_language",
          fmt::format("{} is not one of messages.languages ({})", Quote(district.default_language),
                      fmt::join(languages, ", ")));
  }
}

void Checker::CheckSchools() {
  std::set<std::string> ids;
  for (size_t i = 0; i < config_.schools.size(); ++i) {
    const std::string path = fmt::format("schools[{}].id", i);
    if (!Has(path)) continue;
    const std::string& id = config_.schools[i].id;
    if (id.empty()) {
      Error(path, "must not be empty");
    } else if (!ids.insert(id).second) {
      Error(path, fmt::format("duplicate school id {}", Quote(id)));
    }
  }
  if (ids.empty()) return;
  const std::vector<std::string>& audience = config_.audience.schools;
  for (const std::string& id : audience) {
    if (ids.count(id) == 0) {
      Error("audience.schools",
            fmt::format("{} is not the id of any [[schools]] entry", Quote(id)));
    }
  }
}

void Checker::CheckSecretSource(std::string_view section, std::string_view env_key,
                                std::string_view file_key) {
  const std::string env_path = fmt::format("{}.{}", section, env_key);
  const std::string file_path = fmt::format("{}.{}", section, file_key);
  if (Has(env_path) && Has(file_path)) {
    Error(file_path, fmt::format("set {} or {}, not both", env_key, file_key));
  }
}

void Checker::CheckDatabase() {
  const std::pair<const char*, const std::string*> urls[] = {
      {"database.url", &config_.database.url}, {"database.sis_url", &config_.database.sis_url}};
  for (const auto& [path, url] : urls) {
    if (Has(path) && ConnectionStringHasPassword(*url)) {
      Error(path,
            "the URL contains a password; secrets must not be written in the configuration: "
            "name an environment variable with password_env or a file with password_file "
            "(systemd LoadCredential= puts it in $CREDENTIALS_DIRECTORY)");
    }
  }
  CheckSecretSource("database", "password_env", "password_file");
  if (Has("database.sis_schema") && config_.database.sis_schema.empty()) {
    Error("database.sis_schema", "must not be empty");
  }
}

void Checker::CheckInsideYear(const std::vector<NamedDateRange>& ranges, std::string_view what) {
  const CalendarConfig& calendar = config_.calendar;
  for (const NamedDateRange& range : ranges) {
    if (range.from < calendar.first_day || range.to > calendar.last_day) {
      ErrorAt(range.position,
              fmt::format("{} {} ({} to {}) is outside the school year ({} to {})", what,
                          Quote(range.name), FormatIsoDate(range.from), FormatIsoDate(range.to),
                          FormatIsoDate(calendar.first_day), FormatIsoDate(calendar.last_day)));
    }
  }
}

void Checker::CheckMarkingPeriods() {
  std::vector<NamedDateRange> periods = config_.calendar.marking_periods;
  std::set<std::string> names;
  for (const NamedDateRange& period : periods) {
    if (!names.insert(period.name).second) {
      ErrorAt(period.position, fmt::format("duplicate marking period name {}", Quote(period.name)));
    }
  }
  std::sort(periods.begin(), periods.end(),
            [](const NamedDateRange& a, const NamedDateRange& b) { return a.from < b.from; });
  for (size_t i = 1; i < periods.size(); ++i) {
    if (periods[i].from <= periods[i - 1].to) {
      ErrorAt(periods[i].position,
              fmt::format("marking period {} ({} to {}) overlaps {} ({} to {})",
                          Quote(periods[i].name), FormatIsoDate(periods[i].from),
                          FormatIsoDate(periods[i].to), Quote(periods[i - 1].name),
                          FormatIsoDate(periods[i - 1].from), FormatIsoDate(periods[i - 1].to)));
    }
  }
}

void Checker::CheckCalendar() {
  const CalendarConfig& calendar = config_.calendar;
  if (!Has("calendar.first_day") || !Has("calendar.last_day")) return;
  if (calendar.first_day > calendar.last_day) {
    Error("calendar.last_day",
          fmt::format("{} is before first_day = {}", FormatIsoDate(calendar.last_day),
                      FormatIsoDate(calendar.first_day)));
    return;
  }
  for (size_t i = 0; i < calendar.makeup_days.size(); ++i) {
    const Date day = calendar.makeup_days[i];
    if (day < calendar.first_day || day > calendar.last_day) {
      Error(fmt::format("calendar.makeup_days[{}]", i),
            fmt::format("makeup day {} is outside the school year", FormatIsoDate(day)));
    }
  }
  CheckInsideYear(calendar.closures, "closure");
  CheckInsideYear(calendar.marking_periods, "marking period");
  CheckMarkingPeriods();
  for (const NamedDateRange& blackout : config_.cadence.blackouts) {
    if (blackout.to < calendar.first_day || blackout.from > calendar.last_day) {
      sink_->Warning(blackout.position,
                     fmt::format("blackout {} is outside the school year and has no effect",
                                 Quote(blackout.name)));
    }
  }
}

void Checker::CheckCadence() {
  const CadenceConfig& cadence = config_.cadence;
  if (cadence.interval_min_weeks > cadence.interval_target_weeks ||
      cadence.interval_target_weeks > cadence.interval_max_weeks) {
    Error("cadence.interval_weeks",
          fmt::format("must satisfy 1 <= min <= target <= max, got min = {}, target = {}, "
                      "max = {}",
                      cadence.interval_min_weeks, cadence.interval_target_weeks,
                      cadence.interval_max_weeks));
  }
  const LocalTime earliest(8, 0);
  const LocalTime latest(21, 0);
  if (Has("cadence.send_window.start") && cadence.send_window_start < earliest) {
    Error("cadence.send_window.start",
          fmt::format("{} is before 08:00; messages never go out before 08:00 local time",
                      cadence.send_window_start.ToString()));
  } else if (Has("cadence.send_window.end") && cadence.send_window_end > latest) {
    Error("cadence.send_window.end",
          fmt::format("{} is after 21:00; messages never go out after 21:00 local time",
                      cadence.send_window_end.ToString()));
  } else if (cadence.send_window_start >= cadence.send_window_end) {
    Error("cadence.send_window",
          fmt::format("start {} must be before end {}", cadence.send_window_start.ToString(),
                      cadence.send_window_end.ToString()));
  }
}

void Checker::CheckMessages() {
  const std::vector<std::string>& languages = config_.messages.languages;
  for (const TemplateOverride& entry : config_.messages.templates) {
    if (std::find(languages.begin(), languages.end(), entry.language) == languages.end()) {
      ErrorAt(entry.position,
              fmt::format("template for language {} which is not in messages.languages ({})",
                          Quote(entry.language), fmt::join(languages, ", ")));
    }
  }
}

void Checker::CheckProvider() {
  const ProviderConfig& provider = config_.provider;
  if (Has("provider.base_url") && !IsHttpUrl(provider.base_url)) {
    Error("provider.base_url",
          fmt::format("{} is not an http:// or https:// URL", Quote(provider.base_url)));
  }
  if (Has("provider.account_sid") && !IsTwilioSid(provider.account_sid, "AC")) {
    Error("provider.account_sid", "must be \"AC\" followed by 32 hex digits");
  }
  if (Has("provider.from_number") && !IsE164(provider.from_number)) {
    Error("provider.from_number", fmt::format("{} is not an E.164 number such as \"+16175550100\"",
                                              Quote(provider.from_number)));
  }
  if (Has("provider.messaging_service_sid") && !IsTwilioSid(provider.messaging_service_sid, "MG")) {
    Error("provider.messaging_service_sid", "must be \"MG\" followed by 32 hex digits");
  }
  if (Has("provider.from_number") && Has("provider.messaging_service_sid")) {
    Error("provider.messaging_service_sid", "set from_number or messaging_service_sid, not both");
  }
  if (Has("provider.status_callback_url") && !provider.status_callback_url.empty() &&
      !IsHttpUrl(provider.status_callback_url)) {
    Error("provider.status_callback_url", "is not an http:// or https:// URL");
  }
  CheckSecretSource("provider", "auth_token_env", "auth_token_file");
  if (provider.backoff_initial_ms > provider.backoff_max_ms) {
    Error("provider.backoff_max_ms",
          fmt::format("{} is less than backoff_initial_ms = {}", provider.backoff_max_ms,
                      provider.backoff_initial_ms));
  }
  // A shorter grace could resend a message whose first request the provider is still taking.
  if (int64_t{provider.reconcile_grace_s} * 1000 <= provider.request_timeout_ms) {
    Error("provider.reconcile_grace_s",
          fmt::format("{} s does not exceed request_timeout_ms = {}", provider.reconcile_grace_s,
                      provider.request_timeout_ms));
  }
}

void Checker::CheckListeners() {
  if (Has("http.listen") && !IsListenAddress(config_.http.listen)) {
    Error("http.listen", fmt::format("{} is not HOST:PORT", Quote(config_.http.listen)));
  }
  if (Has("http.public_url") && !config_.http.public_url.empty() &&
      !IsHttpUrl(config_.http.public_url)) {
    Error("http.public_url", "is not an http:// or https:// URL");
  }
  if (Has("metrics.listen") && !config_.metrics.listen.empty() &&
      !IsListenAddress(config_.metrics.listen)) {
    Error("metrics.listen", fmt::format("{} is not HOST:PORT", Quote(config_.metrics.listen)));
  }
}

}  // namespace

bool IsKnownTimeZone(const std::string& name) {
  if (name.empty()) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

void ValidateConfig(const Config& config, const KeyPositions& positions, DiagnosticSink* sink) {
  Checker(config, positions, sink).Run();
}

}  // namespace nudged
