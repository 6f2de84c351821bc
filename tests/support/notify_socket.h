// A datagram socket standing in for systemd's notification socket, for tests of sd_notify
// (app/systemd_notify.h) in this process or in a daemon it starts: binds a fresh path, sets
// $NOTIFY_SOCKET to it, and restores the environment when done. Test-only; header-only.

#ifndef NUDGED_TESTS_SUPPORT_NOTIFY_SOCKET_H_
#define NUDGED_TESTS_SUPPORT_NOTIFY_SOCKET_H_

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "tests/support/files.h"

namespace nudged::testing {

class NotifySocket {
 public:
  NotifySocket() {
    path_ = NewScratchDirectory("notify") + "/notify.sock";
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof(address.sun_path));
    path_.copy(address.sun_path, path_.size());
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    timeval timeout{2, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setenv("NOTIFY_SOCKET", path_.c_str(), 1);
  }
  ~NotifySocket() {
    unsetenv("NOTIFY_SOCKET");
    close(fd_);
    unlink(path_.c_str());
  }

  // Returns the next datagram, or "" after 2 s without one.
  std::string Receive() {
    char buffer[4096];
    const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_NOTIFY_SOCKET_H_
