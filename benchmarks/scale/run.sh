#!/usr/bin/env bash
# The scale benchmark of issue 18, start to finish on a fresh machine:
#   1. a venv with locust (benchmarks/scale/.venv),
#   2. a release build of kaiguul (.build-release, out of the shared .build's lock),
#   3. a throwaway PostgreSQL loaded with the scale dataset by load-pg (COPY), timings kept,
#   4. optionally (--sqlite) the same dataset into a SQLite file by load-sqlite, timed,
#   5. `kaiguul serve --no-worker` on it; the statements one request of each page causes
#      (count-queries.py, log_statement = all on the benchmark database only),
#   6. locust, headless, at 1, 10 and 50 users, one CSV of stats per level,
#   7. the table page × users -> p50/p95/p99 ms and failures (summarize.py).
# Results go to benchmarks/out/scale/<UTC time>/ (latency.md, queries.tsv, load-*.txt, locust CSVs).
#
# Options:
#   --scale F              fraction of the national year to load (default 1.0)
#   --users "1 10 50"      the user counts
#   --duration 60s         how long each user count runs (after all users have signed in)
#   --database-url URL     use this already loaded PostgreSQL database instead of a throwaway one
#                          (nothing is loaded; add --pg-log FILE, the server's log, to count queries)
#   --pg-log FILE          that server's log file (lines prefixed "%m [%p] ")
#   --kaiguul BIN          use this kaiguul binary instead of building one
#   --data-dir DIR         KAIGUUL_DATA_DIR for the server (default: a fresh folder; give the one
#                          whose audit key signed the database's checkpoints when reusing a database)
#   --sqlite               also time the SQLite load
#   --no-locust            load and count queries only
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SCALE=1.0
USERS="1 10 50"
DURATION=60s
DB_URL=""
PG_LOG=""
BIN=""
SERVE_DATA=""
SQLITE=0
LOCUST=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --database-url) DB_URL="$2"; shift 2 ;;
    --pg-log) PG_LOG="$2"; shift 2 ;;
    --kaiguul) BIN="$2"; shift 2 ;;
    --data-dir) SERVE_DATA="$2"; shift 2 ;;
    --sqlite) SQLITE=1; shift ;;
    --no-locust) LOCUST=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

OUT="$ROOT/benchmarks/out/scale/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
log() { echo "[scale] $*" >&2; }

# 1. locust in its own venv
if [ ! -x "$HERE/.venv/bin/locust" ]; then
  log "installing locust into $HERE/.venv"
  python3 -m venv "$HERE/.venv"
  "$HERE/.venv/bin/pip" install -q locust >&2
fi
PY="$HERE/.venv/bin/python"

# 2. release build
if [ -z "$BIN" ]; then
  log "building kaiguul (release, .build-release)"
  (cd "$ROOT" && swift build -c release --product kaiguul --scratch-path .build-release >&2)
  BIN="$ROOT/.build-release/release/kaiguul"
fi
(cd "$ROOT" && git rev-parse HEAD && git status --short -- Sources) > "$OUT/tree.txt" 2>/dev/null || true

WORK="$(mktemp -d /tmp/kaiguul-scale.XXXXXX)"
chmod 755 "$WORK"
SERVER_PID=""
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
AS=()
[ "$(id -u)" = "0" ] && AS=(runuser -u postgres --)
OWN_PG=0
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  if [ "$OWN_PG" = 1 ]; then "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# 3. a throwaway PostgreSQL with the dataset (or the given database)
if [ -z "$DB_URL" ]; then
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = "0" ] && chown postgres: "$WORK/pg"
  "${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # fsync off: a benchmark database, rebuilt on every run. max_connections for 50 users' pools.
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w -o "-p $PORT -k $WORK/pg \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=300 -c shared_buffers=1GB -c maintenance_work_mem=512MB -c max_wal_size=4GB" start >/dev/null
  OWN_PG=1
  PG_LOG="$WORK/pg/log"
  ADMIN_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
  psql "$ADMIN_URL" -X -q -c "CREATE DATABASE kaiguul_scale"
  DB_URL="postgres://postgres@127.0.0.1:$PORT/kaiguul_scale"
  log "loading the scale dataset (scale $SCALE) into $DB_URL"
  [ -n "$SERVE_DATA" ] || SERVE_DATA="$WORK/serve-data"
  "$HERE/load-pg" --kaiguul "$BIN" --scale "$SCALE" --database-url "$DB_URL" --data-dir "$SERVE_DATA" \
    | tee "$OUT/load-pg.txt"
else
  ADMIN_URL="${DB_URL%/*}/postgres"
fi
DB_NAME="${DB_URL##*/}"
COUNTS="$(psql "$DB_URL" -X -A -t -c "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM items)")"
export SCALE_CASES="${COUNTS% *}" SCALE_ITEMS="${COUNTS#* }"

# 4. SQLite
if [ "$SQLITE" = 1 ]; then
  mkdir -p "$WORK/sqlite"
  log "loading the scale dataset into SQLite"
  "$HERE/load-sqlite" --kaiguul "$BIN" --scale "$SCALE" --sqlite "$WORK/sqlite/kaiguul.sqlite" | tee "$OUT/load-sqlite.txt"
  ls -l "$WORK/sqlite/kaiguul.sqlite" >> "$OUT/load-sqlite.txt"
  rm -rf "$WORK/sqlite"
fi

SERVE_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$SERVE_PORT"
[ -n "$SERVE_DATA" ] || SERVE_DATA="$WORK/serve-data"
mkdir -p "$SERVE_DATA"

start_server() {
  # --no-worker: the embedded worker would start jobs (block verification, checks) and take CPU
  # from the pages being measured.
  (cd "$WORK" && DATABASE_URL="$DB_URL" KAIGUUL_DATA_DIR="$SERVE_DATA" KAIGUUL_DEMO= \
    exec "$BIN" serve --no-worker --hostname 127.0.0.1 --port "$SERVE_PORT") >>"$OUT/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$BASE/login" 2>/dev/null && break
    sleep 0.5
  done
  # On start the server checkpoints the audit log (reading it all); wait until that is signed so
  # it does not run during the measurement.
  for _ in $(seq 1 600); do
    done_="$(psql "$DB_URL" -X -A -t -c "SELECT coalesce((SELECT max(seq) FROM audit_checkpoints), -1) >= (SELECT seq FROM audit_head) - 100")"
    [ "$done_" = t ] && break
    sleep 1
  done
  sleep 2
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# 5. statements per page (only when the server's log is readable)
if [ -n "$PG_LOG" ] && [ -r "$PG_LOG" ]; then
  psql "$ADMIN_URL" -X -q -c "ALTER DATABASE $DB_NAME SET log_statement = 'all'"
  start_server
  log "counting statements per page"
  "$PY" "$HERE/count-queries.py" --base "$BASE" --pg-log "$PG_LOG" --admin-url "$ADMIN_URL" --db "$DB_NAME" \
    | tee "$OUT/queries.tsv"
  stop_server
  psql "$ADMIN_URL" -X -q -c "ALTER DATABASE $DB_NAME RESET log_statement"
else
  log "no readable PostgreSQL log (--pg-log): statements per page not counted"
fi

# 6. locust at each user count
if [ "$LOCUST" = 1 ]; then
  start_server
  for n in $USERS; do
    rate=$(( n < 10 ? n : 10 ))
    log "locust: $n users for $DURATION"
    (cd "$HERE" && "$HERE/.venv/bin/locust" -f locustfile.py --headless -u "$n" -r "$rate" -t "$DURATION" \
      --reset-stats --only-summary --host "$BASE" --csv "$OUT/locust-$n" >"$OUT/locust-$n.log" 2>&1) || true
  done
  stop_server
  # 7. the table
  "$PY" "$HERE/summarize.py" "$OUT" $USERS | tee "$OUT/latency.md"
fi
log "results in $OUT"
