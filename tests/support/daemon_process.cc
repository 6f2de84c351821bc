// Implementation details: the log is a file, not a pipe, so a chatty daemon never blocks on
// a full pipe while the test waits elsewhere; WaitForLog re-reads it every 20 ms.

#include "tests/support/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "tests/support/files.h"

namespace nudged::testing {

DaemonProcess::DaemonProcess(const std::vector<std::string>& argv) {
  const std::string dir = NewScratchDirectory("daemon");
  log_path_ = dir + "/stderr.log";
  const std::string out_path = dir + "/stdout.log";
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(args[0], args.data());
    _exit(127);
  }
}

DaemonProcess::~DaemonProcess() {
  if (exit_code_ >= 0 || pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
}

std::string DaemonProcess::Log() const {
  // Not ReadFile: the child may not have created the file yet.
  std::ifstream in(log_path_);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool DaemonProcess::WaitForLog(const std::string& text, std::chrono::milliseconds timeout,
                               size_t from) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const std::string log = Log();
    if (log.size() > from && log.find(text, from) != std::string::npos) return true;
    if (std::chrono::steady_clock::now() >= deadline || Wait(std::chrono::milliseconds(0)) >= 0)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void DaemonProcess::Signal(int signal) {
  if (exit_code_ < 0) kill(pid_, signal);
}

int DaemonProcess::Wait(std::chrono::milliseconds timeout) {
  if (exit_code_ >= 0) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace nudged::testing
