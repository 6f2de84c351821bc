-- Migration 5: the daemon's scheduler (`nudged run`). Never edit this file once released; add
-- sql/006_*.sql instead.
--
-- A wave the scheduler could not plan before its messages stopped being relevant (the daemon
-- was down) is recorded as missed, so it is reported and never planned late. Only one of
-- several `nudged run` processes runs the scheduler: the one holding the leader lease.

ALTER TABLE nudged.waves DROP CONSTRAINT waves_state_check;
ALTER TABLE nudged.waves ADD CONSTRAINT waves_state_check
  CHECK (state IN ('planned', 'held', 'approved', 'enqueued', 'sent', 'cancelled', 'missed'));
COMMENT ON COLUMN nudged.waves.state IS
  'planned: messages computed; held: the data-quality gate failed (held_reason says why), nothing '
  'enqueued until `nudged approve`; approved: released by staff; enqueued: outbox rows ready; sent: '
  'every outbox row reached a final state; cancelled: staff called the wave off; missed: the '
  'scheduler could not plan it before its relevance deadline (nudged was down), nothing enqueued.';

CREATE TABLE nudged.leader_lease (
  name text PRIMARY KEY CHECK (name <> ''),
  holder text NOT NULL CHECK (holder <> ''),
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at >= acquired_at)
);
COMMENT ON TABLE nudged.leader_lease IS
  'One row per leader role ("scheduler"). The holder renews expires_at periodically; once it '
  'has passed on the database clock any instance may take the role over. Times are the '
  'database''s clock_timestamp(), so hosts need not agree on the time.';
