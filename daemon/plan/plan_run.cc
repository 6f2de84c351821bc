// Implementation details: three transactions. The first (state, read-write) records the wave,
// assigns newcomers and reads the per-wave inputs, and commits, so a held or failed enqueue still
// leaves the wave visible. The snapshot is then streamed in a read-only state transaction while
// the mirror streams in its own; when enqueueing, the rows go into the outbox
// (plan/outbox_stage.h) in the third transaction, on the second state connection, which holds
// the wave's row lock from before the stream until its commit; the data-quality gate runs in
// that transaction after the rows are written and before they are enqueued or discarded. A
// rendering or gate failure throws a PlanFailure carrying the Status, and the transaction is
// rolled back.

#include "plan/plan_run.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <pqxx/pqxx>
#include <stdexcept>

#include "calendar/calendar.h"
#include "calendar/send_window.h"
#include "db/errors.h"
#include "plan/assignments.h"
#include "plan/parallel_planner.h"
#include "plan/student_stream.h"
#include "quality/wave_gate.h"
#include "sis/sync_request.h"

namespace nudged {
namespace {

constexpr const char* kLockWave = R"sql(
SELECT state FROM nudged.waves WHERE school_year = $1 AND wave = $2 FOR UPDATE
)sql";

// Carries a Status out of the stream callback or the gate, so the transaction rolls back.
struct PlanFailure : std::runtime_error {
  explicit PlanFailure(Status s) : std::runtime_error(s.ToString()), status(std::move(s)) {}
  Status status;
};

// The first transaction; fills the wave-constant part of *settings.
void PrepareWave(pqxx::connection& state, pqxx::transaction_base& mirror,
                 const PlanRunInput& input, OptOuts* opt_outs, PlanSettings* settings,
                 PlanRunResult* result) {
  pqxx::work tx{state};
  const std::optional<std::int64_t> sync_id = FindCoveringSync(tx, input.wave);
  if (!sync_id) return;
  result->covered = true;
  result->sync_id = *sync_id;
  result->wave_state = RecordWave(tx, input.wave, *sync_id);
  const Config& config = *input.config;
  if (config.experiment.enabled) {
    const std::int64_t assigned = AssignNewStudents(tx, mirror, input.wave.school_year, *sync_id,
                                                    config.experiment);
    if (assigned > 0) spdlog::info("experiment assigned students={}", assigned);
  }
  settings->averages = LoadAverages(tx, *sync_id, input.wave, config);
  *opt_outs = LoadOptOuts(tx);
  settings->opt_outs = opt_outs;
  settings->mirror_school_names = LoadSchoolNames(mirror);
  tx.commit();
}

// Streams every student through PlanStudent (on worker threads) into `sink` and, when `stage`
// is set, the stage, in student order.
void StreamPlan(pqxx::connection& state, pqxx::transaction_base& mirror,
                const PlanSettings& settings, const PlanRunInput& input,
                const PlanRowSink& sink, OutboxStage* stage, PlanRunResult* result) {
  pqxx::read_transaction tx{state};
  const StreamRequest request{result->sync_id, input.wave.school_year, input.wave.number};
  ParallelPlanner planner(
      settings, ParallelPlanner::DefaultWorkers(),
      [&](const StudentOutcome& outcome, const Status& status) {
        if (!status.ok()) throw PlanFailure(status);
        result->summary.Add(outcome);
        for (const PlanRow& row : outcome.rows) {
          sink(row);
          if (stage != nullptr && row.kind) stage->Add(row);
        }
      });
  StreamStudents(tx, mirror, request,
                 [&](StudentSnapshot& s, StudentMirror& m) { planner.Add(s, m); });
  planner.Finish();
}

PlanSettings BaseSettings(const PlanRunInput& input) {
  PlanSettings settings;
  settings.config = input.config;
  settings.templates = input.templates;
  settings.rules =
      MakeContactRules(input.config->contacts, input.config->messages, input.config->district);
  settings.wave = input.wave.number;
  settings.wave_date = input.wave.date;
  settings.count_through = input.wave.count_through;
  settings.period_first_day = input.period_first_day;
  return settings;
}

void Run(pqxx::connection& state, pqxx::connection* enqueue, pqxx::connection& mirror,
         const PlanRunInput& input, const PlanRowSink& sink, PlanRunResult* result) {
  pqxx::read_transaction mirror_tx{mirror};
  PlanSettings settings = BaseSettings(input);
  OptOuts opt_outs;
  PrepareWave(state, mirror_tx, input, &opt_outs, &settings, result);
  if (!result->covered) return;
  if (input.dry_run) {
    StreamPlan(state, mirror_tx, settings, input, sink, nullptr, result);
    return;
  }
  pqxx::work tx{*enqueue};
  result->wave_state =
      tx.exec_params1(kLockWave, input.wave.school_year, input.wave.number)[0].as<std::string>();
  if (result->wave_state != "planned" && result->wave_state != "approved") {
    result->enqueue_skipped = true;
    return;
  }
  OutboxStage stage{tx, input.wave, input.relevant_until};
  StreamPlan(state, mirror_tx, settings, input, sink, &stage, result);
  stage.Finish();
  // The messages are staged and their counts known, nothing is enqueued yet: the data-quality
  // gate decides. A held wave is committed as held, with nothing enqueued.
  const PlannerCounts counts{result->summary.contacts_considered,
                             result->summary.contacts_without_channel};
  GateOutcome gate;
  Status status = RunWaveGate(tx, *input.config, input.wave, result->sync_id, counts, &gate);
  if (!status.ok()) throw PlanFailure(status);
  if (gate.hold) {
    stage.Discard();
    tx.commit();
    result->wave_state = gate.wave_state;
    result->held = true;
    for (const GateFailure& failure : gate.result.failures) {
      result->held_reasons.push_back(failure.sentence);
    }
    return;
  }
  result->enqueued = EnqueueStaged(tx, input.wave);
  tx.commit();
  result->wave_state = "enqueued";
}

}  // namespace

PlanRunInput MakePlanRunInput(const Config& config, const Schedule& schedule, const Wave& wave) {
  const Calendar calendar(config.calendar, config.cadence);
  const SyncRequest request = MakeSyncRequest(calendar, schedule, wave.date);
  PlanRunInput input;
  input.config = &config;
  input.wave = MakeWaveKey(request.school_year, wave);
  input.period_first_day = request.previous_wave
                               ? request.previous_wave->count_through + std::chrono::days(1)
                               : config.calendar.first_day;
  const date::time_zone& zone = *date::locate_zone(config.district.timezone);
  const SendWindow window = SendWindowOn(wave.date, config.cadence.send_window_start,
                                         config.cadence.send_window_end, zone);
  input.relevant_until = FormatLocalIso(
      window.start + std::chrono::hours(config.provider.relevance_deadline_hours), zone);
  return input;
}

Status RunPlan(pqxx::connection& state, pqxx::connection* enqueue, pqxx::connection& mirror,
               const PlanRunInput& input, const PlanRowSink& sink, PlanRunResult* result) {
  *result = PlanRunResult();
  try {
    Run(state, enqueue, mirror, input, sink, result);
  } catch (const PlanFailure& failure) {
    return failure.status;
  } catch (...) {
    return StatusFromCurrentException("plan wave " + std::to_string(input.wave.number));
  }
  return Status::Ok();
}

}  // namespace nudged
