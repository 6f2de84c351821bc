// The typed configuration of nudged, as loaded from the TOML file that district IT edits.
//
// Each module receives only its own sub-struct. Every field documents its meaning and its
// default (the value used when the key is left out). Values are validated once, at load
// (config/loader.h); code that receives a Config may rely on the documented invariants.
// Plain values, safe to copy and to share read-only between threads.

#ifndef NUDGED_CONFIG_CONFIG_H_
#define NUDGED_CONFIG_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "config/diagnostic.h"
#include "nudged/date.h"

namespace nudged {

// An inclusive range of dates with a name people recognise ("Winter break", "Q2").
struct NamedDateRange {
  std::string name;
  Date from;
  Date to;
  // Where the range was written, for diagnostics about it. Unknown in hand-built configs.
  SourcePosition position;

  bool Contains(Date date) const { return from <= date && date <= to; }
};

// [calendar]: the school year. Key names are fixed (DESIGN.md); outside tools write them.
struct CalendarConfig {
  // First and last day of the school year. Required. Invariant: first_day <= last_day.
  Date first_day;
  Date last_day;
  // Weekdays school is normally in session. Default: Mon to Fri. Invariant: not empty.
  WeekdaySet instructional_weekdays = WeekdaySet::Weekdays();
  // Dates that are instructional even on a weekend or inside a closure. Default: none.
  // Invariant: each inside [first_day, last_day].
  std::vector<Date> makeup_days;
  // Vacations, holidays and emergency days: not instructional. Default: none.
  // Invariant: from <= to, inside the school year.
  std::vector<NamedDateRange> closures;
  // Marking periods (quarters, trimesters). Default: none. Invariant: from <= to, inside
  // the school year, sorted by `from`, not overlapping, names unique.
  std::vector<NamedDateRange> marking_periods;
};

// [cadence]: when waves go out. Key names are fixed (DESIGN.md).
struct CadenceConfig {
  // Wave 1 is the first send day strictly after this instructional day number. Default: 15.
  // Invariant: >= 1.
  int first_wave_after_instructional_days = 15;
  // Weeks between waves. Defaults: 4, 5, 6. Invariant: 1 <= min <= target <= max.
  int interval_min_weeks = 4;
  int interval_target_weeks = 5;
  int interval_max_weeks = 6;
  // Prefer the first send day after a marking period ends, when it is inside the interval
  // window. Default: true.
  bool align_to_marking_periods = true;
  // Weekdays a wave may go out. Default: Tue, Wed, Thu. Invariant: not empty.
  WeekdaySet send_weekdays = [] {
    WeekdaySet set;
    set.Insert(std::chrono::Tuesday);
    set.Insert(std::chrono::Wednesday);
    set.Insert(std::chrono::Thursday);
    return set;
  }();
  // No wave in the last N instructional days of the year. Default: 10. Invariant: >= 0.
  int no_waves_in_last_instructional_days = 10;
  // Fewer waves in the year than this is a warning. Default: 6. Invariant: >= 0.
  int min_waves = 6;
  SourcePosition min_waves_position;
  // A student needs this many instructional days of enrollment to get a message. Default: 10.
  int min_enrolled_instructional_days = 10;
  // Counts stop this many instructional days before the last one before a wave, so late
  // corrections in the SIS are in. Default: 1. Invariant: >= 0.
  int correction_grace_instructional_days = 1;
  // Messages go out in [start, end) local time. Default: 16:00 to 19:00.
  // Invariant: 08:00 <= start < end <= 21:00.
  LocalTime send_window_start{16, 0};
  LocalTime send_window_end{19, 0};
  // Local times of the nightly SIS sync and of planning the day's wave. Defaults: 02:00, 06:00.
  LocalTime sync_at{2, 0};
  LocalTime plan_at{6, 0};
  // Days no wave may go out (other district mailings). Default: none.
  std::vector<NamedDateRange> blackouts;
};

// [district]: who sends the messages.
struct DistrictConfig {
  // Name shown in messages and logs. Required, not empty.
  std::string name;
  // IANA time zone of every local date and time in this file ("America/New_York").
  // Required. Invariant: known to the time-zone database.
  std::string timezone;
  // Main district phone number, for caregivers' questions. Default: empty (none).
  std::string phone;
  // Language used when a contact has no usable preferred language. Default: "en".
  // Invariant: one of messages.languages.
  std::string default_language = "en";
};

// One [[schools]] entry: how a school signs its messages.
struct SchoolConfig {
  // School id exactly as in the SIS mirror. Required. Invariant: unique, not empty.
  std::string id;
  // Name shown in messages. Default: empty (the SIS name is used).
  std::string name;
  // Phone caregivers are invited to call. Default: empty (district phone is used).
  std::string phone;
  // Signature of the message, e.g. "Ms. Rivera", "Principal". Default: empty.
  std::string sender_name;
  std::string sender_role;
  SourcePosition position;
};

// [database]: where nudged keeps its state and where it reads the SIS mirror.
struct DatabaseConfig {
  // libpq URL of the state database. Default: "postgresql:///nudged" (local socket).
  // Invariant: carries no password (see password_env / password_file).
  std::string url = "postgresql:///nudged";
  // Name of an environment variable, or path of a file (relative paths are taken inside
  // $CREDENTIALS_DIRECTORY), holding the database password. Default: empty (none; libpq
  // may still use ~/.pgpass or peer authentication). Invariant: not both set.
  std::string password_env;
  std::string password_file;
  // libpq URL of the read-only SIS mirror. Default: empty, meaning the same as `url`.
  std::string sis_url;
  // Schema of the SIS mirror views. Default: "sis".
  std::string sis_schema = "sis";
  // Statement timeout for every query, in milliseconds. Default: 30000. Invariant: > 0.
  int statement_timeout_ms = 30000;
};

// [logging].
struct LoggingConfig {
  // Minimum spdlog level: trace, debug, info, warn, error, critical or off. Default: "info".
  std::string level = "info";
};

// [audience]: which students get messages.
struct AudienceConfig {
  // School ids included. Default: empty, meaning all schools. Invariant: each is a
  // [[schools]] id when schools are listed.
  std::vector<std::string> schools;
  // Grade levels included, as in the SIS ("K", "1", ... "12"). Default: empty (all).
  std::vector<std::string> grades;
};

// A template override, [messages.templates.<channel>.<language>.<kind>].
struct TemplateOverride {
  // Channel: sms, voice, email or letter. Language: one of messages.languages.
  // Kind: initial, recurring or praise.
  std::string channel;
  std::string language;
  std::string kind;
  // The Mustache text itself, or the path of a file holding it. Exactly one is set.
  std::string body;
  std::string file;
  SourcePosition position;
};

// [messages]: what the messages say.
struct MessagesConfig {
  // Absences in the period at or below this get the praise template. Default: 1.
  // Invariant: >= 0.
  int praise_threshold = 1;
  // Whether messages carry an attendance goal. Default: false.
  bool goal_enabled = false;
  // The goal, as absences the student should stay under for the next period. Default: 0,
  // which lets the planner derive it from the period's count. Invariant: >= 0.
  int goal_days = 0;
  // Which average the message compares with: "school", "district" or "none".
  // Default: "school".
  std::string comparison = "school";
  // Add the note that absences for illness count too. Default: true.
  bool illness_note = true;
  // Languages messages are written in. Default: ["en", "es"]. Invariant: not empty, each
  // a supported language code, no duplicates.
  std::vector<std::string> languages = {"en", "es"};
  // Overrides of the built-in templates. Default: none.
  std::vector<TemplateOverride> templates;
};

// [contacts]: who of a student's caregivers is reached, and how.
struct ContactsConfig {
  // Caregivers reached per student, in SIS priority order. Default: 2. Invariant: 1..10.
  int max_per_student = 2;
  // Channels tried in order; a contact gets the first it can receive.
  // Default: sms, voice, email, letter. Invariant: each from that set, no duplicates.
  std::vector<std::string> channel_order = {"sms", "voice", "email", "letter"};
  // SIS phone types that may receive SMS. Default: ["Mobile"]. Invariant: not empty.
  std::vector<std::string> sms_phone_types = {"Mobile"};
  // Region for phone numbers written without a country code (ISO 3166). Default: "US".
  std::string default_region = "US";
};

// [provider]: the Twilio-compatible messaging API.
struct ProviderConfig {
  // Base URL of the API. Default: "https://api.twilio.com". Invariant: http(s) URL.
  std::string base_url = "https://api.twilio.com";
  // Account SID ("AC" + 32 hex digits). Default: empty (needed only to send).
  std::string account_sid;
  // Environment variable, or credential file, holding the auth token.
  // Defaults: "TWILIO_AUTH_TOKEN", empty. Invariant: not both set.
  std::string auth_token_env = "TWILIO_AUTH_TOKEN";
  std::string auth_token_file;
  // Sender: an E.164 From number, or a Messaging Service SID ("MG" + 32 hex digits).
  // Default: empty. Invariant: not both set.
  std::string from_number;
  std::string messaging_service_sid;
  // Public URL the provider posts delivery status to. Default: empty (no callbacks).
  std::string status_callback_url;
  // Messages per second, never exceeded. Default: 1.0. Invariant: > 0.
  double rate_per_second = 1.0;
  // Requests in flight at once. Default: 4. Invariant: 1..256.
  int concurrency = 4;
  // Connect and whole-request timeouts, in milliseconds. Defaults: 5000, 15000.
  // Invariant: > 0.
  int connect_timeout_ms = 5000;
  int request_timeout_ms = 15000;
  // Attempts per message, first one included. Default: 5. Invariant: 1..20.
  int max_attempts = 5;
  // Exponential backoff with full jitter between attempts. Defaults: 1000, 60000 ms.
  // Invariant: 0 < initial <= max.
  int backoff_initial_ms = 1000;
  int backoff_max_ms = 60000;
  // A message not sent this many hours after its wave began expires. Default: 48.
  // Invariant: > 0.
  int relevance_deadline_hours = 48;
  // Provider-side ValidityPeriod, in seconds. Default: 14400. Invariant: 1..36000.
  int validity_period_s = 14400;
  // Ask for answering-machine detection on voice calls. Default: false.
  bool machine_detection = false;
  // How long after an ambiguous attempt a message the provider does not list is sent again,
  // in seconds. It must exceed request_timeout_ms: a request still under way may yet be
  // accepted. Default: 60. Invariant: 1..3600.
  int reconcile_grace_s = 60;
  // PEM file of the CA certificates trusted for base_url's certificate, instead of the
  // system's store (a private CA, or a test's). Default: empty (the system's store).
  std::string ca_file;
};

// [http]: the webhook listener (status callbacks, inbound STOP/HELP).
struct HttpConfig {
  // Address and port to listen on. Default: "127.0.0.1:8080". Invariant: HOST:PORT.
  std::string listen = "127.0.0.1:8080";
  // Public URL the provider reaches the listener at, used for signature checks.
  // Default: empty (status_callback_url is used). Invariant: empty or http(s) URL.
  std::string public_url;
  // Largest request body accepted, in bytes. Default: 65536. Invariant: > 0.
  int max_body_bytes = 65536;
  // Connections served at once. Default: 64. Invariant: > 0.
  int max_connections = 64;
  // Time allowed for a whole request, in milliseconds. Default: 10000. Invariant: > 0.
  int request_timeout_ms = 10000;
};

// [metrics]: the Prometheus listener.
struct MetricsConfig {
  // Address and port. Default: "127.0.0.1:9464". Invariant: HOST:PORT. Empty disables it.
  std::string listen = "127.0.0.1:9464";
};

// [experiment]: the randomized holdout.
struct ExperimentConfig {
  // Whether part of the students is held out. Default: false.
  bool enabled = false;
  // Share of students (or households) assigned to get messages. Default: 0.5.
  // Invariant: 0 < share < 1.
  double treatment_share = 0.5;
  // Seed of the assignment, so it can be reproduced. Default: 0.
  std::int64_t seed = 0;
  // Assignment is balanced within these strata: "school", "grade". Default: both.
  std::vector<std::string> stratify_by = {"school", "grade"};
  // Siblings share one assignment. Default: true.
  bool assign_by_household = true;
};

// [quality]: thresholds of the data-quality gate run before each wave.
struct QualityConfig {
  // Absences recorded on closure days allowed before the wave is held. Default: 0.
  // Invariant: >= 0.
  int max_absences_on_closures = 0;
  // Largest rise of the absence share against the previous wave. Default: 0.10.
  double max_absence_share_jump = 0.10;
  // Largest absence share before the first wave. Default: 0.25.
  double initial_absence_share_ceiling = 0.25;
  // Largest drop of enrolled students against the previous sync, as a share. Default: 0.10.
  double max_enrolled_drop = 0.10;
  // Largest share of contacts without a usable channel. Default: 0.20.
  // Invariant (all shares): in [0, 1].
  double max_contacts_without_channel_share = 0.20;
};

// The whole configuration.
struct Config {
  DistrictConfig district;
  std::vector<SchoolConfig> schools;
  DatabaseConfig database;
  LoggingConfig logging;
  CalendarConfig calendar;
  CadenceConfig cadence;
  AudienceConfig audience;
  MessagesConfig messages;
  ContactsConfig contacts;
  ProviderConfig provider;
  HttpConfig http;
  MetricsConfig metrics;
  ExperimentConfig experiment;
  QualityConfig quality;
};

}  // namespace nudged

#endif  // NUDGED_CONFIG_CONFIG_H_
