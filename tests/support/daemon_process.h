// Runs `nudged run` (or any long-running program) in the background for end-to-end tests:
// its stderr (the log) goes to a file the test can wait on, signals can be sent to it, and it
// is killed in the destructor if the test left it running. The child dies with the test
// process (PR_SET_PDEATHSIG). Test-only; not thread-safe.

#ifndef NUDGED_TESTS_SUPPORT_DAEMON_PROCESS_H_
#define NUDGED_TESTS_SUPPORT_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace nudged::testing {

class DaemonProcess {
 public:
  // Starts argv[0] (a path) with argv; stdout and stderr go to files in a scratch directory.
  explicit DaemonProcess(const std::vector<std::string>& argv);
  ~DaemonProcess();

  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Waits until the log contains `text` at or after byte `from` (default: anywhere), or the
  // timeout passes, or the process exits. Returns whether it appeared.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds timeout, size_t from = 0);
  // Everything logged so far (stderr).
  std::string Log() const;

  void Signal(int signal);
  // Waits up to `timeout` for the process to exit; returns its exit code (128 + signal when
  // killed by one), or -1 when it is still running.
  int Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string log_path_;
};

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_DAEMON_PROCESS_H_
