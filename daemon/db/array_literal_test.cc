#include "db/array_literal.h"

#include <catch2/catch.hpp>
#include <set>

namespace nudged {
namespace {

TEST_CASE("Lists become PostgreSQL array literals") {
  CHECK(TextArrayLiteral(std::vector<std::string>{}) == "{}");
  CHECK(TextArrayLiteral(std::vector<std::string>{"K", "1"}) == R"({"K","1"})");
  CHECK(TextArrayLiteral(std::set<std::string>{"b\"c", "a\\"}) == R"({"a\\","b\"c"})");
  CHECK(TextArrayLiteral(std::vector<std::string>{"a,b", "{x}"}) == R"({"a,b","{x}"})");
  CHECK(DateArrayLiteral({}) == "{}");
  CHECK(DateArrayLiteral({MakeDate(2026, 9, 8), MakeDate(2027, 2, 28)}) ==
        "{2026-09-08,2027-02-28}");
}

}  // namespace
}  // namespace nudged
