// Implementation details: the current exception is rethrown into a ladder of catch clauses
// ordered from the most to the least specific libpqxx type, since several derive from each
// other (serialization_failure and deadlock_detected are transaction_rollback, itself a
// sql_error). Messages keep the server's text, which never contains a password, but not the
// query, which may be a whole migration.

#include "db/errors.h"

#include <fmt/format.h>

#include <exception>
#include <pqxx/pqxx>
#include <string>

namespace nudged {

Status StatusFromCurrentException(std::string_view step) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(fmt::format("{}: connection lost: {}", step, e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    return Status::InDoubt(fmt::format("{}: commit outcome unknown: {}", step, e.what()));
  } catch (const pqxx::serialization_failure& e) {
    return Status::Unavailable(fmt::format("{}: serialization failure, retry: {}", step, e.what()));
  } catch (const pqxx::deadlock_detected& e) {
    return Status::Unavailable(fmt::format("{}: deadlock, retry: {}", step, e.what()));
  } catch (const pqxx::unique_violation& e) {
    return Status::Conflict(fmt::format("{}: {}", step, e.what()));
  } catch (const pqxx::sql_error& e) {
    return Status::Internal(fmt::format("{}: {}", step, e.what()));
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("{}: {}", step, e.what()));
  }
}

}  // namespace nudged
