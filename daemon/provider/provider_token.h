// Reading the provider's auth token from where the configuration says it is: an environment
// variable (`auth_token_env`) or a file (`auth_token_file`, relative to
// $CREDENTIALS_DIRECTORY, where systemd's LoadCredential= puts it). The token never appears
// in a returned Status. Thread-safe as far as getenv is.

#ifndef NUDGED_PROVIDER_PROVIDER_TOKEN_H_
#define NUDGED_PROVIDER_PROVIDER_TOKEN_H_

#include <string>

#include "config/config.h"
#include "nudged/status.h"

namespace nudged {

// Stores the token in *token. The file wins when both are set (auth_token_env has a default,
// so only an explicit auth_token_file says where the operator put it). A missing variable or
// unreadable file, or an empty token, is InvalidArgument.
Status ReadProviderToken(const ProviderConfig& config, std::string* token);

}  // namespace nudged

#endif  // NUDGED_PROVIDER_PROVIDER_TOKEN_H_
