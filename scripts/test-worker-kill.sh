#!/usr/bin/env bash
# Kills a worker with SIGKILL in the middle of a crawl and checks that nothing is lost or
# recorded twice: every check job ends done exactly once, the killed worker's job is taken up
# again after its lease (3 s here) expires, no capture is recorded twice within one job attempt,
# and no item version exists twice.
#
# Uses KAIGUUL_TEST_POSTGRES_URL when set, otherwise starts a throwaway PostgreSQL through
# scripts/with-postgres.sh. Needs .build/debug/kaiguul (swift build) and python3 for the site.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${KAIGUUL_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
BIN="$PWD/.build/debug/kaiguul"
[ -x "$BIN" ] || { echo "build first: swift build" >&2; exit 2; }

SOURCES=${SOURCES:-4}
PAGES=${PAGES:-25}
WORK="$(mktemp -d /tmp/kaiguul-kill.XXXXXX)"
DB="kaiguul_kill_$(date +%s)_$$"
BASE_URL="$KAIGUUL_TEST_POSTGRES_URL"
DB_URL="${BASE_URL%/*}/$DB"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql -q "$BASE_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
q() { psql -qtA "$DB_URL" -c "$1"; }

# A loopback site: SOURCES sites of PAGES pages each, 50 ms per answer so a crawl takes seconds.
mkdir -p "$WORK/site"
for s in $(seq 1 "$SOURCES"); do
    mkdir -p "$WORK/site/s$s"
    {
        echo "<html><head><title>Invented site $s</title></head><body>"
        for p in $(seq 1 $((PAGES - 1))); do echo "<a href=\"/s$s/p$p.html\">page $p</a>"; done
        echo "</body></html>"
    } > "$WORK/site/s$s/index.html"
    for p in $(seq 1 $((PAGES - 1))); do
        echo "<html><head><title>Page $p of site $s</title></head><body><p>Invented text $s-$p.</p></body></html>" \
            > "$WORK/site/s$s/p$p.html"
    done
done
python3 scripts/slow-http-server.py "$WORK/site" 50 > "$WORK/port" 2>"$WORK/site.log" &
PIDS+=($!)
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$WORK/port")
echo "site on 127.0.0.1:$PORT, database $DB"

psql -q "$BASE_URL" -c "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL="$DB_URL" KAIGUUL_DATA_DIR="$WORK/data" KAIGUUL_FETCH_ALLOW=127.0.0.1/32
export KAIGUUL_JOB_LEASE_SECONDS=3 KAIGUUL_WORKER_POLL_SECONDS=0.3 KAIGUUL_CRAWL_SITE_PAGES=$PAGES
export KAIGUUL_FETCH_MIN_DELAY_MS=0 KAIGUUL_FETCH_PER_HOST=8 KAIGUUL_MEDIA_PER_ITEM=0 LOG_LEVEL=${LOG_LEVEL:-warning}
# Only source checks are counted here; the periodic block verification would add a job of its own.
export KAIGUUL_VERIFY_BLOCKS_HOURS=0
"$BIN" migrate >/dev/null
for s in $(seq 1 "$SOURCES"); do
    q "INSERT INTO sources (kind, address, identity, title, check_interval_minutes, status, found_by, notes,
         search_text, next_check_at, created_at)
       VALUES ('website', 'http://127.0.0.1:$PORT/s$s/', '127.0.0.1:$PORT/s$s/', 'Invented site $s', 60, 'active',
         'analyst', '', 'invented site $s', now() - interval '1 minute', now())" >/dev/null
done

"$BIN" worker --concurrency 2 > "$WORK/w1.log" 2>&1 &
VICTIM=$!
PIDS+=($VICTIM)
"$BIN" worker --concurrency 1 > "$WORK/w2.log" 2>&1 &
PIDS+=($!)

# Kill the first worker once it holds a running job that has captured something.
killed=""
for _ in $(seq 300); do
    n=$(q "SELECT count(*) FROM captures c JOIN jobs j ON j.id = c.job_id
           WHERE j.status = 'running' AND j.locked_by LIKE '%:$VICTIM:%' AND c.job_attempt = j.attempts")
    if [ "${n:-0}" -ge 3 ]; then
        killed=$(q "SELECT string_agg(id::text, ',') FROM jobs WHERE status = 'running' AND locked_by LIKE '%:$VICTIM:%'")
        kill -9 "$VICTIM"
        echo "killed worker $VICTIM (SIGKILL) holding job(s) $killed after $n captures"
        break
    fi
    sleep 0.1
done
[ -n "$killed" ] || { echo "FAIL: the worker never held a running job with captures"; cat "$WORK/w1.log"; exit 1; }
"$BIN" worker --concurrency 2 > "$WORK/w3.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 600); do
    left=$(q "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')")
    [ "$left" = "0" ] && break
    sleep 0.2
done

fail=0
check() { # name, sql, expected
    local got; got=$(q "$2")
    if [ "$got" = "$3" ]; then echo "ok   $1 ($got)"; else echo "FAIL $1: got '$got', expected '$3'"; fail=1; fi
}
check "jobs, one per source" "SELECT count(*) FROM jobs" "$SOURCES"
check "jobs done" "SELECT count(*) FROM jobs WHERE status = 'done'" "$SOURCES"
check "killed job(s) taken up again" "SELECT count(*) FROM jobs WHERE id IN ($killed) AND attempts >= 2 AND status = 'done'" \
    "$(echo "$killed" | tr ',' '\n' | wc -l | tr -d ' ')"
# Leases of live workers are renewed: the jobs nobody killed ran once.
check "jobs not killed ran once" "SELECT count(*) FROM jobs WHERE id NOT IN ($killed) AND attempts = 1" \
    "$((SOURCES - $(echo "$killed" | tr ',' '\n' | wc -l | tr -d ' ')))"
check "no capture twice in one attempt" "SELECT count(*) FROM (SELECT job_id, job_attempt, url FROM captures
    GROUP BY job_id, job_attempt, url HAVING count(*) > 1) d" "0"
check "no capture sequence number twice" "SELECT count(*) FROM (SELECT job_id, job_attempt, job_seq FROM captures
    GROUP BY job_id, job_attempt, job_seq HAVING count(*) > 1) d" "0"
check "every page captured by the finishing attempt" "SELECT count(*) FROM captures c JOIN jobs j ON j.id = c.job_id
    WHERE c.job_attempt = j.attempts AND c.http_status = 200" "$((SOURCES * PAGES))"
check "every page an item, once" "SELECT count(*) FROM items" "$((SOURCES * PAGES))"
check "no item version twice" "SELECT count(*) FROM (SELECT source_id, item_key, version FROM items
    GROUP BY source_id, item_key, version HAVING count(*) > 1) d" "0"
check "every source checked" "SELECT count(*) FROM sources WHERE last_checked_at IS NOT NULL" "$SOURCES"
check "one check audit row per job" "SELECT count(*) FROM audit_log WHERE action = 'source.check'" "$SOURCES"
if [ "$fail" != 0 ]; then
    echo "--- worker logs"; tail -n 30 "$WORK"/w*.log
    q "SELECT id, status, attempts, last_error FROM jobs"
    exit 1
fi
echo "worker kill test passed"
