// Implementation details: the [calendar] and [cadence] key names are fixed by DESIGN.md
// because tools outside nudged write them. A date range is kept only when name, from and to
// are all valid and from <= to, so the validator and the calendar never see half a range;
// its position is where its table begins, the line IT will look at.

#include <limits>

#include "config/section_readers.h"

namespace nudged {
namespace {

constexpr int kNoMax = std::numeric_limits<int>::max();

// Reads the array of tables `key`, each {name, from, to}.
std::vector<NamedDateRange> ReadRanges(TableReader& reader, std::string_view key) {
  std::vector<NamedDateRange> ranges;
  for (TableReader& table : reader.Tables(key)) {
    table.Require({"name", "from", "to"});
    NamedDateRange range;
    range.position = table.position();
    bool ok = table.String("name", &range.name);
    ok = table.Date("from", &range.from) && ok;
    ok = table.Date("to", &range.to) && ok;
    table.Finish();
    if (!ok) continue;
    if (range.from > range.to) {
      table.sink()->Error(table.Position("to"),
                          table.PathOf("to") + ": " + FormatIsoDate(range.to) +
                              " is before from = " + FormatIsoDate(range.from));
      continue;
    }
    ranges.push_back(range);
  }
  return ranges;
}

void ReadIntervalWeeks(TableReader& reader, CadenceConfig* out) {
  std::optional<TableReader> table = reader.Table("interval_weeks");
  if (!table) return;
  table->Int("min", &out->interval_min_weeks, 1, 52);
  table->Int("target", &out->interval_target_weeks, 1, 52);
  table->Int("max", &out->interval_max_weeks, 1, 52);
  table->Finish();
}

void ReadSendWindow(TableReader& reader, CadenceConfig* out) {
  std::optional<TableReader> table = reader.Table("send_window");
  if (!table) return;
  table->Time("start", &out->send_window_start);
  table->Time("end", &out->send_window_end);
  table->Finish();
}

}  // namespace

void ReadCalendar(TableReader& reader, CalendarConfig* out) {
  reader.Require({"first_day", "last_day"});
  reader.Date("first_day", &out->first_day);
  reader.Date("last_day", &out->last_day);
  reader.Weekdays("instructional_weekdays", &out->instructional_weekdays);
  reader.DateList("makeup_days", &out->makeup_days);
  out->closures = ReadRanges(reader, "closures");
  out->marking_periods = ReadRanges(reader, "marking_periods");
}

void ReadCadence(TableReader& reader, CadenceConfig* out) {
  reader.Int("first_wave_after_instructional_days", &out->first_wave_after_instructional_days, 1,
             200);
  ReadIntervalWeeks(reader, out);
  reader.Bool("align_to_marking_periods", &out->align_to_marking_periods);
  reader.Weekdays("send_weekdays", &out->send_weekdays);
  reader.Int("no_waves_in_last_instructional_days", &out->no_waves_in_last_instructional_days, 0,
             200);
  reader.Int("min_waves", &out->min_waves, 0, kNoMax);
  out->min_waves_position = reader.Position("min_waves");
  reader.Int("min_enrolled_instructional_days", &out->min_enrolled_instructional_days, 0, 200);
  reader.Int("correction_grace_instructional_days", &out->correction_grace_instructional_days, 0,
             30);
  ReadSendWindow(reader, out);
  reader.Time("sync_at", &out->sync_at);
  reader.Time("plan_at", &out->plan_at);
  out->blackouts = ReadRanges(reader, "blackouts");
}

}  // namespace nudged
