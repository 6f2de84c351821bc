// The template checks of `nudged check-config`, on the real process: the example
// configuration renders cleanly, and overrides that are too long for SMS or for a voice call
// give warnings with the count but still pass.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "tests/support/files.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::NudgedBinary;
using testing::ReadFile;
using testing::RunProcess;
using testing::SourcePath;

TEST_CASE("check-config renders the example's templates without warnings", "[render]") {
  const auto result = RunProcess(
      {NudgedBinary(), "--config", SourcePath("config/nudged.example.toml"), "check-config"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("renders to") == std::string::npos);
  CHECK(result.err.find("messages.templates") == std::string::npos);
}

TEST_CASE("check-config warns about an SMS or a voice text that is too long", "[render]") {
  const std::string path = testing::NewScratchDirectory("render-cli") + "/long.toml";
  std::string long_sms;
  for (int i = 0; i < 7; ++i) long_sms += "{{first_name}} faltó {{absences_total}} a clases. ";
  std::ofstream(path) << ReadFile(SourcePath("config/nudged.example.toml"))
                      << "\n[messages.templates.sms.es.initial]\nbody = \"" << long_sms
                      << "\"\n\n[messages.templates.voice.en.recurring]\nbody = \""
                      << std::string(4100, 'a') << "\"\n";
  const auto result = RunProcess({NudgedBinary(), "--config", path, "check-config"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find(": warning: sms/es/initial renders to 4 segments (UCS-2, ") !=
        std::string::npos);
  CHECK(result.err.find("keep SMS within 3") != std::string::npos);
  CHECK(result.err.find(": warning: voice/en/recurring renders to 4100 characters") !=
        std::string::npos);
  CHECK(result.err.find("sms/en/") == std::string::npos);
}

}  // namespace
}  // namespace nudged
