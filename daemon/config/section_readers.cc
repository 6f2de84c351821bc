// Implementation details: one short function per section, in file order. Secrets get a
// Forbid() with a message naming the key to use instead, so pasting a token is reported as
// that rather than as an unknown key. Numeric bounds are generous sanity limits; the
// documented invariants in config.h are the contract.

#include "config/section_readers.h"

#include <limits>

namespace nudged {
namespace {

constexpr int kNoMax = std::numeric_limits<int>::max();
constexpr int kHourMs = 3600 * 1000;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

constexpr std::string_view kPasswordInline =
    "secrets must not be written in the configuration; name an environment variable with "
    "password_env or a file with password_file (systemd LoadCredential= puts it in "
    "$CREDENTIALS_DIRECTORY)";
constexpr std::string_view kTokenInline =
    "secrets must not be written in the configuration; name an environment variable with "
    "auth_token_env or a file with auth_token_file (systemd LoadCredential= puts it in "
    "$CREDENTIALS_DIRECTORY)";

// Reads the optional section `key` of `root` with `read`.
template <typename Section>
void ReadSection(TableReader& root, std::string_view key, Section* out,
                 void (*read)(TableReader&, Section*)) {
  if (std::optional<TableReader> reader = root.Table(key)) {
    read(*reader, out);
    reader->Finish();
  }
}

}  // namespace

const std::vector<std::string_view>& Channels() {
  static const std::vector<std::string_view> kChannels = {"sms", "voice", "email", "letter"};
  return kChannels;
}

const std::vector<std::string_view>& Kinds() {
  static const std::vector<std::string_view> kKinds = {"initial", "recurring", "praise"};
  return kKinds;
}

const std::vector<std::string_view>& Languages() {
  static const std::vector<std::string_view> kLanguages = {"en", "es", "ar", "bn", "fr", "ht", "hi",
                                                           "ja", "ko", "ne", "pl", "pt", "ru", "so",
                                                           "sw", "tl", "uk", "ur", "vi", "zh"};
  return kLanguages;
}

void ReadConfig(TableReader& root, Config* out) {
  root.Require({"district", "calendar"});
  ReadSection(root, "district", &out->district, ReadDistrict);
  for (TableReader& school : root.Tables("schools")) {
    SchoolConfig config;
    ReadSchool(school, &config);
    school.Finish();
    out->schools.push_back(std::move(config));
  }
  ReadSection(root, "database", &out->database, ReadDatabase);
  ReadSection(root, "logging", &out->logging, ReadLogging);
  ReadSection(root, "calendar", &out->calendar, ReadCalendar);
  ReadSection(root, "cadence", &out->cadence, ReadCadence);
  ReadSection(root, "audience", &out->audience, ReadAudience);
  ReadSection(root, "messages", &out->messages, ReadMessages);
  ReadSection(root, "contacts", &out->contacts, ReadContacts);
  ReadSection(root, "provider", &out->provider, ReadProvider);
  ReadSection(root, "http", &out->http, ReadHttp);
  ReadSection(root, "metrics", &out->metrics, ReadMetrics);
  ReadSection(root, "experiment", &out->experiment, ReadExperiment);
  ReadSection(root, "quality", &out->quality, ReadQuality);
  root.Finish();
}

void ReadDistrict(TableReader& reader, DistrictConfig* out) {
  reader.Require({"name", "timezone"});
  reader.String("name", &out->name);
  reader.String("timezone", &out->timezone);
  reader.String("phone", &out->phone);
  reader.String("default_language", &out->default_language);
}

void ReadSchool(TableReader& reader, SchoolConfig* out) {
  out->position = reader.position();
  reader.Require({"id"});
  reader.String("id", &out->id);
  reader.String("name", &out->name);
  reader.String("phone", &out->phone);
  reader.String("sender_name", &out->sender_name);
  reader.String("sender_role", &out->sender_role);
}

void ReadDatabase(TableReader& reader, DatabaseConfig* out) {
  reader.Forbid("password", kPasswordInline);
  reader.String("url", &out->url);
  reader.String("password_env", &out->password_env);
  reader.String("password_file", &out->password_file);
  reader.String("sis_url", &out->sis_url);
  reader.String("sis_schema", &out->sis_schema);
  reader.Int("statement_timeout_ms", &out->statement_timeout_ms, 1, kHourMs);
}

void ReadLogging(TableReader& reader, LoggingConfig* out) {
  reader.Choice("level", &out->level,
                {"trace", "debug", "info", "warn", "error", "critical", "off"});
}

void ReadAudience(TableReader& reader, AudienceConfig* out) {
  reader.StringList("schools", &out->schools);
  reader.StringList("grades", &out->grades);
}

void ReadContacts(TableReader& reader, ContactsConfig* out) {
  reader.Int("max_per_student", &out->max_per_student, 1, 10);
  if (reader.StringList("channel_order", &out->channel_order, Channels()) &&
      out->channel_order.empty()) {
    reader.sink()->Error(reader.Position("channel_order"),
                         reader.PathOf("channel_order") + ": must list at least one channel");
  }
  if (reader.StringList("sms_phone_types", &out->sms_phone_types) && out->sms_phone_types.empty()) {
    reader.sink()->Error(reader.Position("sms_phone_types"),
                         reader.PathOf("sms_phone_types") + ": must list at least one type");
  }
  reader.String("default_region", &out->default_region);
}

void ReadProvider(TableReader& reader, ProviderConfig* out) {
  reader.Forbid("auth_token", kTokenInline);
  reader.String("base_url", &out->base_url);
  reader.String("account_sid", &out->account_sid);
  reader.String("auth_token_env", &out->auth_token_env);
  reader.String("auth_token_file", &out->auth_token_file);
  reader.String("from_number", &out->from_number);
  reader.String("messaging_service_sid", &out->messaging_service_sid);
  reader.String("status_callback_url", &out->status_callback_url);
  reader.Double("rate_per_second", &out->rate_per_second, 0, kInfinity, true);
  reader.Int("concurrency", &out->concurrency, 1, 256);
  reader.Int("connect_timeout_ms", &out->connect_timeout_ms, 1, kHourMs);
  reader.Int("request_timeout_ms", &out->request_timeout_ms, 1, kHourMs);
  reader.Int("max_attempts", &out->max_attempts, 1, 20);
  reader.Int("backoff_initial_ms", &out->backoff_initial_ms, 1, kHourMs);
  reader.Int("backoff_max_ms", &out->backoff_max_ms, 1, kHourMs);
  reader.Int("relevance_deadline_hours", &out->relevance_deadline_hours, 1, 24 * 30);
  reader.Int("validity_period_s", &out->validity_period_s, 1, 36000);
  reader.Bool("machine_detection", &out->machine_detection);
  reader.Int("reconcile_grace_s", &out->reconcile_grace_s, 1, 3600);
  reader.String("ca_file", &out->ca_file);
}

void ReadHttp(TableReader& reader, HttpConfig* out) {
  reader.String("listen", &out->listen);
  reader.String("public_url", &out->public_url);
  reader.Int("max_body_bytes", &out->max_body_bytes, 1, 64 << 20);
  reader.Int("max_connections", &out->max_connections, 1, 100000);
  reader.Int("request_timeout_ms", &out->request_timeout_ms, 1, kHourMs);
}

void ReadMetrics(TableReader& reader, MetricsConfig* out) { reader.String("listen", &out->listen); }

void ReadExperiment(TableReader& reader, ExperimentConfig* out) {
  reader.Bool("enabled", &out->enabled);
  reader.Double("treatment_share", &out->treatment_share, 0, 1, true);
  reader.Int64("seed", &out->seed);
  reader.StringList("stratify_by", &out->stratify_by, {"school", "grade"});
  reader.Bool("assign_by_household", &out->assign_by_household);
}

void ReadQuality(TableReader& reader, QualityConfig* out) {
  reader.Int("max_absences_on_closures", &out->max_absences_on_closures, 0, kNoMax);
  reader.Double("max_absence_share_jump", &out->max_absence_share_jump, 0, 1, false);
  reader.Double("initial_absence_share_ceiling", &out->initial_absence_share_ceiling, 0, 1, false);
  reader.Double("max_enrolled_drop", &out->max_enrolled_drop, 0, 1, false);
  reader.Double("max_contacts_without_channel_share", &out->max_contacts_without_channel_share, 0,
                1, false);
}

}  // namespace nudged
