-- Migration 6: one sending dispatcher per sender. Never edit this file once released; add a
-- later one instead.
--
-- The rate limit (DESIGN.md "Delivery semantics") holds per sender in every one-second window.
-- A token bucket inside one process cannot see another's sends, so the dispatchers sharing a
-- database take turns: the instance holding a sender's lease is the only one that claims and
-- sends for it; the others stand by (heartbeat, rescue, reconciliation) and take over once the
-- lease has run out for a whole rate-limit period, so the two never send in the same window.

CREATE TABLE nudged.sender_leases (
  sender text PRIMARY KEY CHECK (sender <> ''),
  instance text NOT NULL CHECK (instance <> ''),
  started_at timestamptz NOT NULL,
  taken_at timestamptz NOT NULL,
  lease_until timestamptz NOT NULL,
  CHECK (lease_until >= taken_at)
);
COMMENT ON TABLE nudged.sender_leases IS
  'Which dispatcher run (instance and its started_at in nudged.dispatcher_instances) sends as '
  'each sender. The holder renews lease_until with its heartbeat and starts no request after '
  'it; a clean stop ends the lease at once. Another run takes the sender over only when '
  'lease_until lies at least one rate-limit period in the past.';
COMMENT ON COLUMN nudged.sender_leases.sender IS
  'The From number or Messaging Service SID the messages go out as ([provider]).';
COMMENT ON COLUMN nudged.sender_leases.taken_at IS 'When the current holder took the sender.';
