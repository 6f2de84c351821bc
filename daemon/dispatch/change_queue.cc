// Implementation details: `woken_` remembers a Wake that came while nobody waited, so the
// database thread never sleeps through it.

#include "dispatch/change_queue.h"

namespace nudged {

void ChangeQueue::Push(RowChange change) {
  {
    std::lock_guard lock(mutex_);
    changes_.push_back(std::move(change));
  }
  changed_.notify_one();
}

std::vector<RowChange> ChangeQueue::TakeAll() {
  std::lock_guard lock(mutex_);
  std::vector<RowChange> taken;
  taken.swap(changes_);
  return taken;
}

bool ChangeQueue::empty() const {
  std::lock_guard lock(mutex_);
  return changes_.empty();
}

void ChangeQueue::WaitFor(std::chrono::microseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [this] { return woken_ || !changes_.empty(); });
  woken_ = false;
}

void ChangeQueue::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_one();
}

}  // namespace nudged
