// Telling systemd how the daemon is doing (sd_notify(3)), for the unit's Type=notify and
// WatchdogSec= (systemd/nudged.service): READY=1 once serving, RELOADING=1 while a SIGHUP
// reload runs (then READY=1 again), STOPPING=1 when a graceful stop begins, STATUS= a one-line
// summary shown by `systemctl status`, and WATCHDOG=1 at least every WatchdogInterval().
// Outside systemd ($NOTIFY_SOCKET unset) every call does nothing and returns false.
//
// Thread-safety: every function may be called from any thread (sd_notify opens its own
// socket per call).

#ifndef NUDGED_APP_SYSTEMD_NOTIFY_H_
#define NUDGED_APP_SYSTEMD_NOTIFY_H_

#include <chrono>
#include <optional>
#include <string_view>

namespace nudged::systemd {

// Each returns true when the message was sent to systemd, false when not running under it
// (or the socket refused the message, which systemd then treats as missing).
bool NotifyReady();
bool NotifyReloading();
bool NotifyStopping();
// `summary` is one line: newlines become spaces, and it is cut to 200 bytes.
bool NotifyStatus(std::string_view summary);
bool NotifyWatchdog();

// How often to call NotifyWatchdog: half of $WATCHDOG_USEC, when systemd set a watchdog for
// this process ($WATCHDOG_PID absent or ours); nullopt when there is none.
std::optional<std::chrono::microseconds> WatchdogInterval();

}  // namespace nudged::systemd

#endif  // NUDGED_APP_SYSTEMD_NOTIFY_H_
