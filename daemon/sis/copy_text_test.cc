// ParseCopyLine against lines as PostgreSQL's COPY TO writes them.

#include "sis/copy_text.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

using Fields = std::vector<std::optional<std::string>>;

TEST_CASE("ParseCopyLine splits and unescapes COPY text lines", "[sis]") {
  struct Case {
    std::string line;
    Fields expected;
  };
  const Case cases[] = {
      {"1\t\\N\tabc\n", {"1", std::nullopt, "abc"}},
      {"a\\tb\tc\\\\d\t\\n", {"a\tb", "c\\d", "\n"}},
      {"\\\\N\t\\N", {"\\N", std::nullopt}},
      {"\t", {"", ""}},
      {"", {""}},
      {"\\101\\x42\\r", {"AB\r"}},
      {"caf\xc3\xa9\t2022-05-27", {"caf\xc3\xa9", "2022-05-27"}},
  };
  Fields fields;
  for (const Case& c : cases) {
    INFO(c.line);
    ParseCopyLine(c.line, &fields);
    CHECK(fields == c.expected);
  }
}

}  // namespace
}  // namespace nudged
