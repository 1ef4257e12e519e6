#!/usr/bin/env bash
# Kills workers with SIGKILL in the middle of a crawl and checks that nothing is lost or recorded
# twice. WORKERS worker processes (default 4) crawl SOURCES sites; KILLS times (default 3) a worker
# chosen at random among those holding a check that has already captured pages is killed, and a
# new worker is started in its place. Then: every check job ends done exactly once (no job lost,
# none run twice to completion: one check audit row per job), each killed job was taken up again
# after its lease (3 s here) expired, jobs nobody killed ran once, every page was captured once by
# the attempt that finished and its item points at that capture, and no item version exists twice.
# The captures of a killed attempt stay (evidence is never deleted); they carry its attempt number.
#
# Uses KAIGUUL_TEST_POSTGRES_URL when set, otherwise starts a throwaway PostgreSQL through
# scripts/with-postgres.sh. Needs .build/debug/kaiguul (swift build) and python3 for the site.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${KAIGUUL_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
BIN=${KAIGUUL_BIN:-$PWD/.build/debug/kaiguul}
[ -x "$BIN" ] || { echo "build first: swift build" >&2; exit 2; }

SOURCES=${SOURCES:-12}
PAGES=${PAGES:-40}
WORKERS=${WORKERS:-4}
KILLS=${KILLS:-3}
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

# A loopback site: SOURCES sites of PAGES pages each, 50 ms per answer and one page at a time per
# site, so a check takes seconds and the kills land in the middle of checks.
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
echo "site on 127.0.0.1:$PORT, database $DB; $WORKERS workers, $KILLS kills, $SOURCES sources of $PAGES pages"

psql -q "$BASE_URL" -c "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL="$DB_URL" KAIGUUL_DATA_DIR="$WORK/data" KAIGUUL_FETCH_ALLOW=127.0.0.1/32
export KAIGUUL_JOB_LEASE_SECONDS=3 KAIGUUL_WORKER_POLL_SECONDS=0.3 KAIGUUL_CRAWL_SITE_PAGES=$PAGES
export KAIGUUL_CRAWL_CONCURRENCY=1 KAIGUUL_FETCH_MIN_DELAY_MS=0 KAIGUUL_FETCH_PER_HOST=8 KAIGUUL_MEDIA_PER_ITEM=0
export LOG_LEVEL=${LOG_LEVEL:-warning}
# Only source checks are counted here; the periodic block verification would add a job of its own.
export KAIGUUL_VERIFY_BLOCKS_HOURS=0
"$BIN" migrate >/dev/null 2>&1
for s in $(seq 1 "$SOURCES"); do
    q "INSERT INTO sources (kind, address, identity, title, check_interval_minutes, status, found_by, notes,
         search_text, next_check_at, created_at)
       VALUES ('website', 'http://127.0.0.1:$PORT/s$s/', '127.0.0.1:$PORT/s$s/', 'Invented site $s', 60, 'active',
         'analyst', '', 'invented site $s', now() - interval '1 minute', now())" >/dev/null
done

LIVE=()
started=0
start_worker() {
    started=$((started + 1))
    "$BIN" worker --concurrency 1 > "$WORK/w$started.log" 2>&1 &
    PIDS+=($!)
    LIVE+=($!)
}
for _ in $(seq 1 "$WORKERS"); do start_worker; done

# Kill KILLS times: a live worker, chosen at random, that holds a running check with captures in
# its current attempt; a new worker takes its place.
killed_jobs=""
kills=0
for _ in $(seq 600); do
    [ "$kills" -ge "$KILLS" ] && break
    holders=$(q "SELECT DISTINCT substring(j.locked_by from ':([0-9]+):[^:]*\$') FROM jobs j
                 WHERE j.status = 'running' AND j.kind = 'check_source'
                   AND (SELECT count(*) FROM captures c WHERE c.job_id = j.id AND c.job_attempt = j.attempts) >= 3")
    candidates=()
    for pid in "${LIVE[@]}"; do
        if grep -qx "$pid" <<< "$holders"; then candidates+=("$pid"); fi
    done
    if [ "${#candidates[@]}" -gt 0 ]; then
        victim=${candidates[$((RANDOM % ${#candidates[@]}))]}
        jobs_held=$(q "SELECT string_agg(id::text || '/' || attempts::text, ',') FROM jobs
                       WHERE status = 'running' AND locked_by LIKE '%:$victim:%'")
        kill -9 "$victim"
        kills=$((kills + 1))
        echo "kill $kills: worker $victim (SIGKILL) holding job/attempt $jobs_held"
        killed_jobs="$killed_jobs${killed_jobs:+,}$(tr ',' '\n' <<< "$jobs_held" | cut -d/ -f1 | paste -sd, -)"
        remaining=()
        for pid in "${LIVE[@]}"; do [ "$pid" != "$victim" ] && remaining+=("$pid"); done
        LIVE=("${remaining[@]}")
        start_worker
        # Somewhere between at once and a second and a half before the next victim is looked for.
        sleep "0.$((RANDOM % 10))"
        [ $((RANDOM % 2)) = 1 ] && sleep 0.5
    fi
    sleep 0.1
done
[ "$kills" = "$KILLS" ] || { echo "FAIL: only $kills of $KILLS kills landed in a running check"; tail -n 20 "$WORK"/w*.log; exit 1; }
killed=$(tr ',' '\n' <<< "$killed_jobs" | sort -un | paste -sd, -)
killed_count=$(tr ',' '\n' <<< "$killed" | wc -l | tr -d ' ')

for _ in $(seq 900); do
    left=$(q "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')")
    [ "$left" = "0" ] && break
    sleep 0.2
done

fail=0
check() { # name, sql, expected
    local got; got=$(q "$2")
    if [ "$got" = "$3" ]; then echo "ok   $1 ($got)"; else echo "FAIL $1: got '$got', expected '$3'"; fail=1; fi
}
check "jobs, one per source" "SELECT count(*) FROM jobs WHERE kind = 'check_source'" "$SOURCES"
check "jobs done (none lost)" "SELECT count(*) FROM jobs WHERE kind = 'check_source' AND status = 'done'" "$SOURCES"
check "killed job(s) taken up again" "SELECT count(*) FROM jobs WHERE id IN ($killed) AND attempts >= 2 AND status = 'done'" \
    "$killed_count"
# Leases of live workers are renewed: the jobs nobody killed ran once.
check "jobs not killed ran once" "SELECT count(*) FROM jobs WHERE id NOT IN ($killed) AND attempts = 1" \
    "$((SOURCES - killed_count))"
check "none run twice to completion: one check audit row per job" \
    "SELECT count(*) FROM audit_log WHERE action = 'source.check'" "$SOURCES"
check "no capture twice in one attempt" "SELECT count(*) FROM (SELECT job_id, job_attempt, url FROM captures
    GROUP BY job_id, job_attempt, url HAVING count(*) > 1) d" "0"
check "no capture sequence number twice" "SELECT count(*) FROM (SELECT job_id, job_attempt, job_seq FROM captures
    GROUP BY job_id, job_attempt, job_seq HAVING count(*) > 1) d" "0"
check "every page captured once by the finishing attempt" "SELECT count(DISTINCT c.url) || '/' || count(*)
    FROM captures c JOIN jobs j ON j.id = c.job_id WHERE c.job_attempt = j.attempts AND c.http_status = 200" \
    "$((SOURCES * PAGES))/$((SOURCES * PAGES))"
check "killed attempts' captures kept, never counted as the result" "SELECT count(*) FROM captures c JOIN jobs j
    ON j.id = c.job_id WHERE c.job_attempt < j.attempts AND j.id NOT IN ($killed)" "0"
check "every page an item, once" "SELECT count(*) FROM items" "$((SOURCES * PAGES))"
check "every item points at the finishing attempt's capture" "SELECT count(*) FROM items i
    JOIN captures c ON c.id = i.capture_id JOIN jobs j ON j.id = c.job_id WHERE c.job_attempt = j.attempts" \
    "$((SOURCES * PAGES))"
check "no item version twice" "SELECT count(*) FROM (SELECT source_id, item_key, version FROM items
    GROUP BY source_id, item_key, version HAVING count(*) > 1) d" "0"
check "every source checked" "SELECT count(*) FROM sources WHERE last_checked_at IS NOT NULL" "$SOURCES"
if [ "$fail" != 0 ]; then
    echo "--- worker logs"; tail -n 30 "$WORK"/w*.log
    q "SELECT id, status, attempts, last_error FROM jobs"
    exit 1
fi
echo "worker kill test passed ($kills kills of $WORKERS workers, killed jobs $killed)"
