// Implementation details: sd_notify(0, ...) leaves $NOTIFY_SOCKET set, so a reload or the
// watchdog can notify again later; it returns 0 when the variable is unset, > 0 when sent.
// STATUS is cut on a UTF-8 character boundary so journald and systemctl show valid text.

#include "app/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace nudged::systemd {
namespace {

constexpr std::size_t kLongestStatus = 200;

bool Notify(const std::string& state) { return sd_notify(0, state.c_str()) > 0; }

}  // namespace

bool NotifyReady() { return Notify("READY=1"); }
bool NotifyReloading() { return Notify("RELOADING=1"); }
bool NotifyStopping() { return Notify("STOPPING=1"); }
bool NotifyWatchdog() { return Notify("WATCHDOG=1"); }

bool NotifyStatus(std::string_view summary) {
  std::string line(summary.substr(0, std::min(summary.size(), kLongestStatus)));
  // Back off to the start of a UTF-8 sequence if the cut fell inside one.
  if (summary.size() > kLongestStatus) {
    std::size_t end = line.size();
    while (end > 0 && (static_cast<unsigned char>(summary[end]) & 0xC0) == 0x80) --end;
    line.resize(end);
  }
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return Notify("STATUS=" + line);
}

std::optional<std::chrono::microseconds> WatchdogInterval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace nudged::systemd
