// Reading a secret (a database password, the provider's token) from a file named in the
// configuration. A relative name is looked up in $CREDENTIALS_DIRECTORY, where systemd's
// LoadCredential= puts credentials; a trailing newline left by an editor or `echo` is not part
// of the secret. The secret never appears in a returned Status. Thread-safe as far as getenv is.

#ifndef NUDGED_COMMON_CREDENTIAL_FILE_H_
#define NUDGED_COMMON_CREDENTIAL_FILE_H_

#include <string>
#include <string_view>

#include "nudged/status.h"

namespace nudged {

// Reads the file `configured` (the value of the setting named `setting`, e.g.
// "database.password_file", which error messages name) into *secret. Returns InvalidArgument
// when the name is relative without $CREDENTIALS_DIRECTORY, or the file cannot be read.
Status ReadCredentialFile(std::string_view setting, const std::string& configured,
                          std::string* secret);

}  // namespace nudged

#endif  // NUDGED_COMMON_CREDENTIAL_FILE_H_
