#include "app/systemd_notify.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "tests/support/files.h"

namespace nudged {
namespace {

// A datagram socket standing in for systemd's notification socket: binds a fresh path, sets
// $NOTIFY_SOCKET to it, and restores the environment when done.
class NotifySocket {
 public:
  NotifySocket() {
    path_ = testing::NewScratchDirectory("notify") + "/notify.sock";
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

TEST_CASE("sd_notify messages arrive on NOTIFY_SOCKET exactly") {
  NotifySocket systemd;
  CHECK(systemd::NotifyReady());
  CHECK(systemd.Receive() == "READY=1");
  CHECK(systemd::NotifyReloading());
  CHECK(systemd.Receive() == "RELOADING=1");
  CHECK(systemd::NotifyStopping());
  CHECK(systemd.Receive() == "STOPPING=1");
  CHECK(systemd::NotifyWatchdog());
  CHECK(systemd.Receive() == "WATCHDOG=1");
  CHECK(systemd::NotifyStatus("sending wave 3: 1200 of 4000 sent"));
  CHECK(systemd.Receive() == "STATUS=sending wave 3: 1200 of 4000 sent");
}

TEST_CASE("sd_notify STATUS is one line of at most 200 bytes, cut between characters") {
  NotifySocket systemd;
  CHECK(systemd::NotifyStatus("held wave 2\nnudged approve --wave 2\r"));
  CHECK(systemd.Receive() == "STATUS=held wave 2 nudged approve --wave 2 ");
  // 199 ASCII bytes then a two-byte "é": the cut at 200 would split it.
  CHECK(systemd::NotifyStatus(std::string(199, 'a') + "\xC3\xA9" + "tail"));
  CHECK(systemd.Receive() == "STATUS=" + std::string(199, 'a'));
}

TEST_CASE("sd_notify does nothing outside systemd") {
  unsetenv("NOTIFY_SOCKET");
  CHECK_FALSE(systemd::NotifyReady());
  CHECK_FALSE(systemd::NotifyStatus("idle"));
  CHECK_FALSE(systemd::NotifyWatchdog());
}

TEST_CASE("the watchdog is pinged at half of WATCHDOG_USEC, only for our process") {
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
  CHECK_FALSE(systemd::WatchdogInterval());
  setenv("WATCHDOG_USEC", "30000000", 1);
  CHECK(systemd::WatchdogInterval() == std::chrono::seconds(15));
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  CHECK(systemd::WatchdogInterval() == std::chrono::seconds(15));
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  CHECK_FALSE(systemd::WatchdogInterval());
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  setenv("WATCHDOG_USEC", "not a number", 1);
  CHECK_FALSE(systemd::WatchdogInterval());
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
}

}  // namespace
}  // namespace nudged
