#include "config/loader.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/subprocess.h"

namespace nudged {
namespace {

const std::string kExamplePath = testing::SourcePath("config/nudged.example.toml");

// The smallest valid configuration: only the required keys.
constexpr std::string_view kMinimal = R"(
[district]
name = "Test District"
timezone = "America/Chicago"

[calendar]
first_day = 2026-09-08
last_day = 2027-06-25
)";

std::vector<std::string> Lines(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : result.diagnostics) lines.push_back(diagnostic.ToString());
  return lines;
}

std::vector<std::string> Errors(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Diagnostic::Severity::kError) lines.push_back(diagnostic.ToString());
  }
  return lines;
}

TEST_CASE("The example configuration loads without errors or warnings", "[config]") {
  const LoadResult result = LoadConfigFile(kExamplePath);
  INFO(Catch::Detail::stringify(Lines(result)));
  REQUIRE(result.ok());
  CHECK(result.diagnostics.empty());
  const Config& config = *result.config;
  CHECK(config.district.timezone == "America/New_York");
  CHECK(config.schools.size() == 3);
  CHECK(config.calendar.first_day == MakeDate(2026, 9, 8));
  CHECK(config.calendar.last_day == MakeDate(2027, 6, 25));
  CHECK(config.calendar.closures.size() == 8);
  REQUIRE(config.calendar.marking_periods.size() == 4);
  CHECK(config.calendar.marking_periods[3].name == "Q4");
  CHECK(config.calendar.marking_periods[0].position.line > 1);
  CHECK(config.cadence.min_waves_position.line > 1);
  CHECK(config.cadence.blackouts.size() == 2);
  CHECK(config.provider.from_number == "+15085550199");
  REQUIRE(config.messages.templates.size() == 1);
  CHECK(config.messages.templates[0].channel == "sms");
  CHECK(config.messages.templates[0].kind == "praise");
}

TEST_CASE("Omitted keys take their documented defaults", "[config]") {
  const LoadResult result = LoadConfigString(kMinimal, "minimal.toml");
  INFO(Catch::Detail::stringify(Lines(result)));
  REQUIRE(result.ok());
  const Config& config = *result.config;
  const Config defaults;
  CHECK(config.district.default_language == "en");
  CHECK(config.schools.empty());
  CHECK(config.database.url == "postgresql:///nudged");
  CHECK(config.database.sis_schema == "sis");
  CHECK(config.logging.level == "info");
  CHECK(config.calendar.instructional_weekdays == WeekdaySet::Weekdays());
  CHECK(config.calendar.closures.empty());
  CHECK(config.cadence.first_wave_after_instructional_days == 15);
  CHECK(config.cadence.interval_min_weeks == 4);
  CHECK(config.cadence.interval_target_weeks == 5);
  CHECK(config.cadence.interval_max_weeks == 6);
  CHECK(config.cadence.send_weekdays == defaults.cadence.send_weekdays);
  CHECK(config.cadence.send_window_start == LocalTime(16, 0));
  CHECK(config.cadence.send_window_end == LocalTime(19, 0));
  CHECK(config.cadence.min_waves == 6);
  CHECK(config.messages.praise_threshold == 1);
  CHECK(config.messages.comparison == "school");
  CHECK(config.messages.languages == std::vector<std::string>{"en", "es"});
  CHECK(config.contacts.max_per_student == 2);
  CHECK(config.contacts.channel_order.size() == 4);
  CHECK(config.provider.base_url == "https://api.twilio.com");
  CHECK(config.provider.auth_token_env == "TWILIO_AUTH_TOKEN");
  CHECK(config.provider.rate_per_second == 1.0);
  CHECK(config.provider.max_attempts == 5);
  CHECK(config.http.listen == "127.0.0.1:8080");
  CHECK(config.metrics.listen == "127.0.0.1:9464");
  CHECK_FALSE(config.experiment.enabled);
  CHECK(config.experiment.treatment_share == 0.5);
  CHECK(config.quality.max_absence_share_jump == defaults.quality.max_absence_share_jump);
}

TEST_CASE("Several problems are all reported in one run, each at its position", "[config]") {
  const std::string text = std::string(kMinimal) +                                // lines 1-8
                           "[cadence]\n"                                          // 9
                           "min_wavs = 6\n"                                       // 10
                           "send_weekdays = [\"Tues\"]\n"                         // 11
                           "interval_weeks = { min = 6, target = 5, max = 6 }\n"  // 12
                           "[provider]\n"                                         // 13
                           "auth_token = \"abc\"\n"                               // 14
                           "rate_per_second = -1\n";                              // 15
  const LoadResult result = LoadConfigString(text, "many.toml");
  CHECK_FALSE(result.ok());
  CHECK_FALSE(result.config.has_value());
  const std::vector<std::string> errors = Errors(result);
  INFO(Catch::Detail::stringify(errors));
  REQUIRE(errors.size() == 5);
  const std::vector<std::string> expected = {
      "many.toml:11:18: error: cadence.send_weekdays[0]: 'Tues' is not one of",
      "many.toml:15:19: error: provider.rate_per_second: -1 is out of range",
      "many.toml:14:14: error: provider.auth_token: secrets must not be written",
      "many.toml:10:1: error: unknown key 'cadence.min_wavs' (did you mean 'min_waves'?)",
      "many.toml:12:18: error: cadence.interval_weeks: must satisfy 1 <= min <= target <= max",
  };
  for (const std::string& prefix : expected) {
    INFO(prefix);
    CHECK(std::any_of(errors.begin(), errors.end(),
                      [&](const std::string& line) { return line.starts_with(prefix); }));
  }
}

struct Case {
  const char* name;
  std::string text;
  const char* expected;  // prefix of one error line, "" when the text must load cleanly
};

TEST_CASE("Single defects are reported at their key or value", "[config]") {
  const std::string base(kMinimal);
  const std::vector<Case> cases = {
      {"misspelled weekday suggestion", base + "[cadence]\nsend_weekdays = [\"Tues\", \"Wed\"]\n",
       "t.toml:10:18: error: cadence.send_weekdays[0]: 'Tues' is not one of: Mon, Tue, Wed, "
       "Thu, Fri, Sat, Sun (did you mean 'Tue'?)"},
      {"wrong type", base + "[http]\nmax_connections = \"many\"\n",
       "t.toml:10:19: error: http.max_connections: expected an integer, found a string"},
      {"date given as string",
       base + "[[calendar.closures]]\nname = \"x\"\nfrom = \"2026-10-12\"\nto = 2026-10-12\n",
       "t.toml:11:8: error: calendar.closures[0].from: expected a date, found a string"},
      {"unknown section", base + "[districts]\nname = \"x\"\n",
       "t.toml:9:2: error: unknown key 'districts' (did you mean 'district'?)"},
      {"syntax error", base + "[http\n", "t.toml:9:"},
      {"send window too early",
       base + "[cadence]\nsend_window = { start = \"07:00\", end = \"19:00\" }\n",
       "t.toml:10:25: error: cadence.send_window.start: 07:00 is before 08:00"},
      {"template language", base + "[messages.templates.sms.fr.initial]\nbody = \"x\"\n",
       "t.toml:9:1: error: template for language 'fr' which is not in messages.languages"},
      {"missing timezone",
       "[district]\nname = \"x\"\n[calendar]\nfirst_day = 2026-09-08\nlast_day = 2027-06-25\n",
       "t.toml:1:1: error: district.timezone: missing required key"},
      {"float where integer wanted", base + "[contacts]\nmax_per_student = 2.5\n",
       "t.toml:10:19: error: contacts.max_per_student: expected an integer, found a floating-point "
       "number"},
      {"integer accepted as float", base + "[provider]\nrate_per_second = 3\n", ""},
      {"messaging service instead of number",
       base + "[provider]\nmessaging_service_sid = \"MG0123456789abcdef0123456789abcdef\"\n", ""},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const LoadResult result = LoadConfigString(c.text, "t.toml");
      const std::vector<std::string> errors = Errors(result);
      INFO(Catch::Detail::stringify(errors));
      if (std::string_view(c.expected).empty()) {
        CHECK(result.ok());
      } else {
        CHECK_FALSE(result.ok());
        CHECK(std::any_of(errors.begin(), errors.end(),
                          [&](const std::string& line) { return line.starts_with(c.expected); }));
      }
    }
  }
}

TEST_CASE("Unreadable paths give one error at 1:1", "[config]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/nonexistent/nudged.toml", "/nonexistent/nudged.toml:1:1: error: cannot read "},
      {testing::SourceDir(), testing::SourceDir() + ":1:1: error: cannot read "},
      {"/dev/zero", "/dev/zero:1:1: error: cannot read /dev/zero: not a regular file"},
  };
  for (const auto& [path, prefix] : cases) {
    const LoadResult result = LoadConfigFile(path);
    CHECK_FALSE(result.ok());
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].ToString().starts_with(prefix));
  }
}

TEST_CASE("Marking periods come out sorted by start", "[config]") {
  const std::string text = std::string(kMinimal) +
                           "[[calendar.marking_periods]]\nname = \"S2\"\nfrom = 2027-02-01\n"
                           "to = 2027-06-25\n[[calendar.marking_periods]]\nname = \"S1\"\n"
                           "from = 2026-09-08\nto = 2027-01-29\n";
  const LoadResult result = LoadConfigString(text, "t.toml");
  REQUIRE(result.ok());
  REQUIRE(result.config->calendar.marking_periods.size() == 2);
  CHECK(result.config->calendar.marking_periods[0].name == "S1");
  CHECK(result.config->calendar.marking_periods[1].position.line == 9);
}

}  // namespace
}  // namespace nudged
