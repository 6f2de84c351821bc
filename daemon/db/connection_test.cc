// The password splicing of db/connection.h, for both forms of libpq connection strings, and the
// password sources. No server needed.

#include "db/connection.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "tests/support/files.h"

namespace nudged {
namespace {

TEST_CASE("WithPassword adds libpq's password parameter to either connection-string form", "[db]") {
  struct Case {
    std::string url, password, expected;
  };
  const Case cases[] = {
      {"postgresql:///nudged", "s3cret", "postgresql:///nudged?password=s3cret"},
      {"postgresql://db.example/nudged?sslmode=require", "a b&c=d",
       "postgresql://db.example/nudged?sslmode=require&password=a%20b%26c%3Dd"},
      {"postgres://h/d", "p%ss", "postgres://h/d?password=p%25ss"},
      {"host=/run/postgresql dbname=nudged", "it's\\x",
       "host=/run/postgresql dbname=nudged password='it\\'s\\\\x'"},
  };
  for (const Case& c : cases) {
    INFO(c.url);
    CHECK(WithPassword(c.url, c.password) == c.expected);
  }
}

TEST_CASE("The password comes from the variable or file, never from the configuration", "[db]") {
  DatabaseConfig config;
  std::optional<std::string> password;
  SECTION("none configured") {
    REQUIRE(ReadDatabasePassword(config, &password).ok());
    CHECK_FALSE(password.has_value());
  }
  SECTION("environment variable") {
    config.password_env = "NUDGED_CONNECTION_TEST_PASSWORD";
    setenv("NUDGED_CONNECTION_TEST_PASSWORD", "from-env", 1);
    REQUIRE(ReadDatabasePassword(config, &password).ok());
    CHECK(password == "from-env");
    unsetenv("NUDGED_CONNECTION_TEST_PASSWORD");
    Status status = ReadDatabasePassword(config, &password);
    CHECK(status.IsInvalidArgument());
  }
  SECTION("file relative to $CREDENTIALS_DIRECTORY, trailing newline dropped") {
    const std::string directory = testing::NewScratchDirectory("credentials");
    std::ofstream{directory + "/db-password"} << "from-file\n";
    config.password_file = "db-password";
    setenv("CREDENTIALS_DIRECTORY", directory.c_str(), 1);
    REQUIRE(ReadDatabasePassword(config, &password).ok());
    CHECK(password == "from-file");
    unsetenv("CREDENTIALS_DIRECTORY");
    CHECK(ReadDatabasePassword(config, &password).IsInvalidArgument());
  }
}

}  // namespace
}  // namespace nudged
