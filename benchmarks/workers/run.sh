#!/usr/bin/env bash
# Many workers on one PostgreSQL: 1, 2, 4 and 8 `kaiguul worker` processes crawl the same set of
# sites over slow servers (20 ms before each answer, every site a host of its own on 127.0.0.N),
# starting together on a fresh database each time. Prints, per worker count: pages per second
# (first worker start to last worker exit, and first to last fetch), CPU per page of the workers
# (user + system from /proc, start-up included) and of PostgreSQL, and checks that no page was
# captured twice and every page was captured and stored once. A benchmark, not a test.
#
# Usage: benchmarks/workers/run.sh [HOSTS [PAGES_PER_HOST]]   (default 60 sites of 50 pages)
# WORKERS="1 2 4 8" picks the counts, SLOTS the --concurrency of each worker (default 2),
# LATENCY_MS the delay (default 20). Measures the release build (built into .build-release if
# missing); KAIGUUL_BIN picks another binary. Uses KAIGUUL_TEST_POSTGRES_URL when set, else a
# throwaway PostgreSQL through scripts/with-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${KAIGUUL_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
HOSTS=${1:-60}
PAGES=${2:-50}
WORKERS=${WORKERS:-"1 2 4 8"}
SLOTS=${SLOTS:-2}
LATENCY_MS=${LATENCY_MS:-20}
if [ -z "${KAIGUUL_BIN:-}" ]; then
    BIN="$PWD/.build-release/release/kaiguul"
    [ -x "$BIN" ] || swift build -c release --product kaiguul --scratch-path .build-release >/dev/null \
        || { echo "release build failed" >&2; exit 2; }
else
    BIN=$KAIGUUL_BIN
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 2; }
WORK="$(mktemp -d /tmp/kaiguul-workers.XXXXXX)"
BASE_URL="$KAIGUUL_TEST_POSTGRES_URL"
SITE_PID=""
WPIDS=()
cleanup() {
    for pid in "${WPIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -n "$SITE_PID" ] && kill "$SITE_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The sites: each page links to the next five of its site, so a crawl walks them all breadth first.
python3 - "$WORK/site" "$HOSTS" "$PAGES" <<'PY'
import os, sys
root, hosts, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for h in range(1, hosts + 1):
    folder = os.path.join(root, f"h{h}")
    os.makedirs(folder)
    for i in range(pages):
        links = "".join(f'<li><a href="/p{j}.html">page {j}</a></li>' for j in range(i + 1, min(pages, i + 6)))
        body = f"<p>Invented bulletin {i} of fictional civic forum {h}. " + "Lorem ipsum dolor sit amet. " * 20 + "</p>"
        html = f"<!doctype html><html><head><title>Forum {h}, page {i}</title></head><body>{body}<ul>{links}</ul></body></html>"
        with open(os.path.join(folder, "index.html" if i == 0 else f"p{i}.html"), "w") as f:
            f.write(html)
PY
python3 benchmarks/workers/multi-host-server.py "$WORK/site" "$LATENCY_MS" "$HOSTS" > "$WORK/port" 2>"$WORK/site.log" &
SITE_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$WORK/port")
[ -n "$PORT" ] || { echo "site server did not start"; cat "$WORK/site.log"; exit 2; }
echo "binary: $BIN ($(git log -1 --format=%h) checked out)"
echo "$HOSTS sites x $PAGES pages on 127.0.0.2-$((HOSTS + 1)):$PORT, $LATENCY_MS ms before each answer; $SLOTS slots per worker; $(nproc) cores"

export KAIGUUL_FETCH_ALLOW=127.0.0.0/8 KAIGUUL_CRAWL_SITE_PAGES=$PAGES KAIGUUL_CRAWL_CONCURRENCY=4
export KAIGUUL_FETCH_MIN_DELAY_MS=0 KAIGUUL_FETCH_PER_HOST=4 KAIGUUL_MEDIA_PER_ITEM=0 LOG_LEVEL=warning
export KAIGUUL_WORKER_POLL_SECONDS=0.5 KAIGUUL_VERIFY_BLOCKS_HOURS=0

# CPU seconds (user + system) of a process; of PostgreSQL: the postmaster with its reaped children
# plus every live child (a backend's CPU reaches the postmaster's cutime only once it has exited).
cpu_of() { python3 - "$@" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
total = 0.0
for pid in sys.argv[1:]:
    try:
        fields = stat(pid)
    except OSError:
        continue
    total += (int(fields[11]) + int(fields[12])) / tick
print(f"{total:.3f}")
PY
}
pg_cpu() { python3 - "$1" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
master = sys.argv[1]
def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
fields = stat(master)
total = sum(int(x) for x in fields[11:15]) / tick
for pid in os.listdir("/proc"):
    if not pid.isdigit() or pid == master:
        continue
    try:
        f = stat(pid)
    except OSError:
        continue
    if f[1] == master:
        total += (int(f[11]) + int(f[12])) / tick
print(f"{total:.3f}")
PY
}

results="$WORK/results"
: > "$results"
fail=0
for n in $WORKERS; do
    DB="kaiguul_workers_${n}_$$"
    DB_URL="${BASE_URL%/*}/$DB"
    psql -q "$BASE_URL" -c "CREATE DATABASE $DB" >/dev/null
    q() { psql -qtA "$DB_URL" -c "$1"; }
    export DATABASE_URL="$DB_URL" KAIGUUL_DATA_DIR="$WORK/data-$n"
    "$BIN" migrate >/dev/null 2>&1
    q "INSERT INTO sources (kind, address, identity, title, check_interval_minutes, status, found_by, notes,
         search_text, next_check_at, created_at)
       SELECT 'website', 'http://127.0.0.' || (h + 1) || ':$PORT/', '127.0.0.' || (h + 1) || ':$PORT',
         'Invented forum ' || h, 1440, 'active', 'analyst', '', 'invented forum ' || h,
         now() - interval '1 minute', now()
       FROM generate_series(1, $HOSTS) AS h" >/dev/null
    master=$(head -1 "$(q 'SHOW data_directory')/postmaster.pid")
    pg_before=$(pg_cpu "$master")
    start=$(date +%s.%N)
    WPIDS=()
    for w in $(seq 1 "$n"); do
        "$BIN" worker --concurrency "$SLOTS" > "$WORK/w$n-$w.log" 2>&1 &
        WPIDS+=($!)
    done
    # Done when every check job has ended; the workers' CPU is read before they are stopped.
    for _ in $(seq 3000); do
        left=$(q "SELECT count(*) FROM jobs WHERE kind = 'check_source' AND status IN ('queued', 'running')")
        total=$(q "SELECT count(*) FROM jobs WHERE kind = 'check_source'")
        [ "$left" = "0" ] && [ "$total" = "$HOSTS" ] && break
        sleep 0.1
    done
    end=$(date +%s.%N)
    worker_cpu=$(cpu_of "${WPIDS[@]}")
    pg_after=$(pg_cpu "$master")
    for pid in "${WPIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${WPIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    WPIDS=()
    pages=$(q "SELECT count(*) FROM captures WHERE http_status = 200")
    window=$(q "SELECT extract(epoch FROM max(fetched_at) - min(fetched_at)) FROM captures")
    twice=$(q "SELECT count(*) FROM (SELECT url FROM captures GROUP BY url HAVING count(*) > 1) d")
    items=$(q "SELECT count(*) FROM items")
    item_twice=$(q "SELECT count(*) FROM (SELECT source_id, item_key FROM items GROUP BY source_id, item_key HAVING count(*) > 1) d")
    done_jobs=$(q "SELECT count(*) FROM jobs WHERE kind = 'check_source' AND status = 'done' AND attempts = 1")
    expected=$((HOSTS * PAGES))
    verdict="ok"
    if [ "$pages" != "$expected" ] || [ "$twice" != "0" ] || [ "$items" != "$expected" ] || [ "$item_twice" != "0" ] \
        || [ "$done_jobs" != "$HOSTS" ]; then
        verdict="FAIL (pages $pages of $expected, urls captured twice $twice, items $items, items twice $item_twice, jobs done once $done_jobs)"
        fail=1
    fi
    python3 - "$n" "$start" "$end" "$pages" "$window" "$worker_cpu" "$pg_before" "$pg_after" "$verdict" >> "$results" <<'PY'
import sys
n, start, end, pages, window, wcpu, pg0, pg1, verdict = sys.argv[1:]
n, wall, pages, window, wcpu, pgcpu = int(n), float(end) - float(start), int(pages), float(window or 0), float(wcpu), float(pg1) - float(pg0)
per = lambda s: s / pages * 1000 if pages else 0
print(f"{n} worker(s): {pages:5d} pages in {wall:6.1f} s = {pages / wall:6.1f} pages/s "
      f"(fetch window {window:5.1f} s = {pages / window if window else 0:6.1f} pages/s); "
      f"CPU per page: workers {per(wcpu):5.2f} ms, PostgreSQL {per(pgcpu):5.2f} ms; no capture twice: {verdict}")
PY
    tail -1 "$results"
    psql -q "$BASE_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
done
echo "---"
cat "$results"
exit "$fail"
