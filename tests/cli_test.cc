// The command-line contract of DESIGN.md, checked on the real nudged process: exit codes,
// --help and --version, where the configuration comes from, and how logs look in a terminal
// and in the journal.

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/files.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

using testing::NudgedBinary;
using testing::ProcessOptions;
using testing::RunProcess;
using testing::SourcePath;

const std::string kExample = SourcePath("config/nudged.example.toml");

TEST_CASE("Every command answers --help, and the program --version") {
  auto version = RunProcess({NudgedBinary(), "--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("nudged ", 0) == 0);

  auto help = RunProcess({NudgedBinary(), "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("check-config") != std::string::npos);
  CHECK(help.out.find("schedule") != std::string::npos);

  for (const char* command : {"check-config", "schedule", "dispatch"}) {
    INFO(command);
    auto result = RunProcess({NudgedBinary(), command, "--help"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Usage") != std::string::npos);
  }
}

TEST_CASE("Usage errors exit with 2") {
  const std::vector<std::vector<std::string>> cases = {
      {NudgedBinary()},
      {NudgedBinary(), "no-such-command"},
      {NudgedBinary(), "--config", kExample, "schedule", "--format", "xml"},
      {NudgedBinary(), "--no-such-flag", "check-config"},
      {NudgedBinary(), "--log-level", "loud", "check-config"},
      {NudgedBinary(), "--config"},
      {NudgedBinary(), "--config", kExample, "dispatch", "--instance", ""},
      {NudgedBinary(), "--config", kExample, "dispatch", "--until-idle=maybe"},
  };
  for (const auto& argv : cases) {
    INFO(argv.size());
    CHECK(RunProcess(argv).exit_code == 2);
  }
}

TEST_CASE("The example configuration is valid") {
  auto result = RunProcess({NudgedBinary(), "--config", kExample, "check-config"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find(": OK") != std::string::npos);
  CHECK(result.err.find("error") == std::string::npos);
}

TEST_CASE("The configuration path falls back to $NUDGED_CONFIG, then /etc/nudged/nudged.toml") {
  ProcessOptions from_env;
  from_env.env["NUDGED_CONFIG"] = kExample;
  CHECK(RunProcess({NudgedBinary(), "check-config"}, from_env).exit_code == 0);

  ProcessOptions flag_wins = from_env;
  flag_wins.env["NUDGED_CONFIG"] = "/nonexistent/nudged.toml";
  CHECK(RunProcess({NudgedBinary(), "--config", kExample, "check-config"}, flag_wins).exit_code ==
        0);

  if (!std::filesystem::exists("/etc/nudged/nudged.toml")) {
    ProcessOptions no_env;
    no_env.unset_env.push_back("NUDGED_CONFIG");
    auto result = RunProcess({NudgedBinary(), "check-config"}, no_env);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("/etc/nudged/nudged.toml:1:1: error:") != std::string::npos);
  }
}

TEST_CASE("An invalid configuration is logged as an error, with journald priorities") {
  const std::string missing = "/nonexistent/nudged.toml";
  auto plain = RunProcess({NudgedBinary(), "--config", missing, "check-config"});
  CHECK(plain.exit_code == 1);
  CHECK(plain.err.find("error configuration rejected") != std::string::npos);

  // Under systemd, JOURNAL_STREAM names stderr's device:inode; each log line then carries its
  // syslog priority for journald (<3> is error) and no timestamp of its own.
  const std::string script =
      "f=$(mktemp); JOURNAL_STREAM=$(stat -c %d:%i \"$f\") \"$0\" --config " + missing +
      " check-config 2>\"$f\"; code=$?; cat \"$f\"; rm -f \"$f\"; exit $code";
  auto journal = RunProcess({"/bin/sh", "-c", script, NudgedBinary()});
  CHECK(journal.exit_code == 1);
  CHECK(journal.out.find("\n<3>configuration rejected") != std::string::npos);

  auto quiet = RunProcess({NudgedBinary(), "--log-level", "off", "--config", missing,
                           "check-config"});
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.err.find("configuration rejected") == std::string::npos);
  CHECK(quiet.err.find(missing + ":1:1: error:") != std::string::npos);
}

TEST_CASE("A year with fewer waves than min_waves is a warning, not an error") {
  std::ifstream example(kExample);
  std::string text((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  const std::string key = "min_waves = 6";
  const size_t at = text.find(key);
  REQUIRE(at != std::string::npos);
  text.replace(at, key.size(), "min_waves = 12");
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  const std::string path = testing::NewScratchDirectory("min-waves") + "/nudged.toml";
  std::ofstream(path) << text;

  const std::string warning = path + ":" + std::to_string(line) + ":";
  for (const char* command : {"check-config", "schedule"}) {
    INFO(command);
    auto result = RunProcess({NudgedBinary(), "--config", path, command});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find(warning) != std::string::npos);
    CHECK(result.err.find("warning: only 8 waves fit in the school year; min_waves is 12") !=
          std::string::npos);
  }
}

TEST_CASE("dispatch exits 3 when the database cannot be reached") {
  std::ifstream example(kExample);
  std::string text((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  const std::string key = "url = \"postgresql:///nudged\"";
  const size_t at = text.find(key);
  REQUIRE(at != std::string::npos);
  text.replace(at, key.size(),
               "url = \"postgresql:///nudged?host=/nonexistent-nudged-socket-dir\"");
  const std::string path = testing::NewScratchDirectory("dispatch") + "/nudged.toml";
  std::ofstream(path) << text;
  ProcessOptions options;
  options.env["NUDGED_DB_PASSWORD"] = "unused";
  auto result = RunProcess({NudgedBinary(), "--config", path, "dispatch", "--until-idle"}, options);
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("nudged dispatch: unavailable: cannot connect") != std::string::npos);
  CHECK(result.err.find("unused") == std::string::npos);
}

}  // namespace
}  // namespace nudged
