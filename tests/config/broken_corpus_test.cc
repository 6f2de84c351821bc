// Loads every file of tests/config/broken/ (see the README.md there), through the loader and
// through `nudged check-config`, and checks that each one fails with the expected error at the
// expected position.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/loader.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(testing::SourceDir()) / "tests/config/broken";

struct Expectation {
  std::string position;  // "LINE:COL"
  std::string substring;
  bool check_config_only = false;  // the loader accepts the file; check-config rejects it
};

// Reads "# expect: LINE:COL: SUBSTRING" (or "# expect (check-config): ...") from the first
// line of `path`, if present.
std::optional<Expectation> HeaderExpectation(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  constexpr std::string_view kPrefix = "# expect: ";
  constexpr std::string_view kCheckConfigPrefix = "# expect (check-config): ";
  const bool check_config_only = line.starts_with(kCheckConfigPrefix);
  if (!line.starts_with(kPrefix) && !check_config_only) return std::nullopt;
  line = line.substr(check_config_only ? kCheckConfigPrefix.size() : kPrefix.size());
  const size_t colon = line.find(": ");
  if (colon == std::string::npos) return std::nullopt;
  return Expectation{line.substr(0, colon), line.substr(colon + 2), check_config_only};
}

// Reads expectations.txt: "FILE LINE:COL SUBSTRING" lines.
std::map<std::string, Expectation> SidecarExpectations() {
  std::map<std::string, Expectation> expectations;
  std::ifstream in(kCorpus / "expectations.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string file;
    Expectation expectation;
    fields >> file >> expectation.position;
    std::getline(fields >> std::ws, expectation.substring);
    expectations[file] = expectation;
  }
  return expectations;
}

TEST_CASE("Every broken configuration is rejected at the expected position", "[config]") {
  const std::map<std::string, Expectation> sidecar = SidecarExpectations();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    const std::string path = entry.path().string();
    SECTION(name) {
      std::optional<Expectation> header = HeaderExpectation(entry.path());
      auto in_sidecar = sidecar.find(name);
      REQUIRE(header.has_value() != (in_sidecar != sidecar.end()));
      const Expectation expected = header ? *header : in_sidecar->second;

      const LoadResult result = LoadConfigFile(path);
      CHECK(result.ok() == expected.check_config_only);
      CHECK(result.config.has_value() == expected.check_config_only);
      const std::string prefix = path + ":" + expected.position + ": error: ";
      std::vector<std::string> lines;
      for (const Diagnostic& diagnostic : result.diagnostics) {
        lines.push_back(diagnostic.ToString());
      }
      INFO("expected: " << prefix << "..." << expected.substring);
      INFO("got: " << Catch::Detail::stringify(lines));
      const auto names_the_problem = [&](const std::string& line) {
        return line.starts_with(prefix) && line.find(expected.substring) != std::string::npos;
      };
      CHECK(std::any_of(lines.begin(), lines.end(), names_the_problem) !=
            expected.check_config_only);

      // The operator's view: `nudged check-config` exits 1 and prints the same error.
      const auto process =
          testing::RunProcess({testing::NudgedBinary(), "--config", path, "check-config"});
      INFO("stderr: " << process.err);
      CHECK(process.exit_code == 1);
      std::istringstream stderr_lines(process.err);
      bool printed = false;
      for (std::string line; std::getline(stderr_lines, line);) {
        printed = printed || names_the_problem(line);
      }
      CHECK(printed);
    }
  }
  CHECK(files >= 30);
}

}  // namespace
}  // namespace nudged
