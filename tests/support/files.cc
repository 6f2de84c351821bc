// Implementation details: the per-process scratch root is a function-local static, so it is
// made by the first NewScratchDirectory() and removed by its destructor when main() returns or
// exit() runs. Children started by RunProcess() leave through exec or _exit(), which run no
// destructors, so only the test process itself removes the root.

#include "tests/support/files.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace nudged::testing {
namespace {

class ScratchRoot {
 public:
  ScratchRoot() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nudged-tests.XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) FAIL("mkdtemp failed for " << pattern);
    path_ = pattern;
  }
  ScratchRoot(const ScratchRoot&) = delete;
  ScratchRoot& operator=(const ScratchRoot&) = delete;
  ~ScratchRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string ReadFile(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in.good()) FAIL("cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string NewScratchDirectory(const std::string& name) {
  static ScratchRoot root;
  static int created = 0;
  const std::filesystem::path directory = root.path() / (std::to_string(++created) + "-" + name);
  std::filesystem::create_directory(directory);
  return directory.string();
}

}  // namespace nudged::testing
