// Implementation details: libpq takes the password as one more connection parameter, so it is
// spliced into the connection string in memory (percent-encoded into a URL's query, or quoted
// as a key=value pair) and never exported to the environment, where child processes and
// /proc/PID/environ would see it. Session settings go through pqxx::connection::set_variable,
// which libpqxx re-applies if it ever reopens the connection. A connection failure is
// pqxx::broken_connection whose text comes from libpq and names host and user, never the
// password; it becomes Unavailable here.

#include "db/connection.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <pqxx/pqxx>
#include <string_view>

#include "common/credential_file.h"
#include "db/errors.h"

namespace nudged {
namespace {

bool IsUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string PercentEncode(std::string_view text) {
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return encoded;
}

// Opens a connection to `url` with the configured password and statement timeout.
Status Open(const DatabaseConfig& config, const std::string& url, std::string_view what,
            std::unique_ptr<pqxx::connection>* connection) {
  std::optional<std::string> password;
  Status status = ReadDatabasePassword(config, &password);
  if (!status.ok()) return status;
  try {
    *connection = std::make_unique<pqxx::connection>(password ? WithPassword(url, *password) : url);
    (*connection)->set_variable("statement_timeout", std::to_string(config.statement_timeout_ms));
    // The sync's and the plan's passes over every student cost enough to trigger JIT
    // compilation, which took longer than it saved (bench/plan: 1.2 s more for the plan's
    // mirror query at 1,000,000 students); nudged's other statements are too small for it.
    (*connection)->set_variable("jit", "off");
    // Rows pass between the mirror and the state database as COPY text, so both sides must
    // write and read dates and characters alike, whatever the servers' defaults.
    (*connection)->set_client_encoding("UTF8");
    (*connection)->set_variable("DateStyle", "ISO, YMD");
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(fmt::format("cannot connect to the {}: {}", what, e.what()));
  } catch (...) {
    return StatusFromCurrentException(fmt::format("connect to the {}", what));
  }
  return Status::Ok();
}

}  // namespace

Status ReadDatabasePassword(const DatabaseConfig& config, std::optional<std::string>* password) {
  password->reset();
  if (!config.password_env.empty()) {
    const char* value = std::getenv(config.password_env.c_str());
    if (value == nullptr) {
      return Status::InvalidArgument(fmt::format(
          "database.password_env: environment variable {} is not set", config.password_env));
    }
    *password = value;
  } else if (!config.password_file.empty()) {
    std::string text;
    Status status = ReadCredentialFile("database.password_file", config.password_file, &text);
    if (!status.ok()) return status;
    *password = std::move(text);
  }
  return Status::Ok();
}

std::string WithPassword(const std::string& url, const std::string& password) {
  if (IsUrl(url)) {
    const char separator = url.find('?') == std::string::npos ? '?' : '&';
    return url + separator + "password=" + PercentEncode(password);
  }
  std::string quoted;
  for (char c : password) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return url + " password='" + quoted + "'";
}

Status OpenStateDatabase(const DatabaseConfig& config,
                         std::unique_ptr<pqxx::connection>* connection) {
  return Open(config, config.url, "state database", connection);
}

Status OpenSisMirror(const DatabaseConfig& config, std::unique_ptr<pqxx::connection>* connection) {
  const std::string& url = config.sis_url.empty() ? config.url : config.sis_url;
  Status status = Open(config, url, "SIS mirror", connection);
  if (!status.ok()) return status;
  try {
    (*connection)->set_variable("search_path", (*connection)->quote_name(config.sis_schema));
    (*connection)->set_variable("default_transaction_read_only", "on");
  } catch (...) {
    connection->reset();
    return StatusFromCurrentException("configure the SIS mirror connection");
  }
  return Status::Ok();
}

ConnectionFactory StateDatabaseConnector(const DatabaseConfig& config) {
  return [config](std::unique_ptr<pqxx::connection>* connection) {
    return OpenStateDatabase(config, connection);
  };
}

}  // namespace nudged
