#include "provider/provider_token.h"

#include <fmt/format.h>

#include <cstdlib>

#include "common/credential_file.h"

namespace nudged {

Status ReadProviderToken(const ProviderConfig& config, std::string* token) {
  token->clear();
  if (!config.auth_token_file.empty()) {
    Status status = ReadCredentialFile("provider.auth_token_file", config.auth_token_file, token);
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
