#include "app/logging.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("Log levels are named as in the configuration") {
  CHECK(ParseLogLevel("warn") == spdlog::level::warn);
  CHECK(ParseLogLevel("error") == spdlog::level::err);
  CHECK(ParseLogLevel("off") == spdlog::level::off);
  CHECK_FALSE(ParseLogLevel("warning"));
  CHECK_FALSE(ParseLogLevel("INFO"));
}

TEST_CASE("Each level maps to the journald priority operators filter on") {
  struct Case {
    spdlog::level::level_enum level;
    int priority;
  };
  const Case cases[] = {{spdlog::level::critical, 2}, {spdlog::level::err, 3},
                        {spdlog::level::warn, 4},     {spdlog::level::info, 6},
                        {spdlog::level::debug, 7},    {spdlog::level::trace, 7}};
  for (const auto& c : cases) CHECK(SyslogPriority(c.level) == c.priority);
}

TEST_CASE("JOURNAL_STREAM is honoured only when it names our stderr") {
  CHECK(JournalStreamMatches("8:12345", 8, 12345));
  CHECK_FALSE(JournalStreamMatches("8:12345", 8, 12346));
  CHECK_FALSE(JournalStreamMatches("9:12345", 8, 12345));
  CHECK_FALSE(JournalStreamMatches("8:", 8, 0));
  CHECK_FALSE(JournalStreamMatches("812345", 8, 12345));
  CHECK_FALSE(JournalStreamMatches("8:12345x", 8, 12345));
  CHECK_FALSE(JournalStreamMatches("", 0, 0));
}

}  // namespace
}  // namespace nudged
