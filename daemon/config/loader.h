// Loading the configuration file: parse the TOML, read it into a typed Config, validate it.
//
// Every problem found is reported, not only the first: syntax errors (then nothing else can
// be checked), wrong types, unknown keys, missing required keys and semantic errors, each with
// the file:line:column of the offending key or value. No exception escapes these functions,
// whatever the input. Thread-safe: no shared state.

#ifndef NUDGED_CONFIG_LOADER_H_
#define NUDGED_CONFIG_LOADER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/diagnostic.h"

namespace nudged {

struct LoadResult {
  // The configuration, present only when no error was found.
  std::optional<Config> config;
  // Errors and warnings in the order found (roughly file order, semantic checks last).
  std::vector<Diagnostic> diagnostics;

  // Returns true when `config` is present and no diagnostic is an error.
  bool ok() const;
};

// Loads the file at `path`. A missing, unreadable or directory path gives one error
// "path:1:1: error: cannot read ...". Diagnostics name the file as `path`.
LoadResult LoadConfigFile(const std::string& path);

// Loads configuration text; diagnostics name the file as `source_name`.
LoadResult LoadConfigString(std::string_view toml, const std::string& source_name);

}  // namespace nudged

#endif  // NUDGED_CONFIG_LOADER_H_
