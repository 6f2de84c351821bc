# Shared set-up of the delivery crash test and benchmark (tests/chaos/dispatch_chaos,
# bench/dispatch): the fake provider, a configuration whose send window is open now, and an
# outbox filled with one wave of messages. Source after scripts/lib/postgres.sh, then:
#   start_fake_provider FAKE LATENCY_MS   starts the fake; sets FAKE_URL, FAKE_PID
#   write_delivery_config FILE RATE CONCURRENCY [EXTRA_PROVIDER_LINES]
#                                         [database] at PG_DSN, [provider] at FAKE_URL
#   fill_outbox N                         N ready messages (every tenth a call) of wave 1
# The provider token is in $DELIVERY_PROVIDER_TOKEN, which the configuration names.
DELIVERY_ACCOUNT=AC00000000000000000000000000000000
export DELIVERY_PROVIDER_TOKEN=delivery-test-token

start_fake_provider() {
  local fake=$1 latency_ms=$2 out
  out=$(mktemp /tmp/nudged-fake.XXXXXX)
  "$fake" --port 0 --account-sid "$DELIVERY_ACCOUNT" --auth-token "$DELIVERY_PROVIDER_TOKEN" \
    --latency-ms "$latency_ms" >"$out" 2>/dev/null &
  FAKE_PID=$!
  for _ in $(seq 100); do grep -q '^listening' "$out" && break; sleep 0.05; done
  FAKE_URL=http://$(sed -n 's/^listening \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$out")
  rm -f "$out"
  [ "$FAKE_URL" != http:// ]
}

# A time zone where it is early afternoon now, so the send window (clamped to 08:00-21:00
# local) stays open for hours whenever this runs, and a calendar whose every day is a send day.
write_delivery_config() {
  local file=$1 rate=$2 concurrency=$3 extra=${4:-} offset zone today first_day last_day
  offset=$(( (13 - 10#$(date -u +%H) + 36) % 24 - 12 ))
  if [ "$offset" -ge 0 ]; then zone=Etc/GMT-$offset; else zone=Etc/GMT+$((-offset)); fi
  today=$(TZ=$zone date +%F)
  first_day=$(date -d "$today - 40 days" +%F)
  last_day=$(date -d "$today + 80 days" +%F)
  DELIVERY_TODAY=$today
  cat >"$file" <<TOML
[district]
name = "Delivery Test District"
timezone = "$zone"
phone = "+15085550100"

[database]
url = "$PG_DSN"
statement_timeout_ms = 30000

[calendar]
first_day = $first_day
last_day = $last_day
instructional_weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
[[calendar.marking_periods]]
name = "All year"
from = $first_day
to = $last_day

[cadence]
send_weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
send_window = { start = "08:00", end = "21:00" }

[provider]
base_url = "$FAKE_URL"
account_sid = "$DELIVERY_ACCOUNT"
auth_token_env = "DELIVERY_PROVIDER_TOKEN"
from_number = "+15085550199"
rate_per_second = $rate
concurrency = $concurrency
$extra
TOML
}

# One enqueued wave dated today (write_delivery_config first) with N ready messages, each to its
# own number; the rows whose number ends in 007 (one per thousand) are past their deadline.
fill_outbox() {
  local n=$1
  psql -qAt "$PG_DSN" >/dev/null <<SQL
INSERT INTO nudged.waves (school_year, wave, wave_date, count_through, kind, state, enqueued_at)
VALUES ('2026-2027', 1, '$DELIVERY_TODAY', date '$DELIVERY_TODAY' - 1, 'initial', 'enqueued',
        now());
INSERT INTO nudged.outbox (school_year, wave, student_id, contact_id, channel, language, kind,
                           recipient, body, state, relevant_until)
SELECT '2026-2027', 1, 'S' || i, 'C' || i, CASE WHEN i % 10 = 0 THEN 'voice' ELSE 'sms' END,
       'en', 'initial', '+1202' || lpad(i::text, 7, '0'),
       'Message ' || i || ': your student missed 2 days.', 'ready',
       CASE WHEN i % 1000 = 7 THEN now() - interval '1 minute' ELSE now() + interval '1 day' END
FROM generate_series(1, $n) i;
INSERT INTO nudged.audit_events (outbox_id, old_state, new_state, detail)
SELECT outbox_id, NULL, 'ready', 'planned' FROM nudged.outbox;
SQL
}
