-- Migration 2: the data-quality gate (DESIGN.md "Counting absences and planning a wave"). Never
-- edit this file once released; add sql/003_*.sql instead.
--
-- nudged.audit_events logs outbox rows only (its outbox_id is required), so wave-level decisions
-- (the gate holding a wave, staff approving it) get their own append-only log, wave_events.

CREATE TABLE nudged.wave_quality (
  school_year text NOT NULL,
  wave integer NOT NULL,
  sync_id bigint NOT NULL REFERENCES nudged.sync_runs,
  stats jsonb NOT NULL CHECK (jsonb_typeof(stats) = 'object'),
  failures text[] NOT NULL DEFAULT '{}',
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_year, wave),
  FOREIGN KEY (school_year, wave) REFERENCES nudged.waves
);
COMMENT ON TABLE nudged.wave_quality IS
  'The latest data-quality evaluation of each wave: the numbers the gate judged and the checks '
  'that failed. The next wave of the year compares its absence share and enrolled students '
  'with the latest earlier row, so re-evaluating a wave replaces its row.';
COMMENT ON COLUMN nudged.wave_quality.sync_id IS 'The sync run whose snapshot was judged.';
COMMENT ON COLUMN nudged.wave_quality.stats IS
  'quality/gate.h WaveQualityStats: {"students_enrolled": n, "students_qualifying": n, '
  '"students_with_absences": n, "absences_on_closures": n, "students_absences_above_enrolled": '
  'n, "contacts_considered": n, "contacts_without_channel": n}.';
COMMENT ON COLUMN nudged.wave_quality.failures IS
  'The failed checks as sentences for staff; empty when the gate passed.';

CREATE TABLE nudged.wave_events (
  wave_event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  school_year text NOT NULL,
  wave integer NOT NULL,
  old_state text,
  new_state text NOT NULL,
  actor text NOT NULL CHECK (actor <> ''),
  detail text,
  FOREIGN KEY (school_year, wave) REFERENCES nudged.waves
);
CREATE INDEX wave_events_wave_idx ON nudged.wave_events (school_year, wave, wave_event_id);
COMMENT ON TABLE nudged.wave_events IS
  'Append-only log of wave state changes made by the quality gate and by staff (held, planned '
  'again, approved). Nothing updates or deletes it; a trigger enforces that.';
COMMENT ON COLUMN nudged.wave_events.actor IS
  '"quality gate" for the gate; the approving user for `nudged approve`.';
COMMENT ON COLUMN nudged.wave_events.detail IS
  'For a hold, the failed checks; for an approval, the reasons the wave had been held.';

CREATE FUNCTION nudged.wave_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'nudged.wave_events is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER wave_events_append_only
  BEFORE UPDATE OR DELETE ON nudged.wave_events
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.wave_events_append_only();
