// Opening nudged's two PostgreSQL connections from [database] (config/config.h):
//   - the state database (`url`), read-write, holding schema "nudged";
//   - the SIS mirror (`sis_url`, defaulting to `url`), read-only: every transaction on it is
//     read-only (default_transaction_read_only) and unqualified names resolve in `sis_schema`,
//     so nudged works with a role that may only SELECT (sql/sis/readonly_role.sql).
// Both set statement_timeout to statement_timeout_ms and turn JIT off. The password, when
// configured, is read from the environment variable `password_env` or the file `password_file`
// (relative paths are inside $CREDENTIALS_DIRECTORY) and handed to libpq as its `password`
// parameter; it never appears in a Status, a log line or the process environment.
// A pqxx::connection is not thread-safe; use each one from a single thread.

#ifndef NUDGED_DB_CONNECTION_H_
#define NUDGED_DB_CONNECTION_H_

#include <functional>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <string>

#include "config/config.h"
#include "nudged/status.h"

namespace nudged {

// Reads the configured password into *password (nullopt when none is configured).
// Returns InvalidArgument when the variable is unset or the file cannot be read.
Status ReadDatabasePassword(const DatabaseConfig& config, std::optional<std::string>* password);

// Returns `url` with `password` added as libpq's password parameter, for a URL
// ("postgresql://...") or a key=value connection string. Thread-safe (pure).
std::string WithPassword(const std::string& url, const std::string& password);

// Open the state database / the SIS mirror. On success *connection owns an open connection.
// Returns Unavailable when the server cannot be reached or refuses the login, and
// InvalidArgument when the password cannot be read.
Status OpenStateDatabase(const DatabaseConfig& config,
                         std::unique_ptr<pqxx::connection>* connection);
Status OpenSisMirror(const DatabaseConfig& config, std::unique_ptr<pqxx::connection>* connection);

// Opens a connection into *connection, for parts that reconnect on their own threads (the
// dispatcher, the webhook writer).
using ConnectionFactory = std::function<Status(std::unique_ptr<pqxx::connection>* connection)>;

// Returns a ConnectionFactory calling OpenStateDatabase with a copy of `config`.
ConnectionFactory StateDatabaseConnector(const DatabaseConfig& config);

}  // namespace nudged

#endif  // NUDGED_DB_CONNECTION_H_
