// Implementation details: the text first goes through FindTextToml33CannotParse(), which
// keeps away from the parser the inputs that reach undefined behaviour inside toml++ 3.3.
// toml++ is built with exceptions, so a syntax error arrives as a
// toml::parse_error carrying its position; it is turned into one diagnostic, since nothing
// after a syntax error can be trusted. The read and validate steps report through a
// DiagnosticSink and do not throw on bad input; the catch-all around them turns anything
// unexpected (std::bad_alloc on absurd input) into a diagnostic as well, because a daemon
// that cannot load its configuration must say so, not abort. Files are read whole; a size
// cap keeps a wrong path (a disk image, /dev/zero) from exhausting memory.

#include "config/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "config/section_readers.h"
#include "config/toml_prescan.h"
#include "config/toml_reader.h"
#include "config/validator.h"

namespace nudged {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 4 << 20;

LoadResult CannotRead(const std::string& path, const std::string& why) {
  DiagnosticSink sink(path);
  sink.Error({1, 1}, fmt::format("cannot read {}: {}", path, why));
  return LoadResult{std::nullopt, sink.Take()};
}

}  // namespace

bool LoadResult::ok() const {
  if (!config) return false;
  return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  });
}

LoadResult LoadConfigString(std::string_view toml, const std::string& source_name) {
  DiagnosticSink sink(source_name);
  LoadResult result;
  if (std::optional<PrescanProblem> problem = FindTextToml33CannotParse(toml)) {
    sink.Error(problem->position, problem->message);
    result.diagnostics = sink.Take();
    return result;
  }
  try {
    const toml::table document = toml::parse(toml, source_name);
    Config config;
    KeyPositions positions;
    TableReader root(document, "", {1, 1}, &sink, &positions);
    ReadConfig(root, &config);
    ValidateConfig(config, positions, &sink);
    std::sort(config.calendar.marking_periods.begin(), config.calendar.marking_periods.end(),
              [](const NamedDateRange& a, const NamedDateRange& b) { return a.from < b.from; });
    if (!sink.has_errors()) result.config = std::move(config);
  } catch (const toml::parse_error& error) {
    const toml::source_position begin = error.source().begin;
    sink.Error({static_cast<int>(begin.line), static_cast<int>(begin.column)},
               fmt::format("TOML syntax error: {}", error.description()));
  } catch (const std::exception& error) {
    sink.Error({1, 1}, fmt::format("cannot load the configuration: {}", error.what()));
  }
  result.diagnostics = sink.Take();
  return result;
}

LoadResult LoadConfigFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return CannotRead(path, "is a directory");
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    return CannotRead(path, "not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return CannotRead(path, std::strerror(errno));
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxFileBytes) {
    return CannotRead(path, fmt::format("larger than {} bytes", kMaxFileBytes));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return CannotRead(path, "read error");
  return LoadConfigString(text.str(), path);
}

}  // namespace nudged
