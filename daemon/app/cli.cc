#include "app/cli.h"

#include <CLI/CLI.hpp>

namespace nudged {

int RunCli(int argc, char** argv) {
  CLI::App app{"nudged: personalized attendance messages for caregivers", "nudged"};
  app.set_version_flag("--version", std::string("nudged ") + NUDGED_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return kExitOk;
}

}  // namespace nudged
