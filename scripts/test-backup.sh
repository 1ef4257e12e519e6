#!/usr/bin/env bash
# Proves that a backup taken while a worker writes restores to the same evidence:
#   1. seeds the demo dataset (kaiguul-fixture seed-demo) and adds loopback sources;
#   2. starts a `kaiguul worker` crawling them (a slow loopback site, 50 ms per answer);
#   3. `kaiguul backup --out` while the worker is capturing (captures are counted before and after);
#   4. `kaiguul restore` into an empty data folder (and, on PostgreSQL, an empty database);
#   5. checks: `kaiguul audit verify`; every WARC record digest (scripts/check-warc.sh: warcio, cdxj-indexer);
#      every blob hashes to its name, and every blob a restored capture or document names that the
#      original had is there; the restored `kaiguul serve` serves the same case page (same title, same
#      evidence digests) as the original.
# Prints the backup and restore times.
#
# Usage: scripts/test-backup.sh [sqlite|postgres]   (no argument: both; postgres through
# scripts/with-postgres.sh unless KAIGUUL_TEST_POSTGRES_URL is set). Needs .build/debug/kaiguul and
# kaiguul-fixture (swift build), python3, sqlite3 / psql, and warcio + cdxj-indexer + wacz in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
if [ $# -eq 0 ]; then
    "$0" sqlite
    if [ -n "${KAIGUUL_TEST_POSTGRES_URL:-}" ]; then "$0" postgres; else scripts/with-postgres.sh "$0" postgres; fi
    exit 0
fi
BACKEND=$1
case $BACKEND in sqlite|postgres) ;; *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;; esac
if [ "$BACKEND" = postgres ] && [ -z "${KAIGUUL_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" postgres
fi
BIN="$ROOT/.build/debug/kaiguul"
FIXTURE="$ROOT/.build/debug/kaiguul-fixture"
[ -x "$BIN" ] && [ -x "$FIXTURE" ] || { echo "build first: swift build" >&2; exit 2; }

SOURCES=${SOURCES:-4}
PAGES=${PAGES:-40}
WORK="$(mktemp -d /tmp/kaiguul-backup.XXXXXX)"
ORIG="$WORK/orig"
RESTORED="$WORK/restored"
BACKUP="$WORK/backup"
PIDS=()
DBS=()
STAMP="$(date +%s)_$$"
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for db in "${DBS[@]}"; do
        psql -q "$KAIGUUL_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    [ -n "${KEEP:-}" ] && { echo "kept $WORK" >&2; return; }
    chmod -R u+w "$WORK" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

export KAIGUUL_BCRYPT_COST=4 LOG_LEVEL=${LOG_LEVEL:-warning}
export KAIGUUL_FETCH_ALLOW=127.0.0.1/32 KAIGUUL_JOB_LEASE_SECONDS=30 KAIGUUL_WORKER_POLL_SECONDS=0.3
export KAIGUUL_CRAWL_SITE_PAGES=$PAGES KAIGUUL_FETCH_MIN_DELAY_MS=0 KAIGUUL_FETCH_PER_HOST=2 KAIGUUL_MEDIA_PER_ITEM=0
export KAIGUUL_VERIFY_BLOCKS_HOURS=0 KAIGUUL_CRAWL_CONCURRENCY=2
unset DATABASE_URL
if [ "$BACKEND" = postgres ]; then
    ORIG_URL="${KAIGUUL_TEST_POSTGRES_URL%/*}/kaiguul_bk_orig_$STAMP"
    RESTORED_URL="${KAIGUUL_TEST_POSTGRES_URL%/*}/kaiguul_bk_restored_$STAMP"
    DBS+=("kaiguul_bk_orig_$STAMP" "kaiguul_bk_restored_$STAMP")
    psql -q "$KAIGUUL_TEST_POSTGRES_URL" -c "CREATE DATABASE kaiguul_bk_orig_$STAMP" >/dev/null
    psql -q "$KAIGUUL_TEST_POSTGRES_URL" -c "CREATE DATABASE kaiguul_bk_restored_$STAMP" >/dev/null
fi
# Runs a kaiguul binary on the original (o) or the restored (r) instance.
on() {
    local which=$1; shift
    if [ "$BACKEND" = postgres ]; then
        local url=$ORIG_URL; [ "$which" = r ] && url=$RESTORED_URL
        DATABASE_URL="$url" KAIGUUL_DATA_DIR="$([ "$which" = r ] && echo "$RESTORED" || echo "$ORIG")" "$@"
    else
        KAIGUUL_DATA_DIR="$([ "$which" = r ] && echo "$RESTORED" || echo "$ORIG")" "$@"
    fi
}
# One SQL statement on the original (o) or restored (r) database, rows as a|b lines.
q() {
    local which=$1
    if [ "$BACKEND" = postgres ]; then
        psql -qtA "$([ "$which" = r ] && echo "$RESTORED_URL" || echo "$ORIG_URL")" -c "$2"
    else
        sqlite3 -cmd ".timeout 20000" "$([ "$which" = r ] && echo "$RESTORED" || echo "$ORIG")/kaiguul.sqlite" "$2"
    fi
}
fail=0
check() { # name, got, expected
    if [ "$2" = "$3" ]; then echo "ok   $1 ($2)"; else echo "FAIL $1: got '$2', expected '$3'"; fail=1; fi
}

echo "== $BACKEND: seeding the demo into $ORIG"
on o env KAIGUUL_FIXTURE_SEED_POSTGRES=1 "$FIXTURE" seed-demo > "$WORK/seed.log" 2>&1 \
    || { cat "$WORK/seed.log"; exit 1; }

# A loopback site: SOURCES sites of PAGES pages each.
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

# The demo's own sources are invented hosts: paused, so the worker crawls only the loopback site.
q o "UPDATE sources SET status = 'paused'"
if [ "$BACKEND" = postgres ]; then due="now() - interval '1 minute'"; created="now()"
else due="strftime('%s','now') - 60"; created="strftime('%s','now')"; fi
for s in $(seq 1 "$SOURCES"); do
    q o "INSERT INTO sources (kind, address, identity, title, check_interval_minutes, status, found_by, notes,
           search_text, next_check_at, created_at)
         VALUES ('website', 'http://127.0.0.1:$PORT/s$s/', '127.0.0.1:$PORT/s$s/', 'Invented site $s', 600, 'active',
           'analyst', '', 'invented site $s', $due, $created)"
done
CAPTURES_SEEDED=$(q o "SELECT count(*) FROM captures")

echo "== starting a worker; backing up once it has written captures"
on o "$BIN" worker --concurrency 2 > "$WORK/worker.log" 2>&1 &
WORKER=$!
PIDS+=($WORKER)
for _ in $(seq 600); do
    n=$(q o "SELECT count(*) FROM captures")
    [ "$n" -ge $((CAPTURES_SEEDED + 8)) ] && break
    sleep 0.1
done
before=$(q o "SELECT count(*) FROM captures")
running_before=$(q o "SELECT count(*) FROM jobs WHERE status = 'running'")
t0=$(now)
on o "$BIN" backup --out "$BACKUP" > "$WORK/backup.out" 2> "$WORK/backup.err" \
    || { cat "$WORK/backup.err"; exit 1; }
t1=$(now)
after=$(q o "SELECT count(*) FROM captures")
running_after=$(q o "SELECT count(*) FROM jobs WHERE status = 'running'")
cat "$WORK/backup.out"
sed 's/^/    /' "$WORK/backup.err"
BACKUP_SECONDS=$(elapsed "$t0" "$t1")
echo "captures: $before when the backup started, $after when it ended (the demo seeded $CAPTURES_SEEDED)"
check "check jobs running (the worker writing) when the backup started and when it ended" \
    "$([ "$running_before" -gt 0 ] && [ "$running_after" -gt 0 ] && echo yes || echo "no: $running_before, $running_after")" "yes"
# Let the worker finish, then stop it: the original is what the restored copy is compared with.
for _ in $(seq 900); do
    [ "$(q o "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')")" = 0 ] && break
    sleep 0.2
done
kill "$WORKER"; wait "$WORKER" 2>/dev/null || true

echo "== restoring into $RESTORED"
t0=$(now)
on r "$BIN" restore "$BACKUP" > "$WORK/restore.out" 2> "$WORK/restore.err" \
    || { cat "$WORK/restore.err"; exit 1; }
t1=$(now)
RESTORE_SECONDS=$(elapsed "$t0" "$t1")
cat "$WORK/restore.out"
sed 's/^/    /' "$WORK/restore.err"

echo "== checks"
# The manifest is one JSON document, and a second restore into the same place is refused.
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); assert m['files'] and m['manifest']['migrations']" \
    "$BACKUP/manifest.json" && echo "ok   manifest.json parses ($(grep -c '"sha256"' "$BACKUP/manifest.json") files)" \
    || { echo "FAIL manifest.json"; fail=1; }
if on r "$BIN" restore "$BACKUP" > /dev/null 2>&1; then echo "FAIL a second restore into the same target ran"; fail=1
else echo "ok   a second restore into the now non-empty target is refused"; fi

if on r "$BIN" audit verify > "$WORK/verify.out" 2>&1; then echo "ok   audit verify: $(tail -1 "$WORK/verify.out")"
else echo "FAIL audit verify"; sed 's/^/    /' "$WORK/verify.out"; fail=1; fi

restored_captures=$(q r "SELECT count(*) FROM captures")
final_captures=$(q o "SELECT count(*) FROM captures")
check "restored captures: from the snapshot, between the counts at the backup's start and end" \
    "$([ "$restored_captures" -ge "$before" ] && [ "$restored_captures" -le "$after" ] && echo yes || echo "no: $restored_captures")" "yes"
check "the worker went on capturing after the snapshot ($restored_captures restored, $final_captures in the end)" \
    "$([ "$final_captures" -gt "$restored_captures" ] && echo yes || echo no)" "yes"
check "audit rows of the restored log are the original's first rows" \
    "$(q r "SELECT count(*) FROM audit_log")" \
    "$(q o "SELECT count(*) FROM audit_log WHERE seq <= $(q r "SELECT coalesce(max(seq), 0) FROM audit_log")")"
check "the restored log's last hash is the original's at that seq" \
    "$(q r "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")" \
    "$(q o "SELECT hash FROM audit_log WHERE seq = $(q r "SELECT max(seq) FROM audit_log")")"

if VENV="$ROOT/.venv" scripts/check-warc.sh "$RESTORED/warc" > "$WORK/warc.out" 2>&1; then
    echo "ok   WARC digests: $(tail -1 "$WORK/warc.out")"
else echo "FAIL WARC check"; grep -v '^ok' "$WORK/warc.out" | head -20; fail=1; fi
# Every restored capture's records are in its restored file, byte for byte as in the original.
bad=$(q r "SELECT warc_file, warc_offset, warc_length FROM captures WHERE warc_file IS NOT NULL" | python3 -c '
import sys
bad = 0
for line in sys.stdin:
    name, offset, length = line.strip().split("|")
    a, b = (open(f"{sys.argv[i]}/warc/{name}", "rb") for i in (1, 2))
    a.seek(int(offset)); b.seek(int(offset))
    bad += a.read(int(length)) != b.read(int(length))
print(bad)' "$ORIG" "$RESTORED")
check "captures whose WARC record differs from the original's" "$bad" "0"

bad=0; blobs=0
while IFS= read -r -d '' f; do
    blobs=$((blobs + 1))
    [ "$(sha256sum "$f" | cut -c1-64)" = "$(basename "$f")" ] || { echo "    blob $f does not match its name"; bad=$((bad + 1)); }
done < <(find "$RESTORED/blobs/sha256" -type f -print0)
check "restored blobs not hashing to their name (of $blobs)" "$bad" "0"
missing=0
while IFS= read -r h; do
    [ -z "$h" ] && continue
    p="blobs/sha256/${h:0:2}/${h:2:2}/$h"
    if [ -f "$ORIG/$p" ] && [ ! -f "$RESTORED/$p" ]; then missing=$((missing + 1)); fi
done < <(q r "SELECT payload_sha256 FROM captures WHERE payload_sha256 IS NOT NULL UNION SELECT sha256 FROM documents")
check "blobs named by restored captures and documents, present originally, missing now" "$missing" "0"

echo "== the same case, served by both"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
serve() { # which port
    on "$1" "$BIN" serve --hostname 127.0.0.1 --port "$2" --no-worker > "$WORK/serve-$1.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$2/login" && return 0; sleep 0.2; done
    echo "FAIL serve ($1) did not start"; cat "$WORK/serve-$1.log"; exit 1
}
case_page() { # which port case-id
    local jar="$WORK/jar-$1" token
    token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$2/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$token" --data-urlencode "username=analyst" \
        --data-urlencode "password=kaiguul-demo" "http://127.0.0.1:$2/login"
    curl -s -c "$jar" -b "$jar" -H 'Accept-Language: en' "http://127.0.0.1:$2/cases/$3"
}
CASE=$(q r "SELECT case_id FROM case_evidence GROUP BY case_id ORDER BY count(*) DESC, case_id LIMIT 1")
PO=$(free_port); serve o "$PO"
PR=$(free_port); serve r "$PR"
case_page o "$PO" "$CASE" > "$WORK/case-o.html"
case_page r "$PR" "$CASE" > "$WORK/case-r.html"
summary() { # title, then every SHA-256 on the page, sorted
    grep -o '<h1[^>]*>[^<]*' "$1" | head -1
    grep -oE '\b[0-9a-f]{64}\b' "$1" | sort -u
}
summary "$WORK/case-o.html" > "$WORK/case-o.txt"
summary "$WORK/case-r.html" > "$WORK/case-r.txt"
digests=$(($(wc -l < "$WORK/case-r.txt") - 1))
if [ "$digests" -gt 0 ] && cmp -s "$WORK/case-o.txt" "$WORK/case-r.txt"; then
    echo "ok   case $CASE: same title ($(head -1 "$WORK/case-r.txt" | sed 's/<h1[^>]*>//')) and the same $digests evidence digests"
else
    echo "FAIL case $CASE page differs or shows no digests"; diff "$WORK/case-o.txt" "$WORK/case-r.txt" | head -20; fail=1
fi

echo "== $BACKEND: backup of the demo ${BACKUP_SECONDS} s, restore ${RESTORE_SECONDS} s ($(du -sh "$BACKUP" | cut -f1) backed up)"
[ "$fail" = 0 ] || { echo "backup test FAILED ($BACKEND)"; exit 1; }
echo "backup test passed ($BACKEND)"
