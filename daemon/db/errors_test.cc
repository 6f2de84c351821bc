// StatusFromCurrentException maps each libpqxx failure to the Status code STYLE.md names.

#include "db/errors.h"

#include <catch2/catch.hpp>
#include <functional>
#include <pqxx/pqxx>
#include <stdexcept>

namespace nudged {
namespace {

Status Translate(const std::function<void()>& thrower) {
  try {
    thrower();
  } catch (...) {
    return StatusFromCurrentException("step");
  }
  return Status::Ok();
}

TEST_CASE("libpqxx exceptions become the Status codes of the db layer", "[db]") {
  struct Case {
    const char* name;
    std::function<void()> thrower;
    Status::Code code;
  };
  const Case cases[] = {
      {"broken connection", [] { throw pqxx::broken_connection("gone"); },
       Status::Code::kUnavailable},
      {"serialization failure", [] { throw pqxx::serialization_failure("40001"); },
       Status::Code::kUnavailable},
      {"deadlock", [] { throw pqxx::deadlock_detected("40P01"); }, Status::Code::kUnavailable},
      {"unique violation", [] { throw pqxx::unique_violation("dup"); }, Status::Code::kConflict},
      {"in doubt", [] { throw pqxx::in_doubt_error("lost at commit"); },
       Status::Code::kInDoubt},
      {"other SQL error", [] { throw pqxx::syntax_error("bad"); }, Status::Code::kInternal},
      {"anything else", [] { throw std::runtime_error("boom"); }, Status::Code::kInternal},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const Status status = Translate(c.thrower);
    CHECK(status.code() == c.code);
    CHECK_THAT(status.message(), Catch::StartsWith("step: "));
  }
}

}  // namespace
}  // namespace nudged
