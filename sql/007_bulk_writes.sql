-- Migration 7: a sync's snapshot, a wave's messages and their creation audit written in bulk,
-- without a trigger per row. Never edit this file once released; add a later one instead.
--
-- A foreign key is checked by a trigger call and an index probe for every inserted row. At a
-- state's scale (bench/plan, 1,000,000 students, 1.6 million messages a wave) the checks on the
-- bulk writes cost as much as the writes themselves: COPY of the 1,000,000 snapshot rows took
-- 8.1 s with sync_snapshots -> sync_runs and 3.6 s without; outbox -> waves and audit_events ->
-- outbox cost about 4 us a row each in the outbox COPY and the creation audit. The references
-- still hold, by how the rows are written, and the deletes that could break them are refused or
-- cascaded by statement-level triggers that cost nothing per inserted row:
--   * a sync's snapshot rows are written by the sync, after it committed the sync_runs row they
--     carry the id of; deleting sync runs deletes their snapshot rows, as the key's ON DELETE
--     CASCADE did;
--   * outbox rows are inserted only by the planner, which first locks the wave's row FOR UPDATE
--     (so it exists while they are written), and a wave is never deleted;
--   * every audit row is inserted from outbox rows the same statement reads or updates, and an
--     outbox row is deleted only when a held wave's rows are discarded, before any has an audit
--     row.

ALTER TABLE nudged.sync_snapshots DROP CONSTRAINT sync_snapshots_sync_id_fkey;
ALTER TABLE nudged.outbox DROP CONSTRAINT outbox_school_year_wave_fkey;
ALTER TABLE nudged.audit_events DROP CONSTRAINT audit_events_outbox_id_fkey;

CREATE FUNCTION nudged.sync_runs_delete_snapshots() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM nudged.sync_snapshots s USING deleted_runs d WHERE s.sync_id = d.sync_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER sync_runs_delete_snapshots
  AFTER DELETE ON nudged.sync_runs REFERENCING OLD TABLE AS deleted_runs
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.sync_runs_delete_snapshots();

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

COMMENT ON COLUMN nudged.sync_snapshots.sync_id IS
  'The nudged.sync_runs row (no foreign key, see migration 7: the sync writes the run first, and '
  'deleting runs deletes their snapshots).';
COMMENT ON COLUMN nudged.outbox.wave IS
  'With school_year, the wave in nudged.waves (no foreign key, see migration 7: the planner '
  'writes under the wave''s row lock and waves are never deleted).';
COMMENT ON COLUMN nudged.audit_events.outbox_id IS
  'The nudged.outbox row (no foreign key, see migration 7: each audit row is written from the '
  'outbox row it records, and audited outbox rows are never deleted).';
