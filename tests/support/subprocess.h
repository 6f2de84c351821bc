// Runs a program to completion for end-to-end tests and captures what it printed.
// Not thread-safe with respect to environment changes made by the caller.

#ifndef NUDGED_TESTS_SUPPORT_SUBPROCESS_H_
#define NUDGED_TESTS_SUPPORT_SUBPROCESS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nudged::testing {

struct ProcessResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed by a signal
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

struct ProcessOptions {
  // Variables set on top of the current environment, and variables removed from it.
  std::map<std::string, std::string> env;
  std::vector<std::string> unset_env;
};

// Runs argv[0] (a path) with argv, waits for it, and returns its exit code and output.
// stdin is /dev/null. Aborts the test on a failure to start the process.
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs `command` with /bin/sh -c (std::system) and returns its exit status, or -1 when it did
// not exit normally.
int RunShell(const std::string& command);

// Wraps `text` in single quotes for /bin/sh, so a DSN with '&' or spaces passes through intact.
std::string ShellQuote(std::string_view text);

// The nudged binary and the source tree of this build. Only subprocess.cc is compiled with
// their absolute paths, so the other test files do not depend on where the tree is checked out
// and a fresh clone reuses their compiled objects (ccache).
std::string NudgedBinary();
std::string SourceDir();
std::string SourcePath(const std::string& relative);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_SUBPROCESS_H_
