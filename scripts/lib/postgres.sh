# Throwaway PostgreSQL 15 for tests and the demo: a cluster in a temporary directory, owned by
# the postgres user, reachable only on a unix socket in that directory (no TCP port, so it
# never clashes with another server). Source this file, then:
#   start_throwaway_postgres DBNAME   sets PG_DIR and PG_DSN; registers stop_throwaway_postgres
#                                     to run on EXIT, so the cluster goes whatever happens
PG_BIN=/usr/lib/postgresql/15/bin

stop_throwaway_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

start_throwaway_postgres() {
  local dbname=$1
  PG_DIR=$(mktemp -d /tmp/nudged-pg.XXXXXX)
  trap stop_throwaway_postgres EXIT
  chown postgres: "$PG_DIR"
  chmod 700 "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust -U postgres \
    --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses='' -k $PG_DIR -c fsync=off" start >/dev/null
  runuser -u postgres -- "$PG_BIN/createdb" -h "$PG_DIR" -U postgres "$dbname"
  PG_DSN="postgresql:///$dbname?host=$PG_DIR&user=postgres"
}
