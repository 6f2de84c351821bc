// Carries out the scheduler's decisions (scheduler/scheduler.h) against the databases: the
// nightly sync, each wave's plan through the data-quality gate, missed and finished waves. The
// same worker serves `nudged run` (on its scheduler thread, with the real clock) and
// `nudged simulate` (with a simulated clock). It logs one line per event: "sync finished",
// "wave enqueued" with the plan's counts, "wave held", "wave missed", "wave finished" with
// the outbox's counts.
//
//   SchedulerWorker worker;
//   Status s = worker.Configure(config, config_path);   // again after a reload
//   std::optional<Instant> next;
//   s = worker.RunDue(clock.Now(), &next);              // then wait until *next
// Not thread-safe: use it from one thread at a time (it owns its connections).

#ifndef NUDGED_SCHEDULER_SCHEDULER_WORKER_H_
#define NUDGED_SCHEDULER_SCHEDULER_WORKER_H_

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <string>

#include "calendar/calendar.h"
#include "calendar/schedule.h"
#include "config/config.h"
#include "nudged/clock.h"
#include "nudged/status.h"
#include "plan/plan_run.h"
#include "render/template_set.h"
#include "scheduler/leader_lease.h"
#include "scheduler/scheduler.h"
#include "scheduler/scheduler_store.h"

namespace nudged {

class SchedulerWorker {
 public:
  SchedulerWorker() = default;

  // Takes `config` (validated) and builds its templates. Returns InvalidArgument when the
  // templates do not build (the errors are logged); the previous configuration then stays.
  Status Configure(const Config& config, const std::string& config_path);

  // With a lease, RunDue acts only while this instance holds it (renewed before each action).
  void UseLeaderLease(std::unique_ptr<LeaderLease> lease) { lease_ = std::move(lease); }

  // Runs everything due at `now` until nothing is, and sets *next to when something will be
  // (nullopt: never, this school year). Returns the first failure; the connections are then
  // dropped and reopened by the next call. REQUIRES: Configure succeeded.
  Status RunDue(Instant now, std::optional<Instant>* next);

  // Whether this instance held the leader lease at its last check (true without a lease).
  // Thread-safe.
  bool leader() const { return leader_.load(); }

  // Lets the lease go (clean stop) and closes the connections.
  void Shutdown();

  // The plans this worker ran, by wave number (for `nudged simulate`'s summary).
  const std::map<int, PlanRunResult>& plans() const { return plans_; }
  const Schedule& schedule() const { return *schedule_; }
  const std::string& school_year() const { return school_year_; }
  // The outbox counts of wave `wave`; and whether the database says it is `state`.
  Status ReadCounts(int wave, WaveCounts* counts);
  Status ReadView(SchedulerView* view);

 private:
  Status Connect();
  Status Act(const SchedulerAction& action, Instant now);
  Status Sync(Date as_of);
  Status Plan(const Wave& wave);
  Status Miss(const Wave& wave, Instant now);
  Status Close(const Wave& wave);
  // Renews the lease when there is one; sets *leader.
  Status CheckLeader(bool* leader);

  std::unique_ptr<Config> config_;
  std::unique_ptr<TemplateSet> templates_;
  std::unique_ptr<Calendar> calendar_;
  std::unique_ptr<Schedule> schedule_;
  SchedulerTimes times_;
  std::string school_year_;

  std::unique_ptr<pqxx::connection> state_, enqueue_, mirror_;
  std::unique_ptr<LeaderLease> lease_;
  std::optional<bool> was_leader_;  // for logging a change of leadership once
  std::atomic<bool> leader_{false};  // read by other threads
  std::map<int, PlanRunResult> plans_;
};

}  // namespace nudged

#endif  // NUDGED_SCHEDULER_SCHEDULER_WORKER_H_
