#include "config/toml_prescan.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("The prescan passes valid TOML and stops text toml++ 3.3 cannot read", "[config]") {
  struct Case {
    std::string text;
    int line;  // 0: no problem expected
    int column;
  };
  const Case cases[] = {
      {"name = \"Caf\xc3\xa9 \xc2\xa1Hola!\" # comentario \xc3\xb1\n", 0, 0},
      {"\xEF\xBB\xBFname = 'x'\n", 0, 0},
      {"body = '''\n\xc3\xa9'''\n", 0, 0},
      {"body = \"\"\"\n\xc3\xa9 \\\" \xc3\xa9\"\"\"\n", 0, 0},
      {"body = \"\"\"a \\\n  b \xc3\xa9\"\"\"\n", 0, 0},
      {"\"cl\xc3\xa9\" = 1\n", 0, 0},
      {"a = \"x\\\"\xc3\xa9\"\n", 0, 0},
      {"a = 1\n[cl\xc3\xa9]\n", 2, 4},
      {"a = 1 \xc2\xa0\n", 1, 7},
      {"\xc3\xa9t\xc3\xa9 = 1", 1, 1},
      {"a = \"unterminated\n\xc3\xa9 = 1\n", 2, 1},
      {"body = \"\"\"\\\n   \xc2\xa1Hola\"\"\"\n", 2, 4},
      {"body = \"\"\"\\\xc3\xa9\"\"\"\n", 1, 12},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const std::optional<PrescanProblem> problem = FindTextToml33CannotParse(c.text);
    if (c.line == 0) {
      CHECK_FALSE(problem.has_value());
    } else {
      REQUIRE(problem.has_value());
      CHECK(problem->position.line == c.line);
      CHECK(problem->position.column == c.column);
    }
  }
}

}  // namespace
}  // namespace nudged
