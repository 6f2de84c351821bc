#include "common/credential_file.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nudged {

Status ReadCredentialFile(std::string_view setting, const std::string& configured,
                          std::string* secret) {
  std::filesystem::path path{configured};
  if (path.is_relative()) {
    const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
    if (directory == nullptr || *directory == '\0') {
      return Status::InvalidArgument(fmt::format(
          "{} {} is relative but $CREDENTIALS_DIRECTORY is not set", setting, configured));
    }
    path = std::filesystem::path{directory} / path;
  }
  std::ifstream file{path, std::ios::binary};
  std::stringstream text;
  text << file.rdbuf();
  if (!file) return Status::InvalidArgument(fmt::format("{}: cannot read {}", setting, path.string()));
  *secret = text.str();
  while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r')) {
    secret->pop_back();
  }
  return Status::Ok();
}

}  // namespace nudged
