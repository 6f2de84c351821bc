// Typed reading of one TOML table into Config fields, with diagnostics instead of exceptions.
//
// A TableReader wraps a parsed toml::table and reads one key at a time into a typed field.
// A key that is absent leaves the field at its default; a key of the wrong type or out of
// range adds an error and also leaves the default. Every key the caller asks about (read,
// required or forbidden) is "known"; Finish() reports each remaining key of the table as
// unknown, with the closest known key as a suggestion. The reader also records where each
// value it read was written (KeyPositions), so the validator can point at it later.
//
// Not thread-safe. The table, the sink and the positions must outlive the reader.

#ifndef NUDGED_CONFIG_TOML_READER_H_
#define NUDGED_CONFIG_TOML_READER_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/diagnostic.h"
#include "nudged/date.h"

namespace nudged {

// Collects the diagnostics of one file, in the order they were found.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  void Error(SourcePosition position, std::string message);
  void Warning(SourcePosition position, std::string message);

  bool has_errors() const { return has_errors_; }
  const std::string& file() const { return file_; }

  // Returns the diagnostics found so far and empties the sink.
  std::vector<Diagnostic> Take() { return std::move(diagnostics_); }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  bool has_errors_ = false;
};

// Where each value that was read successfully was written, by dotted path:
// "calendar.first_day", "schools[1].id", "calendar.makeup_days[0]"; tables are recorded
// when their reader is made. Absent and invalid values are not in the map.
class KeyPositions {
 public:
  void Set(const std::string& path, SourcePosition position) { positions_[path] = position; }
  void Erase(std::string_view path) {
    if (auto it = positions_.find(path); it != positions_.end()) positions_.erase(it);
  }
  bool Has(std::string_view path) const { return positions_.find(path) != positions_.end(); }

  // Returns the position of `path`, or of the longest recorded prefix of it (its table),
  // or 1:1.
  SourcePosition Find(std::string_view path) const;

 private:
  std::map<std::string, SourcePosition, std::less<>> positions_;
};

// Returns the 1-based position where `node` begins.
SourcePosition PositionOf(const toml::node& node);

// Returns "a string", "an integer", "a date" ... for messages.
std::string_view TypeName(toml::node_type type);

class TableReader {
 public:
  // `path` is the table's dotted name ("provider", "schools[0]"), empty for the root;
  // `position` is where the table begins (its header or its opening brace).
  TableReader(const toml::table& table, std::string path, SourcePosition position,
              DiagnosticSink* sink, KeyPositions* positions);

  // Reports each of `keys` that is absent as a missing required key.
  void Require(std::initializer_list<std::string_view> keys);

  // Reports `key`, when present, as an error with `message` (secrets that must not be
  // written inline).
  void Forbid(std::string_view key, std::string_view message);

  // Each reader below returns true when the key was present, of the right type and valid,
  // and stored in *out; otherwise *out is untouched.
  bool String(std::string_view key, std::string* out);
  bool Bool(std::string_view key, bool* out);
  bool Int(std::string_view key, int* out, int min, int max);
  bool Int64(std::string_view key, std::int64_t* out);
  // Integers are accepted too. `open` excludes the bounds themselves.
  bool Double(std::string_view key, double* out, double min, double max, bool open);
  bool Date(std::string_view key, nudged::Date* out);
  // A "HH:MM" string.
  bool Time(std::string_view key, LocalTime* out);
  // A string that must be one of `allowed`.
  bool Choice(std::string_view key, std::string* out, const std::vector<std::string_view>& allowed);
  // An array of strings, no duplicates; each must be in `allowed` unless it is empty.
  bool StringList(std::string_view key, std::vector<std::string>* out,
                  const std::vector<std::string_view>& allowed = {});
  bool DateList(std::string_view key, std::vector<nudged::Date>* out);
  // An array of weekday names "Mon" ... "Sun", not empty.
  bool Weekdays(std::string_view key, WeekdaySet* out);

  // Returns a reader of the sub-table `key`, or nullopt when absent or not a table.
  std::optional<TableReader> Table(std::string_view key);
  // Returns readers of each table in the array of tables `key`; elements that are not
  // tables are reported.
  std::vector<TableReader> Tables(std::string_view key);
  // Returns the keys of this table, in file order, marking them all known (for tables
  // whose keys are data, like template languages).
  std::vector<std::string> Keys();

  // Returns where the value of `key` is written, or where the table begins when absent.
  SourcePosition Position(std::string_view key) const;
  SourcePosition position() const { return position_; }
  const std::string& path() const { return path_; }
  // Returns the dotted path of `key` inside this table.
  std::string PathOf(std::string_view key) const;

  // Reports every key of the table that no call above asked about.
  void Finish();

  DiagnosticSink* sink() const { return sink_; }
  KeyPositions* positions() const { return positions_; }

 private:
  // Returns the node of `key`, marking the key known, or nullptr when absent.
  const toml::node* Get(std::string_view key);
  // Records the position of `key` as read successfully; returns true.
  bool Ok(std::string_view key);
  // Returns the node when it has type `type`; reports "expected ..., found ..." otherwise.
  const toml::node* GetTyped(std::string_view key, toml::node_type type);
  void TypeError(const std::string& path, const toml::node& node, toml::node_type want);
  void Error(const toml::node& node, const std::string& path, std::string_view what);

  const toml::table* table_;
  std::string path_;
  SourcePosition position_;
  DiagnosticSink* sink_;
  KeyPositions* positions_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace nudged

#endif  // NUDGED_CONFIG_TOML_READER_H_
