#include "metrics/state_snapshot.h"

#include <catch2/catch.hpp>

#include "metrics/metrics.h"

namespace nudged {
namespace {

TEST_CASE("the STATUS summary is one short line of what needs attention") {
  StateSnapshot quiet;
  CHECK(StatusSummary(quiet) == "queue 0 due; never synced");

  StateSnapshot busy;
  busy.queue_depth = 1200;
  busy.oldest_due_age_seconds = 35.7;
  busy.messages[{"unknown", "sms"}] = 4;
  busy.messages[{"unknown", "voice"}] = 1;
  busy.messages[{"sent", "sms"}] = 900;
  busy.held_waves = 2;
  busy.last_sync_success = 1793948412;  // 2026-11-06T07:00:12Z
  CHECK(StatusSummary(busy) ==
        "queue 1200 due, oldest 35s; 5 unknown; 2 waves held; last sync 2026-11-06T07:00:12Z");

  Metrics metrics;
  CHECK(metrics.StatusLine() == "no snapshot yet");
  metrics.Apply(busy);
  CHECK(metrics.StatusLine() == StatusSummary(busy));
}

}  // namespace
}  // namespace nudged
