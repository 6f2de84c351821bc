// The acceptance checks of the schedule, on the real process and the example configuration:
// `nudged schedule --format csv` lists at least 6 waves, none on a closure, a blackout or a day
// outside send_weekdays, each gap inside the configured interval unless its reason says why.
// The configuration is read independently through the loader to check the output against it.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "config/loader.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::NudgedBinary;
using testing::RunProcess;
using testing::SourcePath;

const std::string kExample = SourcePath("config/nudged.example.toml");

// Splits one CSV record (RFC 4180: quoted fields may hold commas and doubled quotes).
std::vector<std::string> SplitCsvRecord(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

bool InAny(const std::vector<NamedDateRange>& ranges, Date date) {
  for (const auto& range : ranges) {
    if (range.Contains(date)) return true;
  }
  return false;
}

TEST_CASE("schedule --format csv on the example configuration meets the schedule rules") {
  LoadResult loaded = LoadConfigFile(kExample);
  REQUIRE(loaded.ok());
  const Config& config = *loaded.config;

  auto result = RunProcess({NudgedBinary(), "--config", kExample, "schedule", "--format", "csv"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  std::istringstream lines(result.out);
  std::string line;
  REQUIRE(std::getline(lines, line));
  CHECK(line == "wave,date,kind,marking_period,reason");

  std::vector<Date> dates;
  while (std::getline(lines, line)) {
    INFO(line);
    const auto fields = SplitCsvRecord(line);
    REQUIRE(fields.size() == 5);
    CHECK(fields[0] == std::to_string(dates.size() + 1));
    CHECK(fields[2] == (dates.empty() ? "initial" : "recurring"));
    CHECK_FALSE(fields[4].empty());
    auto date = ParseIsoDate(fields[1]);
    REQUIRE(date);
    CHECK_FALSE(InAny(config.calendar.closures, *date));
    CHECK_FALSE(InAny(config.cadence.blackouts, *date));
    CHECK(config.cadence.send_weekdays.Contains(*date));
    CHECK(config.calendar.instructional_weekdays.Contains(*date));
    if (!dates.empty()) {
      const auto gap_days = (*date - dates.back()).count();
      const bool inside = gap_days >= 7 * config.cadence.interval_min_weeks &&
                          gap_days <= 7 * config.cadence.interval_max_weeks;
      if (!inside) CHECK(fields[4].find("window") != std::string::npos);
      CHECK(gap_days > 0);
    }
    dates.push_back(*date);
  }
  CHECK(dates.size() >= 6);
}

TEST_CASE("schedule --format json carries the same waves with their send windows") {
  auto csv = RunProcess({NudgedBinary(), "--config", kExample, "schedule", "--format", "csv"});
  auto json = RunProcess({NudgedBinary(), "--config", kExample, "schedule", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  const auto document = nlohmann::json::parse(json.out);
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);  // header
  size_t index = 0;
  while (std::getline(lines, line)) {
    REQUIRE(index < document.at("waves").size());
    const auto& wave = document["waves"][index++];
    const auto fields = SplitCsvRecord(line);
    CHECK(wave.at("date") == fields[1]);
    CHECK(wave.at("reason") == fields[4]);
    const std::string start = wave.at("send_window").at("start");
    CHECK(start.rfind(fields[1] + "T", 0) == 0);
  }
  CHECK(index == document["waves"].size());
}

TEST_CASE("schedule --format text is a table with a summary for people") {
  auto text = RunProcess({NudgedBinary(), "--config", kExample, "schedule"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("instructional days") != std::string::npos);
  CHECK(text.out.find("initial") != std::string::npos);
  CHECK(text.out.find("recurring") != std::string::npos);
}

}  // namespace
}  // namespace nudged
