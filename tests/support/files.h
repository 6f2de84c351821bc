// Files for tests: reading a whole file, and scratch directories that never outlive the test
// process. Test-only; uses Catch2 to fail the calling test. Not thread-safe: call from the
// test's own thread.

#ifndef NUDGED_TESTS_SUPPORT_FILES_H_
#define NUDGED_TESTS_SUPPORT_FILES_H_

#include <string>

namespace nudged::testing {

// Returns the whole text of the file at `path`; fails the test when it cannot be opened.
std::string ReadFile(const std::string& path);

// Returns the path of a new, empty directory named after `name`, unique to this call. Every
// such directory lives in one scratch directory per process (made under the system temporary
// directory on first use), which is removed with everything in it when the process exits
// normally, whether its tests passed or not.
std::string NewScratchDirectory(const std::string& name);

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_FILES_H_
