// Implementation details: batches of kBatchStudents amortize the locking; kBatchesPerWorker in
// flight keep every worker busy while the caller writes. A batch's `done` flag and contents are
// published under the mutex, so the caller reads a finished batch without further locking.

#include "plan/parallel_planner.h"

#include <algorithm>
#include <utility>

namespace nudged {
namespace {

constexpr size_t kBatchStudents = 256;
constexpr size_t kBatchesPerWorker = 4;

}  // namespace

struct ParallelPlanner::Batch {
  std::vector<StudentSnapshot> students;
  std::vector<StudentMirror> mirrors;
  std::vector<StudentOutcome> outcomes;
  std::vector<Status> statuses;
  std::exception_ptr error;
  bool done = false;  // GUARDED_BY(mutex_)
};

int ParallelPlanner::DefaultWorkers() {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

ParallelPlanner::ParallelPlanner(const PlanSettings& settings, int workers, Writer write)
    : write_(std::move(write)) {
  workers = std::max(workers, 1);
  templates_.reserve(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) templates_.push_back(settings.templates->Clone());
  settings_.assign(static_cast<size_t>(workers), settings);
  for (int i = 0; i < workers; ++i) {
    settings_[static_cast<size_t>(i)].templates = &templates_[static_cast<size_t>(i)];
  }
  for (const PlanSettings& own : settings_) workers_.emplace_back([this, &own] { Work(own); });
}

ParallelPlanner::~ParallelPlanner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();  // nobody will write them: the caller finished or is unwinding
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ParallelPlanner::Add(StudentSnapshot& student, StudentMirror& mirror) {
  if (!filling_) filling_ = std::make_shared<Batch>();
  filling_->students.push_back(std::move(student));
  filling_->mirrors.push_back(std::move(mirror));
  if (filling_->students.size() < kBatchStudents) return;
  Submit();
  WriteFinished(in_order_.size() > kBatchesPerWorker * workers_.size());
}

void ParallelPlanner::Finish() {
  if (filling_) Submit();
  while (!in_order_.empty()) WriteFinished(true);
}

void ParallelPlanner::Submit() {
  in_order_.push_back(filling_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(filling_));
  }
  filling_.reset();
  work_ready_.notify_one();
}

void ParallelPlanner::WriteFinished(bool block) {
  while (!in_order_.empty()) {
    const std::shared_ptr<Batch> head = in_order_.front();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!head->done && !block) return;
      batch_done_.wait(lock, [&] { return head->done; });
    }
    in_order_.pop_front();
    if (head->error) std::rethrow_exception(head->error);
    for (size_t i = 0; i < head->outcomes.size(); ++i) write_(head->outcomes[i], head->statuses[i]);
    block = false;  // the head was what had to be waited for
  }
}

void ParallelPlanner::Work(const PlanSettings& settings) {
  while (true) {
    std::shared_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    batch->outcomes.resize(batch->students.size());
    batch->statuses.resize(batch->students.size());
    try {
      for (size_t i = 0; i < batch->students.size(); ++i) {
        batch->outcomes[i] =
            PlanStudent(batch->students[i], batch->mirrors[i], settings, &batch->statuses[i]);
      }
    } catch (...) {
      batch->error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch->done = true;
    }
    batch_done_.notify_all();
  }
}

}  // namespace nudged
