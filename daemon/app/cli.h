// The command-line front end: parses arguments (DESIGN.md, "Command line") and runs one command.

#ifndef NUDGED_APP_CLI_H_
#define NUDGED_APP_CLI_H_

namespace nudged {

// Exit codes of every nudged command (DESIGN.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitInvalidInput = 1,
  kExitUsage = 2,
  kExitRuntimeFailure = 3,
};

// Runs the command named in argv and returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace nudged

#endif  // NUDGED_APP_CLI_H_
