-- Migration 3: delivery by the dispatcher (DESIGN.md "Delivery semantics"). Never edit this file
-- once released; add sql/004_*.sql instead.
--
-- Several dispatcher processes may share the database. Each registers itself and beats a
-- heartbeat; the rows a dead one left in `sending` are rescued by the others as `unknown`.

CREATE TABLE nudged.dispatcher_instances (
  instance text PRIMARY KEY CHECK (instance <> ''),
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  stopped_at timestamptz,
  CHECK (heartbeat_at >= started_at)
);
COMMENT ON TABLE nudged.dispatcher_instances IS
  'One row per dispatcher name (`nudged dispatch --instance NAME`, default host:pid). An instance '
  'is alive while stopped_at is NULL and its heartbeat is recent; the rows a dead instance left '
  'in sending are moved to unknown by any live one. A restart under the same name takes the row '
  'over and first rescues its own leftovers.';
COMMENT ON COLUMN nudged.dispatcher_instances.heartbeat_at IS
  'Last heartbeat, on the dispatcher clock (the database''s in production).';
COMMENT ON COLUMN nudged.dispatcher_instances.stopped_at IS 'Set by a clean shutdown.';

ALTER TABLE nudged.outbox
  ADD COLUMN sending_started_at timestamptz,
  ADD COLUMN reconcile_after timestamptz;
COMMENT ON COLUMN nudged.outbox.sending_started_at IS
  'When the current or last attempt was claimed; reconciliation lists the provider''s messages '
  'to the recipient from shortly before it.';
COMMENT ON COLUMN nudged.outbox.reconcile_after IS
  'For unknown rows: not reconciled before this instant (the next look at the provider).';
COMMENT ON COLUMN nudged.outbox.lease_owner IS
  'The dispatcher instance sending the row (state sending) or reconciling it (state unknown), '
  'with lease_until; a sending row whose owner is dead or whose lease ran out is rescued as '
  'unknown, an unknown row whose lease ran out may be reconciled by another instance.';

COMMENT ON COLUMN nudged.outbox.provider_code IS
  'The provider error code behind the row''s state (a retry, a failure, an unknown outcome), e.g. '
  '"21211"; NULL once the row is sent. Every attempt''s code stays in audit_events.';

-- Rows still ready past their relevance deadline are expired; this finds them.
CREATE INDEX outbox_relevance_idx ON nudged.outbox (relevant_until) WHERE state = 'ready';
-- Reconciliation takes the unknown rows whose next look is due.
CREATE INDEX outbox_reconcile_idx ON nudged.outbox (reconcile_after) WHERE state = 'unknown';
