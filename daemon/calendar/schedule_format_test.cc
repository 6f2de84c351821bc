#include "calendar/schedule_format.h"

#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "calendar/test_configs.h"

namespace nudged {
namespace {

using testing::D;

// Two waves straddling the end of DST, the second with fields that need CSV quoting.
Schedule TwoWaves() {
  Schedule schedule;
  schedule.waves = {
      {1, D(2026, 9, 29), WaveKind::kInitial, "Q1",
       "first send day after instructional day 15 (2026-09-28)", D(2026, 9, 25)},
      {2, D(2026, 11, 10), WaveKind::kRecurring, "Q2, \"late\"",
       "target 2026-11-03 fell in Break, long; moved to 2026-11-10", D(2026, 11, 6)},
  };
  schedule.warnings = {"only 2 waves fit in the school year; min_waves is 6"};
  schedule.instructional_days = 40;
  return schedule;
}

TEST_CASE("ParseScheduleFormat accepts exactly text, csv and json") {
  CHECK(ParseScheduleFormat("text") == ScheduleFormat::kText);
  CHECK(ParseScheduleFormat("csv") == ScheduleFormat::kCsv);
  CHECK(ParseScheduleFormat("json") == ScheduleFormat::kJson);
  CHECK_FALSE(ParseScheduleFormat("CSV"));
  CHECK_FALSE(ParseScheduleFormat(""));
}

TEST_CASE("CSV has the fixed header and RFC 4180 quoting") {
  CHECK(FormatScheduleCsv(TwoWaves()) ==
        "wave,date,kind,marking_period,reason\n"
        "1,2026-09-29,initial,Q1,first send day after instructional day 15 (2026-09-28)\n"
        "2,2026-11-10,recurring,\"Q2, \"\"late\"\"\",\"target 2026-11-03 fell in Break, long; "
        "moved to 2026-11-10\"\n");
  CHECK(FormatScheduleCsv(Schedule{}) == "wave,date,kind,marking_period,reason\n");
}

TEST_CASE("JSON carries every field and send windows with their offsets") {
  const date::time_zone& zone = *date::locate_zone("America/New_York");
  auto json = nlohmann::json::parse(
      FormatScheduleJson(TwoWaves(), zone, LocalTime(16, 0), LocalTime(19, 0)));
  REQUIRE(json["waves"].size() == 2);
  const auto& first = json["waves"][0];
  CHECK(first["wave"] == 1);
  CHECK(first["date"] == "2026-09-29");
  CHECK(first["weekday"] == "Tue");
  CHECK(first["kind"] == "initial");
  CHECK(first["marking_period"] == "Q1");
  CHECK(first["reason"] == "first send day after instructional day 15 (2026-09-28)");
  CHECK(first["count_through"] == "2026-09-25");
  CHECK(first["send_window"]["start"] == "2026-09-29T16:00:00-04:00");
  CHECK(first["send_window"]["end"] == "2026-09-29T19:00:00-04:00");
  const auto& second = json["waves"][1];
  CHECK(second["kind"] == "recurring");
  CHECK(second["marking_period"] == "Q2, \"late\"");
  CHECK(second["send_window"]["start"] == "2026-11-10T16:00:00-05:00");
  CHECK(json["warnings"] ==
        nlohmann::json::array({"only 2 waves fit in the school year; min_waves is 6"}));
  CHECK(json["instructional_days"] == 40);
  CHECK(json["last_allowed_wave_date"].is_null());
  Schedule with_cut_off = TwoWaves();
  with_cut_off.last_allowed_wave_date = D(2026, 12, 4);
  CHECK(nlohmann::json::parse(FormatScheduleJson(with_cut_off, zone, LocalTime(16, 0),
                                                 LocalTime(19, 0)))["last_allowed_wave_date"] ==
        "2026-12-04");
}

TEST_CASE("Text has a summary line, an aligned table and the warnings") {
  const date::time_zone& zone = *date::locate_zone("America/New_York");
  Schedule schedule = TwoWaves();
  schedule.last_allowed_wave_date = D(2027, 6, 11);
  std::istringstream text(FormatScheduleText(schedule, testing::District2026(), zone,
                                             LocalTime(16, 0), LocalTime(19, 30)));
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  REQUIRE(lines.size() == 8);
  CHECK(lines[0] ==
        "School year 2026-09-08 to 2027-06-25: 40 instructional days, 2 waves, sent "
        "16:00-19:30 America/New_York; no wave after 2027-06-11");
  CHECK(lines[1].empty());
  CHECK(lines[2] == "wave  date        day  kind       period      count through  reason");
  CHECK(lines[3] ==
        "   1  2026-09-29  Tue  initial    Q1          2026-09-25     first send day after "
        "instructional day 15 (2026-09-28)");
  CHECK(lines[4] ==
        "   2  2026-11-10  Tue  recurring  Q2, \"late\"  2026-11-06     target 2026-11-03 fell in "
        "Break, long; moved to 2026-11-10");
  CHECK(lines[5].empty());
  CHECK(lines[6] == "Warnings:");
  CHECK(lines[7] == "  - only 2 waves fit in the school year; min_waves is 6");
}

}  // namespace
}  // namespace nudged
