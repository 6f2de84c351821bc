// `nudged sync` on the real Ed-Fi Grand Bend sample: the absence days it records equal a count
// made independently here from StudentSchoolAttendance.xml (plain string search, the category
// rules of the loader's map, Calendar::IsInstructional), at every wave of the 2021-22 schedule,
// and every event on a weekend or closure is reported as an anomaly instead of being counted.
//
// The sample is loaded into its own mirror schema (kSchema) and schema "nudged" is recreated,
// so this file depends on nothing another test left behind.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "config/loader.h"
#include "tests/support/files.h"
#include "tests/support/pg_mirror.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::ReadFile;
using testing::TestDsn;

constexpr const char* kSchema = "sync_grand_bend";

std::string DataDir() {
  const char* dir = std::getenv("NUDGED_EDFI_DATA_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  return testing::SourcePath("../shared/data/edfi-grand-bend");
}

// One attendance event of the XML. duration < 0 when the event has none.
struct XmlEvent {
  std::string student_id;
  Date date;
  std::string category;
  double duration = -1;
};

// Returns the text between `open` and `close` inside `block`, or "".
std::string Between(std::string_view block, std::string_view open, std::string_view close) {
  const size_t start = block.find(open);
  if (start == std::string_view::npos) return "";
  const size_t end = block.find(close, start + open.size());
  return std::string(block.substr(start + open.size(), end - start - open.size()));
}

std::vector<XmlEvent> ParseEvents(const std::string& xml) {
  std::vector<XmlEvent> events;
  const std::string open = "<StudentSchoolAttendanceEvent>";
  const std::string close = "</StudentSchoolAttendanceEvent>";
  for (size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
    const std::string_view block(xml.data() + at, xml.find(close, at) - at);
    XmlEvent event;
    event.student_id = Between(block, "<StudentUniqueId>", "</StudentUniqueId>");
    event.date = *ParseIsoDate(Between(block, "<EventDate>", "</EventDate>"));
    const std::string uri =
        Between(block, "<AttendanceEventCategory>", "</AttendanceEventCategory>");
    event.category = uri.substr(uri.find('#') + 1);
    const std::string duration = Between(block, "<EventDuration>", "</EventDuration>");
    if (!duration.empty()) event.duration = std::stod(duration);
    events.push_back(event);
  }
  return events;
}

// The category map scripts/load-edfi-sample.sql installs: absence categories and the fraction
// of a day an event without a duration counts. Tardy is not an absence.
const std::map<std::string, double> kAbsenceDefaults = {
    {"Excused Absence", 1.0}, {"Unexcused Absence", 1.0}, {"Partial", 0.5}};

// Absence days in [first_day, through]: per student and instructional day, durations summed
// and capped at 1. The sample's enrollments cover every event, so enrollment plays no part.
double CountAbsences(const std::vector<XmlEvent>& events, const Calendar& calendar, Date through) {
  std::map<std::pair<std::string, Date>, double> days;
  for (const XmlEvent& event : events) {
    auto rule = kAbsenceDefaults.find(event.category);
    if (rule == kAbsenceDefaults.end()) continue;
    if (event.date > through || !calendar.IsInstructional(event.date)) continue;
    days[{event.student_id, event.date}] += event.duration >= 0 ? event.duration : rule->second;
  }
  double total = 0;
  for (const auto& [key, amount] : days) total += std::min(amount, 1.0);
  return total;
}

// Runs `nudged sync --as-of` and returns the id of the run it recorded.
std::int64_t Sync(const std::string& config, Date as_of) {
  const auto result = testing::RunProcess(
      {testing::NudgedBinary(), "--config", config, "sync", "--as-of", FormatIsoDate(as_of)});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::StartsWith("sync "));
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  return tx.exec1("SELECT max(sync_id) FROM nudged.sync_runs WHERE status = 'succeeded'")[0]
      .as<std::int64_t>();
}

TEST_CASE("Grand Bend: synced absence days equal an independent count from the XML",
          "[sync][grand-bend]") {
  const std::string config_path = testing::LoadGrandBend(kSchema, DataDir());
  const LoadResult loaded = LoadConfigFile(config_path);
  REQUIRE(loaded.ok());
  const Calendar calendar(loaded.config->calendar, loaded.config->cadence);
  const Schedule schedule = BuildSchedule(loaded.config->calendar, loaded.config->cadence);
  REQUIRE(schedule.waves.size() >= 2);
  const std::vector<XmlEvent> events =
      ParseEvents(ReadFile(DataDir() + "/StudentSchoolAttendance.xml"));
  REQUIRE(events.size() > 1000);

  pqxx::connection connection{TestDsn()};
  // Shape: sync on each wave date (that wave is then "next") and check the three sums.
  for (size_t i = 0; i < schedule.waves.size(); ++i) {
    const Wave& wave = schedule.waves[i];
    INFO("wave " << wave.number << " on " << FormatIsoDate(wave.date));
    const std::int64_t sync_id = Sync(config_path, wave.date);
    pqxx::work tx{connection};
    const pqxx::row sums = tx.exec_params1(
        "SELECT sum(absences_total)::float8, sum(absences_through_next)::float8, "
        "coalesce(sum(absences_through_previous), 0)::float8 "
        "FROM nudged.sync_snapshots WHERE sync_id = $1",
        sync_id);
    CHECK(sums[0].as<double>() == CountAbsences(events, calendar, wave.date));
    CHECK(sums[1].as<double>() == CountAbsences(events, calendar, wave.count_through));
    const Date previous =
        i == 0 ? calendar.first_day() - std::chrono::days(1) : schedule.waves[i - 1].count_through;
    CHECK(sums[2].as<double>() == CountAbsences(events, calendar, previous));
  }
}

TEST_CASE("Grand Bend: every event on a weekend or closure is an anomaly, not a count",
          "[sync][grand-bend]") {
  const std::string config_path = testing::LoadGrandBend(kSchema, DataDir());
  const LoadResult loaded = LoadConfigFile(config_path);
  REQUIRE(loaded.ok());
  const Calendar calendar(loaded.config->calendar, loaded.config->cadence);
  std::set<std::tuple<std::string, std::string, std::string>> expected;
  for (const XmlEvent& event : ParseEvents(ReadFile(DataDir() + "/StudentSchoolAttendance.xml"))) {
    if (!calendar.IsInstructional(event.date) && event.date <= calendar.last_day()) {
      expected.insert({event.student_id, FormatIsoDate(event.date), event.category});
    }
  }
  REQUIRE_FALSE(expected.empty());

  const std::int64_t sync_id = Sync(config_path, calendar.last_day());
  pqxx::connection connection{TestDsn()};
  pqxx::work tx{connection};
  std::set<std::tuple<std::string, std::string, std::string>> reported;
  for (const auto& row :
       tx.exec_params("SELECT student_id, event_date::text, category FROM nudged.sync_anomalies "
                      "WHERE sync_id = $1 AND kind = 'non_instructional_day'",
                      sync_id)) {
    reported.insert({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  CHECK(reported == expected);
  CHECK(tx.exec_params1("SELECT count(*) FROM nudged.sync_anomalies "
                        "WHERE sync_id = $1 AND kind = 'outside_enrollment'",
                        sync_id)[0]
            .as<int>() == 0);
  CHECK(tx.exec_params1("SELECT counts -> 'anomalies' ->> 'non_instructional_day' "
                        "FROM nudged.sync_runs WHERE sync_id = $1",
                        sync_id)[0]
            .as<size_t>() == expected.size());
}

}  // namespace
}  // namespace nudged
