#include "app/systemd_notify.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "tests/support/notify_socket.h"

namespace nudged {
namespace {

using testing::NotifySocket;

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
