// Implementation details: the same rules as the database password (db/connection.cc): a
// relative file name is looked up in $CREDENTIALS_DIRECTORY, and a trailing newline left by an
// editor or `echo` is not part of the secret.

#include "provider/provider_token.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nudged {
namespace {

Status ReadTokenFile(const std::string& configured, std::string* token) {
  std::filesystem::path path{configured};
  if (path.is_relative()) {
    const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
    if (directory == nullptr || *directory == '\0') {
      return Status::InvalidArgument(fmt::format(
          "provider.auth_token_file {} is relative but $CREDENTIALS_DIRECTORY is not set",
          configured));
    }
    path = std::filesystem::path{directory} / path;
  }
  std::ifstream file{path, std::ios::binary};
  std::stringstream text;
  text << file.rdbuf();
  if (!file) {
    return Status::InvalidArgument(
        fmt::format("provider.auth_token_file: cannot read {}", path.string()));
  }
  *token = text.str();
  while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
  return Status::Ok();
}

}  // namespace

Status ReadProviderToken(const ProviderConfig& config, std::string* token) {
  token->clear();
  if (!config.auth_token_file.empty()) {
    Status status = ReadTokenFile(config.auth_token_file, token);
    if (!status.ok()) return status;
    if (token->empty()) {
      return Status::InvalidArgument(
          fmt::format("provider.auth_token_file {} is empty", config.auth_token_file));
    }
    return Status::Ok();
  }
  const char* value = std::getenv(config.auth_token_env.c_str());
  if (config.auth_token_env.empty() || value == nullptr || *value == '\0') {
    return Status::InvalidArgument(fmt::format(
        "provider.auth_token_env: environment variable {} is not set", config.auth_token_env));
  }
  *token = value;
  return Status::Ok();
}

}  // namespace nudged
