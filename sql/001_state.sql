-- Migration 1: nudged's own state, in schema "nudged" (created, with nudged.schema_migrations, by
-- `nudged migrate` before any migration runs). Never edit this file once released: `nudged migrate`
-- refuses to run when an applied migration's checksum changes. Add sql/002_*.sql instead.
--
-- Stored state names (wave states, delivery states, anomaly kinds, channels, kinds) are on-disk
-- format: never rename a value, only add new ones in a later migration.
--
-- Scale: a state-wide install holds 1-3 million students, so every table that grows per student
-- is keyed for set-based access (one run, one wave) rather than per-student lookups in a loop.

CREATE TABLE nudged.waves (
  school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  wave integer NOT NULL CHECK (wave >= 1),
  wave_date date NOT NULL,
  count_through date NOT NULL CHECK (count_through < wave_date),
  kind text NOT NULL CHECK (kind IN ('initial', 'recurring')),
  state text NOT NULL DEFAULT 'planned'
    CHECK (state IN ('planned', 'held', 'approved', 'enqueued', 'sent', 'cancelled')),
  held_reason text,
  sync_id bigint,
  planned_at timestamptz NOT NULL DEFAULT now(),
  held_at timestamptz,
  approved_at timestamptz,
  approved_by text,
  enqueued_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_year, wave),
  UNIQUE (school_year, wave_date),
  CHECK ((state = 'held') = (held_reason IS NOT NULL)),
  CHECK (state <> 'approved' OR approved_at IS NOT NULL),
  CHECK (state NOT IN ('enqueued', 'sent') OR enqueued_at IS NOT NULL)
);
COMMENT ON TABLE nudged.waves IS
  'One row per wave of the school year once planning has looked at it. The schedule itself is '
  'computed from the TOML calendar; this row records what happened to the wave.';
COMMENT ON COLUMN nudged.waves.school_year IS
  'School year as "YYYY-YYYY" (years of calendar first_day and last_day), e.g. "2021-2022".';
COMMENT ON COLUMN nudged.waves.wave IS 'Wave number in the schedule, from 1.';
COMMENT ON COLUMN nudged.waves.count_through IS
  'Absences are counted through this date (DESIGN.md "Counting absences and planning a wave").';
COMMENT ON COLUMN nudged.waves.state IS
  'planned: messages computed; held: the data-quality gate failed (held_reason says why), nothing '
  'enqueued until `nudged approve`; approved: released by staff; enqueued: outbox rows ready; sent: '
  'every outbox row reached a final state; cancelled: staff called the wave off.';
COMMENT ON COLUMN nudged.waves.held_reason IS
  'The failed data-quality checks, as sentences for staff; NULL unless state = held.';
COMMENT ON COLUMN nudged.waves.sync_id IS 'The sync run whose snapshot the wave was planned from.';

CREATE TABLE nudged.student_cadence (
  school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  student_id text NOT NULL CHECK (student_id <> ''),
  messages_received integer NOT NULL DEFAULT 0 CHECK (messages_received >= 0),
  last_count_through date,
  last_wave integer CHECK (last_wave >= 1),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_year, student_id),
  CHECK ((last_wave IS NULL) = (last_count_through IS NULL))
);
COMMENT ON TABLE nudged.student_cadence IS
  'Per student and school year: what the caregivers have already been told, so the next message '
  'knows its kind (initial or recurring) and its period starts the day after last_count_through.';
COMMENT ON COLUMN nudged.student_cadence.messages_received IS
  'Waves in which at least one message about the student was enqueued.';
COMMENT ON COLUMN nudged.student_cadence.last_count_through IS
  'count_through of the last wave that messaged about the student; NULL before the first.';

CREATE TABLE nudged.sync_runs (
  sync_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  as_of date NOT NULL,
  next_wave integer CHECK (next_wave >= 1),
  next_count_through date,
  previous_wave integer CHECK (previous_wave >= 1),
  previous_count_through date,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  counts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(counts) = 'object'),
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((status = 'running') = (finished_at IS NULL)),
  CHECK ((status = 'failed') = (error IS NOT NULL)),
  CHECK ((next_wave IS NULL) = (next_count_through IS NULL)),
  CHECK ((previous_wave IS NULL) = (previous_count_through IS NULL))
);
-- Planning and the quality gate look up the latest successful sync of a school year.
CREATE INDEX sync_runs_latest_idx ON nudged.sync_runs (school_year, as_of DESC, sync_id DESC)
  WHERE status = 'succeeded';
COMMENT ON TABLE nudged.sync_runs IS
  'One row per `nudged sync`: when it ran, which day it counted through and what it found. Older '
  'runs are kept so corrections made in the SIS after a message stay visible and auditable.';
COMMENT ON COLUMN nudged.sync_runs.as_of IS
  'Events are counted through this date: today in the district time zone, or --as-of.';
COMMENT ON COLUMN nudged.sync_runs.next_wave IS
  'The first wave of the schedule dated on or after as_of; snapshots carry absences through its '
  'count_through (next_count_through). NULL after the last wave.';
COMMENT ON COLUMN nudged.sync_runs.previous_wave IS
  'The wave before next_wave; snapshots carry absences through its count_through, so a wave''s '
  'period count is the difference of the two. NULL before the first wave.';
COMMENT ON COLUMN nudged.sync_runs.counts IS
  'Summary: {"students": n, "absences": x, "anomalies": {"<kind>": n, ...}}.';

CREATE TABLE nudged.sync_snapshots (
  sync_id bigint NOT NULL REFERENCES nudged.sync_runs ON DELETE CASCADE,
  student_id text NOT NULL CHECK (student_id <> ''),
  school_id bigint NOT NULL,
  grade_level text NOT NULL,
  entry_date date NOT NULL,
  exit_date date,
  enrolled_on_as_of boolean NOT NULL,
  instructional_days_enrolled integer NOT NULL CHECK (instructional_days_enrolled >= 0),
  absences_total numeric(7, 2) NOT NULL CHECK (absences_total >= 0),
  days_enrolled_through_next integer CHECK (days_enrolled_through_next >= 0),
  absences_through_next numeric(7, 2) CHECK (absences_through_next >= 0),
  days_enrolled_through_previous integer CHECK (days_enrolled_through_previous >= 0),
  absences_through_previous numeric(7, 2) CHECK (absences_through_previous >= 0),
  PRIMARY KEY (sync_id, student_id),
  CHECK (absences_total <= instructional_days_enrolled),
  CHECK (exit_date IS NULL OR exit_date >= entry_date)
);
-- School averages and the quality gate aggregate one sync by school and grade.
CREATE INDEX sync_snapshots_school_idx ON nudged.sync_snapshots (sync_id, school_id, grade_level);
COMMENT ON TABLE nudged.sync_snapshots IS
  'Per sync and student enrolled in the year on or before as_of: where the student is and how many '
  'days they missed, counted as DESIGN.md says (days not events, a day capped at 1, instructional '
  'days inside the enrollment only, only categories that count as absences).';
COMMENT ON COLUMN nudged.sync_snapshots.school_id IS
  'School of the latest enrollment that started on or before as_of.';
COMMENT ON COLUMN nudged.sync_snapshots.grade_level IS 'Grade level of that enrollment.';
COMMENT ON COLUMN nudged.sync_snapshots.entry_date IS 'First entry date among the year''s enrollments.';
COMMENT ON COLUMN nudged.sync_snapshots.exit_date IS
  'Exit date of the latest enrollment; NULL while still enrolled.';
COMMENT ON COLUMN nudged.sync_snapshots.instructional_days_enrolled IS
  'Instructional days from first_day through as_of inside any enrollment, each day once.';
COMMENT ON COLUMN nudged.sync_snapshots.absences_total IS
  'Absence days from first_day through as_of.';
COMMENT ON COLUMN nudged.sync_snapshots.absences_through_next IS
  'Absence days through min(as_of, sync_runs.next_count_through); NULL when there is no next wave.';
COMMENT ON COLUMN nudged.sync_snapshots.absences_through_previous IS
  'Absence days through sync_runs.previous_count_through; NULL when there is no previous wave.';

CREATE TABLE nudged.sync_anomalies (
  anomaly_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sync_id bigint NOT NULL REFERENCES nudged.sync_runs ON DELETE CASCADE,
  student_id text NOT NULL,
  event_date date NOT NULL,
  school_id bigint,
  category text,
  kind text NOT NULL CHECK (kind IN ('non_instructional_day', 'outside_enrollment',
                                     'unknown_category', 'duplicate_events',
                                     'duration_out_of_range')),
  detail text
);
CREATE INDEX sync_anomalies_sync_idx ON nudged.sync_anomalies (sync_id, kind);
COMMENT ON TABLE nudged.sync_anomalies IS
  'Attendance events a sync could not count, for the data-quality report and gate. Events of the '
  'first three kinds and duration_out_of_range are never counted; duplicate_events (several absence '
  'events on one counted day) is informational: the day is counted once, capped at 1.';
COMMENT ON COLUMN nudged.sync_anomalies.kind IS
  'non_instructional_day: weekend, closure or outside the year; outside_enrollment: no enrollment '
  'of the student at the event''s school covers the date; unknown_category: the category is not in '
  'attendance_category; duplicate_events: more than one absence event on one day; '
  'duration_out_of_range: an absence whose duration (or the category default) is not in (0, 1].';
COMMENT ON COLUMN nudged.sync_anomalies.category IS
  'The event''s category; for duplicate_events, the day''s categories joined with ", ".';

CREATE TABLE nudged.outbox (
  outbox_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_year text NOT NULL,
  wave integer NOT NULL,
  student_id text NOT NULL CHECK (student_id <> ''),
  contact_id text NOT NULL CHECK (contact_id <> ''),
  channel text NOT NULL CHECK (channel IN ('sms', 'voice', 'email', 'letter')),
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  kind text NOT NULL CHECK (kind IN ('initial', 'recurring', 'praise')),
  recipient text NOT NULL CHECK (recipient <> ''),
  body text NOT NULL CHECK (body <> ''),
  state text NOT NULL DEFAULT 'planned'
    CHECK (state IN ('planned', 'ready', 'sending', 'sent', 'delivered', 'undelivered', 'failed',
                     'expired', 'unknown')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz,
  lease_owner text,
  lease_until timestamptz,
  provider_sid text,
  provider_code text,
  relevant_until timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (school_year, wave) REFERENCES nudged.waves,
  UNIQUE (school_year, wave, student_id, contact_id, channel),
  CHECK ((lease_owner IS NULL) = (lease_until IS NULL)),
  CHECK (state <> 'sending' OR lease_owner IS NOT NULL)
);
-- The dispatcher claims due rows with FOR UPDATE SKIP LOCKED; this partial index holds only them.
CREATE INDEX outbox_due_idx ON nudged.outbox (next_attempt_at, outbox_id) WHERE state = 'ready';
-- Reconciliation finds ambiguous sends; leases that ran out are taken back.
CREATE INDEX outbox_unknown_idx ON nudged.outbox (updated_at) WHERE state = 'unknown';
CREATE INDEX outbox_lease_idx ON nudged.outbox (lease_until) WHERE state = 'sending';
-- Status callbacks arrive with the provider's SID.
CREATE UNIQUE INDEX outbox_provider_sid_idx ON nudged.outbox (provider_sid)
  WHERE provider_sid IS NOT NULL;
COMMENT ON TABLE nudged.outbox IS
  'One row per message: (wave, student, contact, channel) is unique, so planning a wave twice never '
  'sends twice. State machine (DESIGN.md "Delivery semantics"): planned -> ready -> sending -> sent '
  '-> delivered | undelivered | failed; ready -> expired; sending -> unknown -> sent | ready.';
COMMENT ON COLUMN nudged.outbox.recipient IS
  'E.164 phone number, email address or postal address, as sent. Never logged unmasked.';
COMMENT ON COLUMN nudged.outbox.state IS
  'sending is committed before the request goes out; unknown means the provider may have accepted '
  'it and the row must be reconciled, never blindly resent.';
COMMENT ON COLUMN nudged.outbox.next_attempt_at IS
  'Not sent before this instant (send window, backoff, Retry-After); NULL means now.';
COMMENT ON COLUMN nudged.outbox.lease_owner IS
  'The dispatcher instance sending the row, with lease_until; another may take it after that.';
COMMENT ON COLUMN nudged.outbox.provider_sid IS 'Message SID the provider returned.';
COMMENT ON COLUMN nudged.outbox.provider_code IS 'Last provider error code, e.g. "21211".';
COMMENT ON COLUMN nudged.outbox.relevant_until IS
  'Relevance deadline: a row still ready after it becomes expired instead of being sent late.';

CREATE TABLE nudged.audit_events (
  audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  outbox_id bigint NOT NULL REFERENCES nudged.outbox,
  old_state text,
  new_state text NOT NULL,
  attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  provider_code text,
  provider_sid text,
  detail text
);
CREATE INDEX audit_events_outbox_idx ON nudged.audit_events (outbox_id, audit_id);
COMMENT ON TABLE nudged.audit_events IS
  'Append-only log of every outbox state change (old_state NULL for the row''s creation). Nothing '
  'updates or deletes it; a trigger enforces that.';
COMMENT ON COLUMN nudged.audit_events.detail IS
  'Free text for people (masked recipients only, never secrets).';

CREATE FUNCTION nudged.audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'nudged.audit_events is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON nudged.audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.audit_events_append_only();

CREATE TABLE nudged.opt_outs (
  opt_out_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address text NOT NULL CHECK (address <> ''),
  channel text NOT NULL CHECK (channel IN ('sms', 'voice', 'email', 'letter')),
  source text NOT NULL CHECK (source IN ('inbound_stop', 'provider_21610', 'staff')),
  at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK (revoked_at IS NULL OR revoked_at >= at)
);
-- At most one opt-out in force per address and channel; planning looks them up set-based.
CREATE UNIQUE INDEX opt_outs_active_idx ON nudged.opt_outs (channel, address)
  WHERE revoked_at IS NULL;
COMMENT ON TABLE nudged.opt_outs IS
  'Addresses that asked not to be messaged on a channel. Revoking keeps the row (revoked_at).';
COMMENT ON COLUMN nudged.opt_outs.address IS
  'Normalized: E.164 for phone numbers, lowercased for email addresses.';
COMMENT ON COLUMN nudged.opt_outs.source IS
  'inbound_stop: the caregiver replied STOP; provider_21610: the provider said unsubscribed; '
  'staff: entered by district staff.';

CREATE TABLE nudged.experiment_assignments (
  school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  student_id text NOT NULL CHECK (student_id <> ''),
  household_key text NOT NULL CHECK (household_key <> ''),
  arm text NOT NULL CHECK (arm IN ('treatment', 'control')),
  stratum text NOT NULL,
  seed bigint NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_year, student_id)
);
CREATE INDEX experiment_assignments_household_idx
  ON nudged.experiment_assignments (school_year, household_key);
COMMENT ON TABLE nudged.experiment_assignments IS
  'Randomized holdout: each household is assigned once per school year, reproducibly from seed, '
  'and every student of the household gets the household''s arm. Never reassigned.';
COMMENT ON COLUMN nudged.experiment_assignments.household_key IS
  'Identifies students who share a caregiver (e.g. the smallest contact_id of the connected group).';
COMMENT ON COLUMN nudged.experiment_assignments.stratum IS
  'The stratification cell, "<school_id>/<grade_level>".';
