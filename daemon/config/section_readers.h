// Readers of each [section] of the configuration file into its Config sub-struct.
//
// Each function reads the keys of one section with `reader`, reports wrong types, values out
// of range and unknown keys through the reader's sink, and leaves defaults in place for keys
// that are absent or invalid. Checks that involve several keys or sections are in
// validator.h. Not thread-safe; REQUIRES: `out` is default-constructed.

#ifndef NUDGED_CONFIG_SECTION_READERS_H_
#define NUDGED_CONFIG_SECTION_READERS_H_

#include <vector>

#include "config/config.h"
#include "config/toml_reader.h"

namespace nudged {

// Reads the whole document; `root` reads the top-level table.
void ReadConfig(TableReader& root, Config* out);

// calendar_reader.cc
void ReadCalendar(TableReader& reader, CalendarConfig* out);
void ReadCadence(TableReader& reader, CadenceConfig* out);

// messages_reader.cc
void ReadMessages(TableReader& reader, MessagesConfig* out);

// section_readers.cc
void ReadDistrict(TableReader& reader, DistrictConfig* out);
void ReadSchool(TableReader& reader, SchoolConfig* out);
void ReadDatabase(TableReader& reader, DatabaseConfig* out);
void ReadLogging(TableReader& reader, LoggingConfig* out);
void ReadAudience(TableReader& reader, AudienceConfig* out);
void ReadContacts(TableReader& reader, ContactsConfig* out);
void ReadProvider(TableReader& reader, ProviderConfig* out);
void ReadHttp(TableReader& reader, HttpConfig* out);
void ReadMetrics(TableReader& reader, MetricsConfig* out);
void ReadExperiment(TableReader& reader, ExperimentConfig* out);
void ReadQuality(TableReader& reader, QualityConfig* out);

// The allowed values of enumerated keys.
const std::vector<std::string_view>& Channels();   // sms, voice, email, letter
const std::vector<std::string_view>& Kinds();      // initial, recurring, praise
const std::vector<std::string_view>& Languages();  // ISO 639-1 codes nudged can send in

}  // namespace nudged

#endif  // NUDGED_CONFIG_SECTION_READERS_H_
