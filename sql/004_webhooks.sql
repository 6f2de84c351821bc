-- Migration 4: what the webhook listener receives from the provider (issue 5). Never edit this
-- file once released; add sql/005_*.sql instead.
--
-- Every status callback and every inbound message is kept before the provider gets its 200, so a
-- crash never loses an acknowledged request, and a callback that arrives before the dispatcher
-- recorded the message as sent waits here (pending) until it can be applied.

CREATE TABLE nudged.status_callbacks (
  callback_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  outbox_id bigint,
  provider_sid text NOT NULL CHECK (provider_sid <> ''),
  provider_status text NOT NULL,
  state text NOT NULL CHECK (state IN ('sent', 'delivered', 'undelivered', 'failed')),
  error_code text,
  detail text NOT NULL,
  outcome text NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'applied', 'stale', 'unknown_outbox', 'sid_mismatch')),
  resolved_at timestamptz,
  CHECK ((outcome = 'pending') = (resolved_at IS NULL))
);
-- Resolution looks only at the callbacks still pending.
CREATE INDEX status_callbacks_pending_idx ON nudged.status_callbacks (outbox_id)
  WHERE outcome = 'pending';
COMMENT ON TABLE nudged.status_callbacks IS
  'One row per status callback received (POST /twilio/status), repeats included. A callback '
  'moves its outbox row forward only (sent -> delivered | undelivered | failed); it is applied '
  'once the row is sent with the same SID, so one that overtakes the dispatcher stays pending.';
COMMENT ON COLUMN nudged.status_callbacks.outbox_id IS
  'The outbox_id named in the callback URL''s query; no foreign key, since an unknown id is '
  'recorded too.';
COMMENT ON COLUMN nudged.status_callbacks.provider_status IS
  'MessageStatus or CallStatus as the provider sent it, e.g. "no-answer".';
COMMENT ON COLUMN nudged.status_callbacks.state IS
  'The outbox state the provider status means (daemon/http/callback_status.h).';
COMMENT ON COLUMN nudged.status_callbacks.outcome IS
  'pending: the row is not sent yet (or has no SID), applied when it is; applied: it changed the '
  'row; stale: the row was already at that state or a later one (a repeat, an out-of-order '
  'arrival); unknown_outbox: no such outbox row; sid_mismatch: the row was sent under another SID.';

CREATE TABLE nudged.inbound_messages (
  inbound_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  message_sid text NOT NULL UNIQUE CHECK (message_sid <> ''),
  from_number text NOT NULL,
  to_number text NOT NULL,
  body text NOT NULL,
  action text NOT NULL CHECK (action IN ('opt_out', 'opt_in', 'help', 'for_staff'))
);
CREATE INDEX inbound_messages_for_staff_idx ON nudged.inbound_messages (received_at)
  WHERE action = 'for_staff';
COMMENT ON TABLE nudged.inbound_messages IS
  'Every message caregivers sent to the district''s numbers (POST /twilio/inbound), keywords '
  'included, with what nudged did about it. Messages with action for_staff are for school staff '
  'to read and answer. A provider retry (same message_sid) is stored once and acted on once.';
COMMENT ON COLUMN nudged.inbound_messages.action IS
  'opt_out: STOP and its synonyms, from_number opted out of sms and voice; opt_in: START, YES, '
  'UNSTOP, its opt-outs revoked; help: HELP or INFO, answered with the district''s name and '
  'phone; for_staff: anything else.';
