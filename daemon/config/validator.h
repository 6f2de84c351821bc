// Semantic checks of a Config that involve more than one key: date ranges inside the school
// year, ordering, cross-references between sections, formats of ids and URLs, secrets.
//
// ValidateConfig() reports problems through `sink` at the positions recorded while reading.
// A value absent from `positions` was missing or already reported as invalid, and checks that
// need it are skipped, so one mistake gives one error. Thread-safe for distinct sinks.

#ifndef NUDGED_CONFIG_VALIDATOR_H_
#define NUDGED_CONFIG_VALIDATOR_H_

#include "config/config.h"
#include "config/toml_reader.h"

namespace nudged {

void ValidateConfig(const Config& config, const KeyPositions& positions, DiagnosticSink* sink);

// Returns true when `name` is a time zone in the IANA database date::locate_zone() reads.
bool IsKnownTimeZone(const std::string& name);

}  // namespace nudged

#endif  // NUDGED_CONFIG_VALIDATOR_H_
