// Translation of libpqxx exceptions into Status, the only place outside of which no pqxx
// exception may travel (STYLE.md habit 3). Thread-safe (pure).

#ifndef NUDGED_DB_ERRORS_H_
#define NUDGED_DB_ERRORS_H_

#include <string_view>

#include "nudged/status.h"

namespace nudged {

// Returns the Status for the exception being handled, with `step` (e.g. "apply migration 2")
// naming what failed: broken_connection, serialization_failure and deadlock_detected become
// Unavailable (retrying may work), unique_violation Conflict, in_doubt_error InDoubt, other SQL
// and usage errors Internal.
// REQUIRES: called inside a catch block (it rethrows the current exception to inspect it).
Status StatusFromCurrentException(std::string_view step);

}  // namespace nudged

#endif  // NUDGED_DB_ERRORS_H_
