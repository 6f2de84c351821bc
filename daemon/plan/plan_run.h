// One run of `nudged plan` against the databases: find the sync covering the wave, record the
// wave, assign newcomers to the experiment, read the averages and opt-outs, stream every
// student of the snapshot through PlanStudent, hand each row to the caller and, unless it is a
// dry run, pass the data-quality gate (quality/wave_gate.h) and enqueue the messages in one
// transaction; a held wave enqueues nothing until `nudged approve`.
//
// Exactly once: the enqueueing transaction first locks the wave's row (SELECT ... FOR UPDATE)
// and plans only when the wave is still planned or approved. A second `nudged plan` of the same
// wave waits for the first to commit, then finds it enqueued and adds nothing; the outbox's
// unique key and ON CONFLICT DO NOTHING make even a forced replay add nothing.
// Not thread-safe: uses the caller's connections.

#ifndef NUDGED_PLAN_PLAN_RUN_H_
#define NUDGED_PLAN_PLAN_RUN_H_

#include <functional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "config/config.h"
#include "nudged/status.h"
#include "plan/outbox_stage.h"
#include "plan/plan_report.h"
#include "plan/wave_source.h"
#include "render/template_set.h"

namespace nudged {

struct PlanRunInput {
  const Config* config = nullptr;
  const TemplateSet* templates = nullptr;
  WaveKey wave;
  Date period_first_day;         // the day after the previous count-through, or first_day
  std::string relevant_until;    // ISO 8601 instant: send-window start + relevance hours
  bool dry_run = true;
};

struct PlanRunResult {
  bool covered = false;          // a sync covers the wave; false: nothing else was done
  std::int64_t sync_id = 0;
  std::string wave_state;        // the wave's state when the run ended
  bool enqueue_skipped = false;  // not a dry run, but the wave was no longer planned/approved
  bool held = false;             // the data-quality gate held the wave; nothing was enqueued
  std::vector<std::string> held_reasons;  // the gate's sentences when held
  PlanSummary summary;
  EnqueueResult enqueued;
};

// Returns the input for planning `wave` of `schedule` (the configuration's): its key, the
// first day of its period and its messages' relevance deadline. `templates` is left unset and
// dry_run true. REQUIRES: config was validated (the time zone exists); config outlives the input.
PlanRunInput MakePlanRunInput(const Config& config, const Schedule& schedule, const Wave& wave);

using PlanRowSink = std::function<void(const PlanRow&)>;

// Runs the plan. `enqueue` is a second connection to the state database, used only when not a
// dry run (may then be null otherwise). `sink` receives every row (messages and skip rows) in
// student_id order. Returns Unavailable/Internal for database failures (db/errors.h) and
// InvalidArgument when a message cannot be rendered; on failure nothing is enqueued.
Status RunPlan(pqxx::connection& state, pqxx::connection* enqueue, pqxx::connection& mirror,
               const PlanRunInput& input, const PlanRowSink& sink, PlanRunResult* result);

}  // namespace nudged

#endif  // NUDGED_PLAN_PLAN_RUN_H_
