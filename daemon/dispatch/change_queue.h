// The hand-over of row changes from the sending side (Asio callbacks) to the database thread,
// which writes everything queued in one group commit. Thread-safe.

#ifndef NUDGED_DISPATCH_CHANGE_QUEUE_H_
#define NUDGED_DISPATCH_CHANGE_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "dispatch/transition.h"

namespace nudged {

class ChangeQueue {
 public:
  // Queues `change` and wakes the waiting database thread.
  void Push(RowChange change);

  // Returns everything queued, oldest first, and empties the queue.
  std::vector<RowChange> TakeAll();

  bool empty() const;

  // Waits until a change is queued, Wake is called, or `timeout` passes.
  void WaitFor(std::chrono::microseconds timeout);

  // Ends the current or next WaitFor early (e.g. room to claim, a stop request).
  void Wake();

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // Guarded by mutex_.
  std::vector<RowChange> changes_;
  bool woken_ = false;
};

}  // namespace nudged

#endif  // NUDGED_DISPATCH_CHANGE_QUEUE_H_
