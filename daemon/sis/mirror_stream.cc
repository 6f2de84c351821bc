// Implementation details: COPY (query) TO STDOUT cannot take bind parameters, so the request is
// bound with set_config(..., true) into transaction-local settings ("nudged.*") that the
// queries read back with current_setting(); nothing is created in the mirror, which nudged may
// only read. The instructional days travel as one date[] and are unnested in the queries.
// libpqxx 6.4's stream_from takes a "table" that it places after COPY, so a parenthesized
// query there becomes COPY (query) TO STDOUT. Each COPY line is split into its fields and written
// back with stream_to (libpqxx 6.4's direct stream_to << stream_from ends every line with two
// newlines); values stay text, so nothing is converted: the mirror query's columns are exactly
// the state table's, in order.
//
// Enrolled instructional days are computed from ranges, not by joining days to students: the
// enrollments of a student are merged with range_agg (a transfer or overlapping stays count each
// day once), and a running count of instructional days per calendar date (an int[] indexed by
// the date's offset) turns each range into two array look-ups. The same array tells whether an
// absence event's day is instructional (the count rises on it): a join with the 180 days instead
// was planned as a nested loop over every event (the days' CTE is estimated at 10 rows), which
// made the snapshot query ten times slower at 100,000 students. Events are matched to
// enrollments by hash joins on (student, school) against each pair's stays merged into one
// multirange, which keeps one row per event even when stays at a school overlap.

#include "sis/mirror_stream.h"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "db/array_literal.h"
#include "sis/copy_text.h"

namespace nudged {
namespace {

constexpr const char* kBindRequest = R"sql(
SELECT set_config('nudged.sync_id', $1, true), set_config('nudged.days', $2, true),
       set_config('nudged.first_day', $3, true), set_config('nudged.as_of', $4, true),
       set_config('nudged.next_through', $5, true),
       set_config('nudged.previous_through', $6, true)
)sql";

// The request, read back, and the running count of instructional days: through(d) =
// cum[d - first_day + 2] is the number of instructional days in [first_day, d].
constexpr const char* kParamsCte = R"sql(
params AS (
  SELECT current_setting('nudged.sync_id')::bigint AS sync_id,
         current_setting('nudged.days')::date[] AS days,
         current_setting('nudged.first_day')::date AS first_day,
         current_setting('nudged.as_of')::date AS as_of,
         nullif(current_setting('nudged.next_through'), '')::date AS next_through,
         nullif(current_setting('nudged.previous_through'), '')::date AS previous_through
), instructional AS (
  SELECT DISTINCT unnest(days) AS day FROM params
), school_stays AS (
  SELECT student_id, school_id,
         range_agg(daterange(entry_date, exit_withdraw_date, '[]')) AS stays
  FROM enrollment GROUP BY student_id, school_id
), cumulative AS (
  SELECT array_agg(n ORDER BY g) AS cum
  FROM (SELECT g, count(i.day) OVER (ORDER BY g) AS n
        FROM params p
        CROSS JOIN generate_series(p.first_day - 1, greatest(p.as_of, p.first_day), '1 day') AS g
        LEFT JOIN instructional i ON i.day = g::date) c
))sql";

// One row per student with an enrollment in the year that started by as_of. Absences: per
// student and day, the durations of absence events (a missing one takes the category default)
// summed and capped at 1; only events on instructional days, inside an enrollment at the
// recording school, with a duration in (0, 1]. Other events are anomalies (kAnomaliesQuery).
constexpr const char* kSnapshotQuery = R"sql(
, stays AS (
  SELECT e.*, greatest(e.entry_date, p.first_day) AS lo,
         least(e.exit_withdraw_date, p.as_of) AS hi
  FROM enrollment e CROSS JOIN params p
  WHERE p.first_day <= p.as_of AND e.entry_date <= p.as_of
    AND (e.exit_withdraw_date IS NULL OR e.exit_withdraw_date >= p.first_day)
), latest AS (
  SELECT DISTINCT ON (student_id) student_id, school_id, entry_grade_level, exit_withdraw_date
  FROM stays ORDER BY student_id, entry_date DESC, school_id
), merged AS (
  SELECT student_id, min(entry_date) AS first_entry,
         range_agg(daterange(lo, hi, '[]')) AS enrolled
  FROM stays GROUP BY student_id
), enrolled_days AS (
  SELECT student_id, sum(days) FILTER (WHERE k = 0) AS total,
         sum(days) FILTER (WHERE k = 1) AS next, sum(days) FILTER (WHERE k = 2) AS previous
  FROM (SELECT m.student_id, t.k,
               CASE WHEN t.through >= lower(r)
                    THEN c.cum[least(upper(r) - 1, t.through) - p.first_day + 2]
                         - c.cum[lower(r) - p.first_day + 1] END AS days
        FROM merged m CROSS JOIN LATERAL unnest(m.enrolled) AS r
        CROSS JOIN params p CROSS JOIN cumulative c
        CROSS JOIN LATERAL (VALUES (0, p.as_of), (1, p.next_through), (2, p.previous_through))
          AS t(k, through)) per_range
  GROUP BY student_id
), absence_days AS (
  SELECT ev.student_id, ev.event_date,
         least(sum(coalesce(ev.duration, c.default_duration)), 1) AS amount
  FROM attendance_event ev
  JOIN attendance_category c ON c.category = ev.category AND c.counts_as_absence
  JOIN school_stays s ON s.student_id = ev.student_id AND s.school_id = ev.school_id
                     AND ev.event_date <@ s.stays
  CROSS JOIN params p CROSS JOIN cumulative cu
  WHERE ev.event_date BETWEEN p.first_day AND p.as_of
    AND cu.cum[ev.event_date - p.first_day + 2] > cu.cum[ev.event_date - p.first_day + 1]
    AND coalesce(ev.duration, c.default_duration) > 0
    AND coalesce(ev.duration, c.default_duration) <= 1
  GROUP BY ev.student_id, ev.event_date
), absences AS (
  SELECT a.student_id, sum(a.amount) AS total,
         coalesce(sum(a.amount) FILTER (WHERE a.event_date <= p.next_through), 0) AS next,
         coalesce(sum(a.amount) FILTER (WHERE a.event_date <= p.previous_through), 0) AS previous
  FROM absence_days a CROSS JOIN params p GROUP BY a.student_id
)
SELECT p.sync_id, l.student_id, l.school_id, l.entry_grade_level, m.first_entry,
       l.exit_withdraw_date, l.exit_withdraw_date IS NULL OR l.exit_withdraw_date >= p.as_of,
       coalesce(d.total, 0), coalesce(a.total, 0),
       CASE WHEN p.next_through IS NOT NULL THEN coalesce(d.next, 0) END,
       CASE WHEN p.next_through IS NOT NULL THEN coalesce(a.next, 0) END,
       CASE WHEN p.previous_through IS NOT NULL THEN coalesce(d.previous, 0) END,
       CASE WHEN p.previous_through IS NOT NULL THEN coalesce(a.previous, 0) END
FROM latest l
JOIN merged m USING (student_id)
LEFT JOIN enrolled_days d USING (student_id)
LEFT JOIN absences a USING (student_id)
CROSS JOIN params p
)sql";

// Every event through as_of that was not counted as it stands, one row per event and kind
// (duplicate_events: one row per student and day with several counted absence events).
constexpr const char* kAnomaliesQuery = R"sql(
, events AS MATERIALIZED (
  SELECT ev.student_id, ev.event_date, ev.school_id, ev.category,
         c.category IS NULL AS unknown_category,
         coalesce(c.counts_as_absence, false) AS absence,
         coalesce(ev.duration, c.default_duration) AS duration,
         i.day IS NOT NULL AS instructional,
         coalesce(ev.event_date <@ s.stays, false) AS enrolled
  FROM attendance_event ev
  LEFT JOIN attendance_category c ON c.category = ev.category
  LEFT JOIN instructional i ON i.day = ev.event_date
  LEFT JOIN school_stays s ON s.student_id = ev.student_id AND s.school_id = ev.school_id
  CROSS JOIN params p
  WHERE ev.event_date <= p.as_of
), found AS (
  SELECT student_id, event_date, school_id, category, 'non_instructional_day' AS kind,
         NULL::text AS detail
  FROM events WHERE NOT instructional
  UNION ALL
  SELECT student_id, event_date, school_id, category, 'outside_enrollment', NULL
  FROM events WHERE instructional AND NOT enrolled
  UNION ALL
  SELECT student_id, event_date, school_id, category, 'unknown_category', NULL
  FROM events WHERE unknown_category
  UNION ALL
  SELECT student_id, event_date, school_id, category, 'duration_out_of_range',
         format('duration %s', coalesce(duration::text, 'missing'))
  FROM events WHERE absence AND NOT coalesce(duration > 0 AND duration <= 1, false)
  UNION ALL
  SELECT student_id, event_date, min(school_id), string_agg(category, ', ' ORDER BY category),
         'duplicate_events', format('%s absence events on one day, counted once', count(*))
  FROM events WHERE absence AND instructional AND enrolled AND duration > 0 AND duration <= 1
  GROUP BY student_id, event_date HAVING count(*) > 1
)
SELECT p.sync_id, f.student_id, f.event_date, f.school_id, f.category, f.kind, f.detail
FROM found f CROSS JOIN params p
)sql";

constexpr std::array<const char*, 13> kSnapshotColumns = {"sync_id",
                                                          "student_id",
                                                          "school_id",
                                                          "grade_level",
                                                          "entry_date",
                                                          "exit_date",
                                                          "enrolled_on_as_of",
                                                          "instructional_days_enrolled",
                                                          "absences_total",
                                                          "days_enrolled_through_next",
                                                          "absences_through_next",
                                                          "days_enrolled_through_previous",
                                                          "absences_through_previous"};
constexpr std::array<const char*, 7> kAnomalyColumns = {
    "sync_id", "student_id", "event_date", "school_id", "category", "kind", "detail"};

std::string OptionalThrough(const std::optional<WaveBound>& wave) {
  return wave ? FormatIsoDate(wave->count_through) : std::string();
}

// Returns the first N fields of `row` as a tuple, the only row shape libpqxx 6.4's stream_to
// accepts.
template <size_t... I>
auto AsTuple(const std::vector<const char*>& row, std::index_sequence<I...>) {
  return std::make_tuple(row[I]...);
}

// Copies the rows of `query` (prefixed by the shared CTEs) into `table`.
template <size_t N>
void Copy(pqxx::transaction_base& mirror, pqxx::transaction_base& state, const char* query,
          const std::string& table, const std::array<const char*, N>& columns) {
  pqxx::stream_from source{mirror, fmt::format("(WITH {}{})", kParamsCte, query)};
  pqxx::stream_to sink{state, table, columns};
  std::string line;
  std::vector<std::optional<std::string>> fields;
  std::vector<const char*> row;  // nullptr is NULL to stream_to
  // Shape: one COPY line in, one row out; only the current line is held in memory.
  while (source.get_raw_line(line)) {
    ParseCopyLine(line, &fields);
    if (fields.size() != N) {
      throw std::logic_error(fmt::format("{}: {} fields, expected {}", table, fields.size(), N));
    }
    row.clear();
    for (const auto& field : fields) row.push_back(field ? field->c_str() : nullptr);
    sink << AsTuple(row, std::make_index_sequence<N>{});
  }
  source.complete();
  sink.complete();
}

}  // namespace

void StreamSnapshot(pqxx::transaction_base& mirror, pqxx::transaction_base& state,
                    const SyncRequest& request, std::int64_t sync_id) {
  mirror.exec_params(kBindRequest, std::to_string(sync_id),
                     DateArrayLiteral(request.instructional_days), FormatIsoDate(request.first_day),
                     FormatIsoDate(request.as_of), OptionalThrough(request.next_wave),
                     OptionalThrough(request.previous_wave));
  Copy(mirror, state, kSnapshotQuery, "nudged.sync_snapshots", kSnapshotColumns);
  Copy(mirror, state, kAnomaliesQuery, "nudged.sync_anomalies", kAnomalyColumns);
}

}  // namespace nudged
