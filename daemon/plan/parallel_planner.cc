// Implementation details: batches of kBatchStudents amortize the locking; kBatchesPerWorker in
// flight keep every thread busy while the caller writes. A batch goes from queue_ to the
// drafting thread, then through render_queue_ to a render worker, then back to the caller.
// Each hand-over (and a batch's `done` flag) is published under the mutex, so a thread reads a
// batch handed to it without further locking.

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
  std::vector<StudentDraft> drafts;
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
  drafter_ = std::thread([this] { Draft(settings_.front()); });
  for (const PlanSettings& own : settings_) workers_.emplace_back([this, &own] { Render(own); });
}

ParallelPlanner::~ParallelPlanner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();  // nobody will write them: the caller finished or is unwinding
    render_queue_.clear();
  }
  work_ready_.notify_all();
  drafter_.join();
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
  work_ready_.notify_all();  // the drafting thread and the render workers share it
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

std::shared_ptr<ParallelPlanner::Batch> ParallelPlanner::Take(
    std::deque<std::shared_ptr<Batch>>* queue) {
  std::unique_lock<std::mutex> lock(mutex_);
  work_ready_.wait(lock, [&] { return stopping_ || !queue->empty(); });
  if (stopping_) return nullptr;
  std::shared_ptr<Batch> batch = std::move(queue->front());
  queue->pop_front();
  return batch;
}

void ParallelPlanner::MarkDone(Batch& batch) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.done = true;
  }
  batch_done_.notify_all();
}

void ParallelPlanner::Draft(const PlanSettings& settings) {
  while (std::shared_ptr<Batch> batch = Take(&queue_)) {
    try {
      batch->drafts.reserve(batch->students.size());
      for (size_t i = 0; i < batch->students.size(); ++i) {
        batch->drafts.push_back(DraftStudent(batch->students[i], batch->mirrors[i], settings));
      }
    } catch (...) {
      batch->error = std::current_exception();
      MarkDone(*batch);
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      render_queue_.push_back(std::move(batch));
    }
    work_ready_.notify_all();
  }
}

void ParallelPlanner::Render(const PlanSettings& settings) {
  while (std::shared_ptr<Batch> batch = Take(&render_queue_)) {
    batch->outcomes.resize(batch->students.size());
    batch->statuses.resize(batch->students.size());
    try {
      for (size_t i = 0; i < batch->students.size(); ++i) {
        batch->outcomes[i] = RenderStudent(std::move(batch->drafts[i]), batch->students[i],
                                           batch->mirrors[i], settings, &batch->statuses[i]);
      }
    } catch (...) {
      batch->error = std::current_exception();
    }
    MarkDone(*batch);
  }
}

}  // namespace nudged
