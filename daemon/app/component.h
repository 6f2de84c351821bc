// A part of `nudged run` with its own lifetime inside the daemon's event loop, for the parts
// that plug in beside the scheduler and the dispatcher: the webhook server and the health and
// metrics listener (daemon/http, daemon/metrics). The daemon starts them in
// order after the scheduler, hands them each new configuration after SIGHUP, and stops them
// in reverse order at SIGTERM/SIGINT, before the dispatcher drains. Start is called before
// the event loop's thread runs, every other call on that thread.

#ifndef NUDGED_APP_COMPONENT_H_
#define NUDGED_APP_COMPONENT_H_

#include "config/config.h"
#include "nudged/status.h"

namespace nudged {

class Component {
 public:
  virtual ~Component() = default;

  // Starts serving; a non-OK Status stops the daemon at start-up (exit 3).
  virtual Status Start() = 0;
  // Takes a configuration that was loaded and validated; called after a good SIGHUP.
  virtual void Reload(const Config& config) = 0;
  // Stops serving. Idempotent.
  virtual void Stop() = 0;
};

}  // namespace nudged

#endif  // NUDGED_APP_COMPONENT_H_
