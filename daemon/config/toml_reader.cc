// Implementation details: only values that were read successfully get a KeyPositions entry, so
// the validator can tell a valid value from a default that stands in for a bad one and does not
// pile further errors on a key already reported. A key is marked known the moment a reader asks for
// it, present or not, so Finish() can tell unknown keys from absent ones and suggest the closest
// known key. All messages start with the dotted path of the key, so a reader of the output needs no
// knowledge of the table nesting. Nothing here throws on bad input: every node's type is
// checked before its as_*() accessor is used.

#include "config/toml_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "config/text_checks.h"

namespace nudged {

void DiagnosticSink::Error(SourcePosition position, std::string message) {
  has_errors_ = true;
  diagnostics_.push_back({Diagnostic::Severity::kError, file_, position, std::move(message)});
}

void DiagnosticSink::Warning(SourcePosition position, std::string message) {
  diagnostics_.push_back({Diagnostic::Severity::kWarning, file_, position, std::move(message)});
}

SourcePosition KeyPositions::Find(std::string_view path) const {
  while (true) {
    auto it = positions_.find(path);
    if (it != positions_.end()) return it->second;
    const size_t cut = path.find_last_of(".[");
    if (cut == std::string_view::npos) return {1, 1};
    path = path.substr(0, cut);
  }
}

SourcePosition PositionOf(const toml::node& node) {
  const toml::source_position begin = node.source().begin;
  return {static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

TableReader::TableReader(const toml::table& table, std::string path, SourcePosition position,
                         DiagnosticSink* sink, KeyPositions* positions)
    : table_(&table),
      path_(std::move(path)),
      position_(position),
      sink_(sink),
      positions_(positions) {
  positions_->Set(path_, position_);
}

std::string TableReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::node* TableReader::Get(std::string_view key) {
  known_.emplace(key);
  return table_->get(key);
}

bool TableReader::Ok(std::string_view key) {
  positions_->Set(PathOf(key), Position(key));
  return true;
}

void TableReader::TypeError(const std::string& path, const toml::node& node, toml::node_type want) {
  sink_->Error(PositionOf(node), fmt::format("{}: expected {}, found {}", path, TypeName(want),
                                             TypeName(node.type())));
}

void TableReader::Error(const toml::node& node, const std::string& path, std::string_view what) {
  sink_->Error(PositionOf(node), fmt::format("{}: {}", path, what));
}

const toml::node* TableReader::GetTyped(std::string_view key, toml::node_type type) {
  const toml::node* node = Get(key);
  if (node == nullptr) return nullptr;
  if (node->type() != type) {
    TypeError(PathOf(key), *node, type);
    return nullptr;
  }
  return node;
}

void TableReader::Require(std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    known_.emplace(key);
    if (table_->get(key) == nullptr) {
      sink_->Error(position_, fmt::format("{}: missing required key", PathOf(key)));
    }
  }
}

void TableReader::Forbid(std::string_view key, std::string_view message) {
  if (const toml::node* node = Get(key)) Error(*node, PathOf(key), message);
}

bool TableReader::String(std::string_view key, std::string* out) {
  const toml::node* node = GetTyped(key, toml::node_type::string);
  if (node == nullptr) return false;
  *out = node->as_string()->get();
  return Ok(key);
}

bool TableReader::Bool(std::string_view key, bool* out) {
  const toml::node* node = GetTyped(key, toml::node_type::boolean);
  if (node == nullptr) return false;
  *out = node->as_boolean()->get();
  return Ok(key);
}

bool TableReader::Int64(std::string_view key, std::int64_t* out) {
  const toml::node* node = GetTyped(key, toml::node_type::integer);
  if (node == nullptr) return false;
  *out = node->as_integer()->get();
  return Ok(key);
}

bool TableReader::Int(std::string_view key, int* out, int min, int max) {
  std::int64_t value = 0;
  if (!Int64(key, &value)) return false;
  if (value < min || value > max) {
    const std::string range = max == std::numeric_limits<int>::max()
                                  ? fmt::format("at least {}", min)
                                  : fmt::format("between {} and {}", min, max);
    Error(*table_->get(key), PathOf(key),
          fmt::format("{} is out of range: must be {}", value, range));
    positions_->Erase(PathOf(key));
    return false;
  }
  *out = static_cast<int>(value);
  return Ok(key);
}

bool TableReader::Double(std::string_view key, double* out, double min, double max, bool open) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  std::optional<double> value;
  if (node->is_integer()) value = static_cast<double>(node->as_integer()->get());
  if (node->is_floating_point()) value = node->as_floating_point()->get();
  if (!value) {
    TypeError(PathOf(key), *node, toml::node_type::floating_point);
    return false;
  }
  const bool inside = std::isfinite(*value) &&
                      (open ? (*value > min && *value < max) : (*value >= min && *value <= max));
  if (!inside) {
    std::string range;
    if (std::isinf(max)) {
      range = fmt::format("{} {}", open ? "greater than" : "at least", min);
    } else {
      range = fmt::format("{} {} and {}", open ? "strictly between" : "between", min, max);
    }
    Error(*node, PathOf(key), fmt::format("{} is out of range: must be {}", *value, range));
    return false;
  }
  *out = *value;
  return Ok(key);
}

namespace {

std::optional<nudged::Date> ToDate(const toml::date& date) {
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{date.month}, std::chrono::day{date.day}};
  if (!ymd.ok()) return std::nullopt;
  return nudged::Date{ymd};
}

}  // namespace

bool TableReader::Date(std::string_view key, nudged::Date* out) {
  const toml::node* node = GetTyped(key, toml::node_type::date);
  if (node == nullptr) return false;
  std::optional<nudged::Date> date = ToDate(node->as_date()->get());
  if (!date) {
    Error(*node, PathOf(key), "not a valid date");
    return false;
  }
  *out = *date;
  return Ok(key);
}

bool TableReader::Time(std::string_view key, LocalTime* out) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  if (!node->is_string()) {
    sink_->Error(PositionOf(*node), fmt::format("{}: expected a string \"HH:MM\", found {}",
                                                PathOf(key), TypeName(node->type())));
    return false;
  }
  std::optional<LocalTime> time = LocalTime::Parse(node->as_string()->get());
  if (!time) {
    Error(*node, PathOf(key),
          fmt::format("{} is not a time of day \"HH:MM\" (00:00 to 23:59)",
                      Quote(node->as_string()->get())));
    return false;
  }
  *out = *time;
  return Ok(key);
}

bool TableReader::Choice(std::string_view key, std::string* out,
                         const std::vector<std::string_view>& allowed) {
  std::string value;
  if (!String(key, &value)) return false;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    Error(*table_->get(key), PathOf(key),
          fmt::format("{} is not one of: {}{}", Quote(value), fmt::join(allowed, ", "),
                      DidYouMean(value, allowed)));
    positions_->Erase(PathOf(key));
    return false;
  }
  *out = value;
  return Ok(key);
}

bool TableReader::StringList(std::string_view key, std::vector<std::string>* out,
                             const std::vector<std::string_view>& allowed) {
  const toml::node* node = GetTyped(key, toml::node_type::array);
  if (node == nullptr) return false;
  std::vector<std::string> values;
  bool ok = true;
  const toml::array& array = *node->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    const toml::node& element = array[i];
    const std::string path = fmt::format("{}[{}]", PathOf(key), i);
    if (!element.is_string()) {
      TypeError(path, element, toml::node_type::string);
      ok = false;
      continue;
    }
    const std::string& value = element.as_string()->get();
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      Error(element, path,
            fmt::format("{} is not one of: {}{}", Quote(value), fmt::join(allowed, ", "),
                        DidYouMean(value, allowed)));
      ok = false;
    } else if (std::find(values.begin(), values.end(), value) != values.end()) {
      Error(element, path, fmt::format("{} is listed twice", Quote(value)));
      ok = false;
    }
    values.push_back(value);
  }
  if (!ok) return false;
  *out = std::move(values);
  return Ok(key);
}

bool TableReader::DateList(std::string_view key, std::vector<nudged::Date>* out) {
  const toml::node* node = GetTyped(key, toml::node_type::array);
  if (node == nullptr) return false;
  std::vector<nudged::Date> dates;
  bool ok = true;
  const toml::array& array = *node->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    const toml::node& element = array[i];
    const std::string path = fmt::format("{}[{}]", PathOf(key), i);
    std::optional<nudged::Date> date;
    if (element.is_date()) date = ToDate(element.as_date()->get());
    if (!date) {
      TypeError(path, element, toml::node_type::date);
      ok = false;
      continue;
    }
    positions_->Set(path, PositionOf(element));
    dates.push_back(*date);
  }
  if (!ok) return false;
  *out = std::move(dates);
  return Ok(key);
}

bool TableReader::Weekdays(std::string_view key, WeekdaySet* out) {
  static const std::vector<std::string_view> kNames = {"Mon", "Tue", "Wed", "Thu",
                                                       "Fri", "Sat", "Sun"};
  std::vector<std::string> names;
  if (!StringList(key, &names, kNames)) return false;
  if (names.empty()) {
    Error(*table_->get(key), PathOf(key), "must name at least one weekday");
    positions_->Erase(PathOf(key));
    return false;
  }
  WeekdaySet set;
  for (const std::string& name : names) set.Insert(*ParseWeekdayName(name));
  *out = set;
  return Ok(key);
}

std::optional<TableReader> TableReader::Table(std::string_view key) {
  const toml::node* node = GetTyped(key, toml::node_type::table);
  if (node == nullptr) return std::nullopt;
  return TableReader(*node->as_table(), PathOf(key), PositionOf(*node), sink_, positions_);
}

std::vector<TableReader> TableReader::Tables(std::string_view key) {
  std::vector<TableReader> readers;
  const toml::node* node = GetTyped(key, toml::node_type::array);
  if (node == nullptr) return readers;
  const toml::array& array = *node->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    const std::string path = fmt::format("{}[{}]", PathOf(key), i);
    if (!array[i].is_table()) {
      TypeError(path, array[i], toml::node_type::table);
      continue;
    }
    readers.emplace_back(*array[i].as_table(), path, PositionOf(array[i]), sink_, positions_);
  }
  return readers;
}

std::vector<std::string> TableReader::Keys() {
  std::vector<std::string> keys;
  for (auto&& [key, node] : *table_) {
    keys.emplace_back(key.str());
    known_.emplace(key.str());
  }
  return keys;
}

SourcePosition TableReader::Position(std::string_view key) const {
  const toml::node* node = table_->get(key);
  return node != nullptr ? PositionOf(*node) : position_;
}

void TableReader::Finish() {
  std::vector<std::string_view> candidates(known_.begin(), known_.end());
  for (auto&& [key, node] : *table_) {
    if (known_.count(key.str()) != 0) continue;
    const toml::source_position begin = key.source().begin;
    sink_->Error({static_cast<int>(begin.line), static_cast<int>(begin.column)},
                 fmt::format("unknown key {}{}", Quote(PathOf(key.str())),
                             DidYouMean(key.str(), candidates)));
  }
}

}  // namespace nudged
