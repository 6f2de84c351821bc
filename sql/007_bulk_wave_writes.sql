-- Migration 7: a wave's messages and their creation audit written in bulk, without a trigger
-- per row. Never edit this file once released; add a later one instead.
--
-- A foreign key is checked by a trigger call and an index probe for every inserted row. At a
-- state's scale (bench/plan, 1,000,000 students, 1.6 million messages a wave) the two checks on
-- the wave's bulk writes cost more than the writes themselves: outbox -> waves about 4 us a row
-- in the outbox COPY, audit_events -> outbox about 4 us a row in the creation audit. Both
-- references still hold, by how the rows are written, and the deletes that could break them are
-- refused by statement-level guards that cost nothing per inserted row:
--   * outbox rows are inserted only by the planner, which first locks the wave's row FOR UPDATE
--     (so it exists while they are written), and a wave is never deleted;
--   * every audit row is inserted from outbox rows the same statement reads or updates, and an
--     outbox row is deleted only when a held wave's rows are discarded, before any has an audit
--     row.

ALTER TABLE nudged.outbox DROP CONSTRAINT outbox_school_year_wave_fkey;
ALTER TABLE nudged.audit_events DROP CONSTRAINT audit_events_outbox_id_fkey;

CREATE FUNCTION nudged.waves_never_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'nudged.waves rows are never deleted: outbox rows refer to them (% refused)',
    TG_OP;
END;
$$;
CREATE TRIGGER waves_never_deleted
  BEFORE DELETE OR TRUNCATE ON nudged.waves
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.waves_never_deleted();

CREATE FUNCTION nudged.outbox_audited_rows_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM deleted_rows d
             WHERE EXISTS (SELECT 1 FROM nudged.audit_events a WHERE a.outbox_id = d.outbox_id))
  THEN
    RAISE EXCEPTION 'nudged.outbox rows that have audit events are never deleted';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_audited_rows_kept
  AFTER DELETE ON nudged.outbox REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.outbox_audited_rows_kept();

CREATE FUNCTION nudged.outbox_never_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'nudged.outbox is never truncated: audit events refer to its rows';
END;
$$;
CREATE TRIGGER outbox_never_truncated
  BEFORE TRUNCATE ON nudged.outbox
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.outbox_never_truncated();

COMMENT ON COLUMN nudged.outbox.wave IS
  'With school_year, the wave in nudged.waves (no foreign key, see migration 7: the planner '
  'writes under the wave''s row lock and waves are never deleted).';
COMMENT ON COLUMN nudged.audit_events.outbox_id IS
  'The nudged.outbox row (no foreign key, see migration 7: each audit row is written from the '
  'outbox row it records, and audited outbox rows are never deleted).';
