-- Migration 7: a sync's snapshot and a wave's messages written in bulk, without a trigger per
-- row, and a message's creation recorded once, by its outbox row. Never edit this file once
-- released; add a later one instead.
--
-- A foreign key is checked by a trigger call and an index probe for every inserted row. At a
-- state's scale (bench/plan, 1,000,000 students, 1.6 million messages a wave) the checks on the
-- bulk writes cost as much as the writes themselves: COPY of the 1,000,000 snapshot rows took
-- 8.1 s with sync_snapshots -> sync_runs and 3.6 s without; outbox -> waves and audit_events ->
-- outbox cost about 4 us a row each. The references still hold, by how the rows are written,
-- and the deletes that could break them are refused or cascaded by statement-level triggers
-- that cost nothing per inserted row:
--   * a sync's snapshot rows are written by the sync, after it committed the sync_runs row they
--     carry the id of; deleting sync runs deletes their snapshot rows, as the key's ON DELETE
--     CASCADE did;
--   * outbox rows are inserted only by the planner, which first locks the wave's row FOR UPDATE
--     (so it exists while they are written), and a wave is never deleted;
--   * every audit row is inserted from outbox rows the same statement reads or updates, and an
--     outbox row is deleted only when a held wave's rows are discarded, before the wave was ever
--     enqueued and before any row has an audit event.
--
-- Until now enqueueing also copied every new row into an audit event (NULL -> ready, "planned")
-- whose time, message and states the row itself holds: created_at is the enqueueing
-- transaction's now(), the same instant the event carried, and the planner creates rows only
-- as ready. At a state's scale that was 1.6 million rows and 3.3 s a wave. The row is now the
-- record of its creation, nudged.message_events shows it as each message's first event, and the
-- rows of an enqueued wave are never deleted.

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

-- Refuses the statement, saying why with the trigger's argument.
CREATE FUNCTION nudged.refuse_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% (% refused)', TG_ARGV[0], TG_OP;
END;
$$;
CREATE TRIGGER waves_never_deleted
  BEFORE DELETE OR TRUNCATE ON nudged.waves
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.refuse_statement(
    'nudged.waves rows are never deleted: outbox rows refer to them');

CREATE FUNCTION nudged.outbox_enqueued_rows_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM deleted_rows d
             WHERE EXISTS (SELECT 1 FROM nudged.audit_events a WHERE a.outbox_id = d.outbox_id)
                OR EXISTS (SELECT 1 FROM nudged.waves w
                           WHERE w.school_year = d.school_year AND w.wave = d.wave
                             AND w.enqueued_at IS NOT NULL))
  THEN
    RAISE EXCEPTION 'nudged.outbox rows of an enqueued wave or with audit events are never deleted';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_enqueued_rows_kept
  AFTER DELETE ON nudged.outbox REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.outbox_enqueued_rows_kept();

CREATE TRIGGER outbox_never_truncated
  BEFORE TRUNCATE ON nudged.outbox
  FOR EACH STATEMENT EXECUTE FUNCTION nudged.refuse_statement(
    'nudged.outbox is never truncated: its rows record the messages'' creation');

COMMENT ON COLUMN nudged.sync_snapshots.sync_id IS
  'The nudged.sync_runs row (no foreign key, see migration 7: the sync writes the run first, and '
  'deleting runs deletes their snapshots).';
COMMENT ON COLUMN nudged.outbox.wave IS
  'With school_year, the wave in nudged.waves (no foreign key, see migration 7: the planner '
  'writes under the wave''s row lock and waves are never deleted).';
COMMENT ON COLUMN nudged.audit_events.outbox_id IS
  'The nudged.outbox row (no foreign key, see migration 7: each audit row is written from the '
  'outbox row it records, and audited outbox rows are never deleted).';
COMMENT ON TABLE nudged.audit_events IS
  'Append-only log of every outbox state change after the row''s creation, which the row itself '
  'records (created_at; see nudged.message_events). Nothing updates or deletes it; a trigger '
  'enforces that.';

CREATE VIEW nudged.message_events AS
SELECT NULL::bigint AS audit_id, o.created_at AS at, o.outbox_id, NULL::text AS old_state,
       'ready'::text AS new_state, 0 AS attempt, NULL::text AS provider_code,
       NULL::text AS provider_sid, 'planned in wave ' || o.wave AS detail
FROM nudged.outbox o
UNION ALL
SELECT audit_id, at, outbox_id, old_state, new_state, attempt, provider_code, provider_sid, detail
FROM nudged.audit_events;
COMMENT ON VIEW nudged.message_events IS
  'Each message''s whole history: its creation (from the outbox row; the planner creates rows '
  'ready) and then its audit events. Order one message''s events by at, then audit_id NULLS '
  'FIRST.';
