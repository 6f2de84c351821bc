// Plans the students of a wave on other threads while the calling thread streams them in and
// writes their rows out, in the order the students came. PlanStudent is pure and needs most of
// a plan's CPU time, so it is what runs elsewhere; the database streams stay on the calling
// thread, one connection each, as libpqxx requires.
//
// PlanStudent runs as its two steps (plan/student_plan.h): one drafting thread runs
// DraftStudent, then worker threads render. Drafting validates phone numbers, most of the CPU
// time, and libphonenumber serialises its callers on a lock it takes some thirty times per
// number: two threads in it at once took as long as one while burning both cores in the lock.
// One thread owns it, and the render workers and the database use the other cores.
//
// Students travel in batches; at most a few batches per worker are in flight, so memory stays
// flat whatever the district's size. Each worker renders from its own clone of the templates.
// A ParallelPlanner is used from one thread; its destructor stops and joins the workers, also
// when the caller unwinds from an exception.

#ifndef NUDGED_PLAN_PARALLEL_PLANNER_H_
#define NUDGED_PLAN_PARALLEL_PLANNER_H_

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "nudged/status.h"
#include "plan/student_plan.h"
#include "render/template_set.h"

namespace nudged {

class ParallelPlanner {
 public:
  // Called on the caller's thread with each student's outcome and PlanStudent's status, in
  // the order of Add. May throw; the exception leaves Add or Finish.
  using Writer = std::function<void(const StudentOutcome&, const Status&)>;

  // Starts the drafting thread and `workers` render threads (at least 1) planning with
  // `settings`, which must stay valid (its pointers too) until the planner is destroyed.
  ParallelPlanner(const PlanSettings& settings, int workers, Writer write);
  ~ParallelPlanner();
  ParallelPlanner(const ParallelPlanner&) = delete;
  ParallelPlanner& operator=(const ParallelPlanner&) = delete;

  // Queues one student, moving from the arguments. Writes the outcomes that are ready and
  // blocks while too many students are in flight. Rethrows an exception a worker caught.
  void Add(StudentSnapshot& student, StudentMirror& mirror);

  // Waits for every queued student and writes the remaining outcomes.
  void Finish();

  // The number of render workers for this machine: one per hardware thread, at least 1, at
  // most 8.
  static int DefaultWorkers();

 private:
  struct Batch;

  void Submit();
  // Writes the finished batches at the head of the order; with `block`, waits for the head.
  void WriteFinished(bool block);
  // Returns the next batch of `queue`, waiting for one; nullptr once the planner stops.
  std::shared_ptr<Batch> Take(std::deque<std::shared_ptr<Batch>>* queue);
  // Hands a finished batch (or one that failed) back to the caller.
  void MarkDone(Batch& batch);
  void Draft(const PlanSettings& settings);
  void Render(const PlanSettings& settings);

  const Writer write_;
  std::vector<TemplateSet> templates_;   // one clone per worker
  std::vector<PlanSettings> settings_;   // one per worker, naming its templates
  std::shared_ptr<Batch> filling_;       // the batch Add is filling
  std::deque<std::shared_ptr<Batch>> in_order_;  // submitted, not yet written; caller only
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable batch_done_;
  std::deque<std::shared_ptr<Batch>> queue_;         // GUARDED_BY(mutex_): to draft
  std::deque<std::shared_ptr<Batch>> render_queue_;  // GUARDED_BY(mutex_): drafted, to render
  bool stopping_ = false;                            // GUARDED_BY(mutex_)
  std::thread drafter_;
  std::vector<std::thread> workers_;
};

}  // namespace nudged

#endif  // NUDGED_PLAN_PARALLEL_PLANNER_H_
