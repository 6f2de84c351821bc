// Implementation details: RunDue is a short loop: read the view, decide, run the actions, and
// again, because one action can make the next due (a catch-up sync makes its wave's plan due).
// A decision that asks for the same actions twice in a row made no progress; the loop stops
// there and reports Internal instead of spinning. Connections are opened lazily and dropped
// after any failure, so an outage is retried by the caller's backoff with fresh connections.

#include "scheduler/scheduler_worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "calendar/send_window.h"
#include "calendar/wave_key.h"
#include "common/log_value.h"
#include "db/connection.h"
#include "metrics/wave_outcome.h"
#include "plan/plan_report.h"
#include "sis/snapshot_sync.h"
#include "sis/sync_request.h"

namespace nudged {
namespace {

constexpr int kMaxRounds = 8;

const Wave* FindWave(const Schedule& schedule, int number) {
  for (const Wave& wave : schedule.waves) {
    if (wave.number == number) return &wave;
  }
  return nullptr;
}

}  // namespace

Status SchedulerWorker::Configure(const Config& config, const std::string& config_path) {
  auto templates = std::make_unique<TemplateSet>();
  std::vector<Diagnostic> diagnostics;
  Status status = TemplateSet::Build(config.messages, config_path, templates.get(), &diagnostics);
  for (const Diagnostic& d : diagnostics) spdlog::error("template {}", d.ToString());
  if (!status.ok()) return status;
  config_ = std::make_unique<Config>(config);
  templates_ = std::move(templates);
  calendar_ = std::make_unique<Calendar>(config_->calendar, config_->cadence);
  schedule_ = std::make_unique<Schedule>(BuildSchedule(config_->calendar, config_->cadence));
  times_.zone = date::locate_zone(config_->district.timezone);
  times_.sync_at = config_->cadence.sync_at;
  times_.plan_at = config_->cadence.plan_at;
  times_.send_window_start = config_->cadence.send_window_start;
  times_.relevance_deadline_hours = config_->provider.relevance_deadline_hours;
  school_year_ = MakeSyncRequest(*calendar_, *schedule_, config_->calendar.first_day).school_year;
  state_.reset();
  enqueue_.reset();
  mirror_.reset();
  return Status::Ok();
}

Status SchedulerWorker::Connect() {
  Status status;
  if (!state_) status = OpenStateDatabase(config_->database, &state_);
  if (status.ok() && !enqueue_) status = OpenStateDatabase(config_->database, &enqueue_);
  if (status.ok() && !mirror_) status = OpenSisMirror(config_->database, &mirror_);
  return status;
}

Status SchedulerWorker::CheckLeader(bool* leader) {
  *leader = true;
  if (!lease_) {
    leader_ = true;
    return Status::Ok();
  }
  Status status = lease_->Renew(*state_, leader);
  leader_ = *leader;
  if (!status.ok()) return status;
  if (!was_leader_ || *was_leader_ != *leader) {
    if (*leader) {
      spdlog::info("leader lease taken holder={}", lease_->holder());
    } else {
      spdlog::info("leader lease held by another instance, standing by holder={}",
                   lease_->holder());
    }
  }
  was_leader_ = *leader;
  return Status::Ok();
}

Status SchedulerWorker::ReadView(SchedulerView* view) {
  Status status = Connect();
  if (status.ok()) status = ReadSchedulerView(*state_, school_year_, *schedule_, view);
  return status;
}

Status SchedulerWorker::ReadCounts(int wave, WaveCounts* counts) {
  Status status = Connect();
  if (status.ok()) status = ReadWaveCounts(*state_, school_year_, wave, counts);
  return status;
}

// Shape: up to kMaxRounds of (leader? → view → decide → act on each action).
Status SchedulerWorker::RunDue(Instant now, std::optional<Instant>* next) {
  Status status = Connect();
  std::vector<SchedulerAction> previous;
  for (int round = 0; status.ok() && round < kMaxRounds; ++round) {
    bool leader = false;
    status = CheckLeader(&leader);
    if (!status.ok()) break;
    SchedulerView view;
    status = ReadSchedulerView(*state_, school_year_, *schedule_, &view);
    if (!status.ok()) break;
    const SchedulerDecision decision = Decide(*calendar_, *schedule_, times_, now, view);
    *next = decision.next;
    if (!leader || decision.actions.empty()) return Status::Ok();
    if (decision.actions == previous) {
      status = Status::Internal(fmt::format("scheduler: {} of wave {} made no progress",
                                            ActionKindName(previous.front().kind),
                                            previous.front().wave));
      break;
    }
    previous = decision.actions;
    for (const SchedulerAction& action : decision.actions) {
      status = Act(action, now);
      if (!status.ok()) break;
      status = CheckLeader(&leader);
      if (!status.ok() || !leader) break;
    }
  }
  if (status.ok()) return Status::Internal("scheduler: too many rounds of actions");
  leader_ = false;  // cut off from the database: another instance may take over
  state_.reset();
  enqueue_.reset();
  mirror_.reset();
  return status;
}

Status SchedulerWorker::Act(const SchedulerAction& action, Instant now) {
  if (action.kind == ActionKind::kSync) return Sync(action.as_of);
  const Wave* wave = FindWave(*schedule_, action.wave);
  if (wave == nullptr) return Status::Internal("scheduler: no such wave");
  switch (action.kind) {
    case ActionKind::kPlan:
      return Plan(*wave);
    case ActionKind::kMiss:
      return Miss(*wave, now);
    case ActionKind::kClose:
      return Close(*wave);
    case ActionKind::kSync:
      break;
  }
  return Status::Ok();
}

Status SchedulerWorker::Sync(Date as_of) {
  const auto started = std::chrono::steady_clock::now();
  const SyncRequest request = MakeSyncRequest(*calendar_, *schedule_, as_of);
  SyncSummary summary;
  Status status = RunSnapshotSync(*mirror_, *state_, request, &summary);
  if (!status.ok()) return status;
  spdlog::info("sync finished id={} as_of={} students={} absences={} anomalies={} ms={}",
               summary.sync_id, FormatIsoDate(as_of), summary.students, summary.absences,
               summary.anomalies,
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
  return Status::Ok();
}

Status SchedulerWorker::Plan(const Wave& wave) {
  PlanRunInput input = MakePlanRunInput(*config_, *schedule_, wave);
  input.templates = templates_.get();
  input.dry_run = false;
  spdlog::info("wave planning started wave={} date={} kind={}", wave.number,
               FormatIsoDate(wave.date), WaveKindName(wave.kind));
  PlanRunResult result;
  Status status = RunPlan(
      *state_, enqueue_.get(), *mirror_, input, [](const PlanRow&) {}, &result);
  if (!status.ok()) return status;
  if (!result.covered) return Status::Internal("scheduler: no sync covers the wave it planned");
  plans_[wave.number] = result;
  const std::string fields = PlanSummaryFields(input.wave, result.summary);
  if (result.held) {
    spdlog::error("wave held {} reasons={} hint={}", fields, result.held_reasons.size(),
                  LogQuote(fmt::format("nudged approve --wave {}", wave.number)));
  } else if (result.enqueue_skipped) {
    spdlog::info("wave not enqueued wave={} date={} state={}", wave.number,
                 FormatIsoDate(wave.date), result.wave_state);
  } else {
    spdlog::info("wave enqueued {} enqueued={} sync={}", fields, result.enqueued.messages,
                 result.sync_id);
  }
  return Status::Ok();
}

Status SchedulerWorker::Miss(const Wave& wave, Instant now) {
  const auto deadline = std::chrono::floor<std::chrono::seconds>(RelevantUntil(wave, times_));
  const std::string why = fmt::format(
      "not planned before its relevance deadline {} (nudged was not running); noticed at {}",
      FormatLocalIso(deadline, *times_.zone),
      FormatLocalIso(std::chrono::floor<std::chrono::seconds>(now), *times_.zone));
  bool recorded = false;
  Status status = RecordMissedWave(*state_, MakeWaveKey(school_year_, wave), why, &recorded);
  if (!status.ok()) return status;
  if (recorded) {
    spdlog::error("wave missed wave={} date={} deadline={}", wave.number, FormatIsoDate(wave.date),
                  FormatLocalIso(deadline, *times_.zone));
  }
  return Status::Ok();
}

Status SchedulerWorker::Close(const Wave& wave) {
  bool closed = false;
  Status status = CloseWave(*state_, MakeWaveKey(school_year_, wave), &closed);
  if (!status.ok() || !closed) return status;
  const WaveKey key = MakeWaveKey(school_year_, wave);
  WaveOutcome outcome;
  status = ReadWaveOutcome(*state_, key, &outcome);
  if (!status.ok()) return status;
  spdlog::info("wave finished {}", WaveOutcomeFields(key, outcome));
  return Status::Ok();
}

void SchedulerWorker::Shutdown() {
  leader_ = false;
  if (lease_ && state_) {
    const Status status = lease_->Release(*state_);
    if (!status.ok())
      spdlog::warn("leader lease not released error={}", LogQuote(status.ToString()));
  }
  state_.reset();
  enqueue_.reset();
  mirror_.reset();
}

}  // namespace nudged
