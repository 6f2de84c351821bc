// Implementation details: one COPY out of the mirror carries every enrollment and every
// attendance event through as_of, ordered by student, so each student's rows arrive together and
// are counted (sis/student_counter.h) as soon as the next student starts: memory holds one
// student. Sorting (or an index scan of the events' primary key, which starts with the student)
// is the mirror's only heavy work; the day-by-day logic runs here, in one pass, instead of as
// joins on date ranges, which made the set-based SQL version several times slower than a bare
// aggregation of the events. The small category map is read first. COPY cannot take bind
// parameters, so as_of is written into the query as a date literal we formatted ourselves.
//
// Snapshot rows go straight into nudged.sync_snapshots with COPY while the mirror streams. A
// connection runs one COPY at a time, so anomalies wait in a temporary file and follow; normally
// few, they may be millions in a broken mirror, which a file holds without growing memory.
// libpqxx 6.4's stream_to takes rows as tuples, hence the fixed-size rows of C strings.

#include "sis/mirror_stream.h"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sis/copy_text.h"
#include "sis/student_counter.h"

namespace nudged {
namespace {

constexpr const char* kCategoriesQuery =
    "SELECT category, counts_as_absence, default_duration::text FROM attendance_category";

// Columns: student_id, part ('s' stay, 'e' event), date (entry or event), exit date, school_id,
// grade, category, duration.
constexpr const char* kStudentRowsQuery = R"sql((
SELECT student_id, 's', entry_date, exit_withdraw_date, school_id, entry_grade_level,
       NULL::text, NULL::text
FROM enrollment
UNION ALL
SELECT student_id, 'e', event_date, NULL, school_id, NULL, category, duration::text
FROM attendance_event WHERE event_date <= '{}'::date
ORDER BY 1
))sql";
constexpr size_t kStudentRowFields = 8;

constexpr std::array<const char*, 13> kSnapshotColumns = {"sync_id",
                                                          "student_id",
                                                          "school_id",
                                                          "grade_level",
                                                          "entry_date",
                                                          "exit_date",
                                                          "enrolled_on_as_of",
                                                          "instructional_days_enrolled",
                                                          "absences_total",
                                                          "days_enrolled_through_next",
                                                          "absences_through_next",
                                                          "days_enrolled_through_previous",
                                                          "absences_through_previous"};
constexpr std::array<const char*, 7> kAnomalyColumns = {
    "sync_id", "student_id", "event_date", "school_id", "category", "kind", "detail"};

// Returns the fields of `row` as a tuple, the only row shape libpqxx 6.4's stream_to accepts;
// nullptr is NULL.
template <size_t N, size_t... I>
auto AsTuple(const std::array<std::optional<std::string>, N>& row, std::index_sequence<I...>) {
  return std::make_tuple((row[I] ? row[I]->c_str() : nullptr)...);
}

template <size_t N>
void WriteRow(pqxx::stream_to& sink, const std::array<std::optional<std::string>, N>& row) {
  sink << AsTuple(row, std::make_index_sequence<N>{});
}

Date RequireDate(const std::optional<std::string>& text, const char* what) {
  std::optional<Date> date = text ? ParseIsoDate(*text) : std::nullopt;
  if (!date) throw std::runtime_error(fmt::format("mirror row with an unreadable {}", what));
  return *date;
}

std::int64_t RequireSchool(const std::optional<std::string>& text) {
  if (!text) throw std::runtime_error("mirror row without a school_id");
  return std::stoll(*text);
}

std::optional<std::string> OptionalText(const std::optional<Date>& date) {
  return date ? std::optional<std::string>(FormatIsoDate(*date)) : std::nullopt;
}

template <typename T, typename Format>
std::optional<std::string> OptionalText(const std::optional<T>& value, Format format) {
  return value ? std::optional<std::string>(format(*value)) : std::nullopt;
}

std::unordered_map<std::string, CategoryRule> ReadCategories(pqxx::transaction_base& mirror) {
  std::unordered_map<std::string, CategoryRule> categories;
  for (const auto& row : mirror.exec(kCategoriesQuery)) {
    CategoryRule& rule = categories[row[0].as<std::string>()];
    rule.counts_as_absence = row[1].as<bool>();
    if (!row[2].is_null()) rule.default_duration = row[2].as<std::string>();
  }
  return categories;
}

// Holds the anomalies of a sync in a temporary file (deleted when closed) as COPY text lines.
class AnomalySpool {
 public:
  AnomalySpool() : file_(std::tmpfile(), &std::fclose) {
    if (!file_) throw std::runtime_error("cannot create a temporary file for the anomalies");
  }

  void Append(const std::string& student_id, const Anomaly& anomaly) {
    line_.clear();
    AppendField(student_id);
    AppendField(FormatIsoDate(anomaly.date));
    AppendField(std::to_string(anomaly.school_id));
    AppendField(anomaly.category);
    AppendField(anomaly.kind);
    if (anomaly.detail) {
      AppendField(*anomaly.detail);
    } else {
      line_ += "\\N\t";
    }
    line_.back() = '\n';
    if (std::fwrite(line_.data(), 1, line_.size(), file_.get()) != line_.size()) {
      throw std::runtime_error("cannot write the anomalies' temporary file");
    }
  }

  // Writes every spooled anomaly to `sink` with `sync_id`.
  void CopyTo(pqxx::stream_to& sink, const std::string& sync_id) {
    std::rewind(file_.get());
    std::array<std::optional<std::string>, kAnomalyColumns.size()> row;
    row[0] = sync_id;
    std::vector<std::optional<std::string>> fields;
    char buffer[4096];
    std::string line;
    while (std::fgets(buffer, sizeof buffer, file_.get())) {
      line += buffer;
      if (line.back() != '\n') continue;  // a line longer than the buffer
      ParseCopyLine(line, &fields);
      line.clear();
      for (size_t i = 0; i < fields.size(); ++i) row[i + 1] = std::move(fields[i]);
      WriteRow(sink, row);
    }
  }

 private:
  // Appends `value` escaped for COPY text, then a tab.
  void AppendField(std::string_view value) {
    for (char c : value) {
      switch (c) {
        case '\\': line_ += "\\\\"; break;
        case '\t': line_ += "\\t"; break;
        case '\n': line_ += "\\n"; break;
        case '\r': line_ += "\\r"; break;
        default: line_ += c;
      }
    }
    line_ += '\t';
  }

  std::unique_ptr<FILE, int (*)(FILE*)> file_;
  std::string line_;
};

// Collects one student's rows from the stream and counts them when the student changes.
class StudentRows {
 public:
  StudentRows(const StudentCounter& counter, pqxx::stream_to& snapshots, AnomalySpool& spool,
              std::string sync_id)
      : counter_(counter), snapshots_(snapshots), spool_(spool) {
    row_[0] = std::move(sync_id);
  }

  void Add(const std::vector<std::optional<std::string>>& fields) {
    if (fields.size() != kStudentRowFields || !fields[0] || !fields[1]) {
      throw std::runtime_error("unexpected row shape in the mirror's student rows");
    }
    if (*fields[0] != student_id_) {
      Flush();
      student_id_ = *fields[0];
    }
    if (*fields[1] == "s") {
      Stay& stay = stays_.emplace_back();
      stay.entry = RequireDate(fields[2], "entry_date");
      if (fields[3]) stay.exit = RequireDate(fields[3], "exit_withdraw_date");
      stay.school_id = RequireSchool(fields[4]);
      stay.grade = fields[5].value_or("");
    } else {
      AttendanceEvent& event = events_.emplace_back();
      event.date = RequireDate(fields[2], "event_date");
      event.school_id = RequireSchool(fields[4]);
      event.category = fields[6].value_or("");
      event.duration = fields[7];
    }
  }

  // Counts the current student, if any, and writes their rows.
  void Flush() {
    if (stays_.empty() && events_.empty()) return;
    anomalies_.clear();
    if (counter_.Count(stays_, events_, &counts_, &anomalies_)) WriteSnapshot();
    for (const Anomaly& anomaly : anomalies_) spool_.Append(student_id_, anomaly);
    stays_.clear();
    events_.clear();
  }

 private:
  void WriteSnapshot() {
    row_[1] = student_id_;
    row_[2] = std::to_string(counts_.school_id);
    row_[3] = counts_.grade;
    row_[4] = FormatIsoDate(counts_.first_entry);
    row_[5] = OptionalText(counts_.exit);
    row_[6] = counts_.enrolled_on_as_of ? "t" : "f";
    row_[7] = std::to_string(counts_.days_total);
    row_[8] = FormatDayMicros(counts_.absences_total);
    row_[9] = OptionalText(counts_.days_next, [](int n) { return std::to_string(n); });
    row_[10] = OptionalText(counts_.absences_next, FormatDayMicros);
    row_[11] = OptionalText(counts_.days_previous, [](int n) { return std::to_string(n); });
    row_[12] = OptionalText(counts_.absences_previous, FormatDayMicros);
    WriteRow(snapshots_, row_);
  }

  const StudentCounter& counter_;
  pqxx::stream_to& snapshots_;
  AnomalySpool& spool_;
  std::string student_id_;
  std::vector<Stay> stays_;
  std::vector<AttendanceEvent> events_;
  StudentCounts counts_;
  std::vector<Anomaly> anomalies_;
  std::array<std::optional<std::string>, kSnapshotColumns.size()> row_;
};

}  // namespace

void StreamSnapshot(pqxx::transaction_base& mirror, pqxx::transaction_base& state,
                    const SyncRequest& request, std::int64_t sync_id) {
  const StudentCounter counter(request, ReadCategories(mirror));
  const std::string sync_id_text = std::to_string(sync_id);
  AnomalySpool spool;
  {
    pqxx::stream_from source{mirror, fmt::format(kStudentRowsQuery, FormatIsoDate(request.as_of))};
    pqxx::stream_to snapshots{state, "nudged.sync_snapshots", kSnapshotColumns};
    StudentRows students(counter, snapshots, spool, sync_id_text);
    std::string line;
    std::vector<std::optional<std::string>> fields;
    // Shape: one COPY line (a stay or an event) per iteration.
    while (source.get_raw_line(line)) {
      ParseCopyLine(line, &fields);
      students.Add(fields);
    }
    students.Flush();
    source.complete();
    snapshots.complete();
  }
  pqxx::stream_to anomalies{state, "nudged.sync_anomalies", kAnomalyColumns};
  spool.CopyTo(anomalies, sync_id_text);
  anomalies.complete();
}

}  // namespace nudged
