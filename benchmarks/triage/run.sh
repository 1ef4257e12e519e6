#!/usr/bin/env bash
# Triage benchmark: a release build of kaiguul serving a SQLite database seeded (by seed.py, not by
# the shipped binary) with ITEMS items with signals (default 10,000) and 200 tips; an analyst signed
# in with curl; each page rendered RUNS times (default 30) after 3 warm-up requests. Prints the
# median, 90th percentile and worst time per page as curl saw it, and the server's CPU time per page
# (from /proc, so other work on the machine does not inflate it). A benchmark, not a test.
#
# Usage: benchmarks/triage/run.sh [ITEMS] [RUNS]
# Measures the release build (built here if missing); KAIGUUL_BIN picks another binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
ITEMS=${1:-10000}
RUNS=${2:-30}
BIN=${KAIGUUL_BIN:-$PWD/.build/release/kaiguul}
if [ -z "${KAIGUUL_BIN:-}" ]; then
    swift build -c release --product kaiguul >/dev/null || { echo "release build failed" >&2; exit 2; }
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 2; }
WORK="$(mktemp -d /tmp/kaiguul-triage.XXXXXX)"
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

export KAIGUUL_DATA_DIR="$WORK/data" KAIGUUL_BCRYPT_COST=4 LOG_LEVEL=warning
PASSWORD="bench-analyst-password-1"
"$BIN" migrate >/dev/null
echo "$PASSWORD" | "$BIN" user create bench --role analyst --password-stdin >/dev/null
python3 benchmarks/triage/seed.py "$KAIGUUL_DATA_DIR/kaiguul.sqlite" "$ITEMS"
sqlite3 "$KAIGUUL_DATA_DIR/kaiguul.sqlite" "ANALYZE"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$BIN" serve --hostname 127.0.0.1 --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done

JAR="$WORK/cookies"
csrf() { curl -s -b "$JAR" -c "$JAR" "$BASE$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
TOKEN="$(csrf /login)"
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "username=bench" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "_csrf=$TOKEN" "$BASE/login"
status=$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' "$BASE/triage")
[ "$status" = "200" ] || { echo "GET /triage answered $status after login" >&2; tail "$WORK/serve.log" >&2; exit 1; }

measure() { # label path
    local label=$1 path=$2
    for _ in 1 2 3; do curl -s -b "$JAR" -o /dev/null "$BASE$path"; done
    local before after
    before=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    for _ in $(seq 1 "$RUNS"); do
        curl -s -b "$JAR" -o "$WORK/page.html" -w '%{http_code} %{time_total} %{size_download}\n' "$BASE$path"
    done > "$WORK/$label.times"
    after=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    python3 - "$label" "$path" "$WORK/$label.times" "$WORK/page.html" "$((after - before))" "$(getconf CLK_TCK)" <<'PY'
import re, statistics, sys
label, path, times, page = sys.argv[1:5]
cpu_ms = int(sys.argv[5]) * 1000 / int(sys.argv[6])
rows = [line.split() for line in open(times)]
bad = [r for r in rows if r[0] != "200"]
ms = sorted(float(r[1]) * 1000 for r in rows)
html = open(page, encoding="utf-8").read()
total = re.search(r'id="triage-total">[^<]*?(\d+)<', html)
count = html.count('class="finding ')
print(f"{label:10s} {path:55s} median {statistics.median(ms):6.1f} ms  p90 {ms[int(0.9 * (len(ms) - 1))]:6.1f} ms  "
      f"max {ms[-1]:6.1f} ms  server CPU {cpu_ms / len(rows):6.1f} ms/page  {int(rows[-1][2]) // 1024} KiB  "
      f"{count} rows of {total.group(1) if total else '-'}"
      + (f"  ({len(bad)} non-200)" if bad else ""))
PY
}
echo "kaiguul serving $ITEMS items with signals + 200 tips (SQLite), $RUNS runs each"
measure baseline "/regions"  # a small page through the same session, layout and permission checks
measure first "/triage"
measure filtered "/triage?priority=high&signal_kind=indicator&region_id=3"
measure org "/triage?organization_id=2&language=ky&state=all"
measure deep "/triage?page=300"
measure big "/triage?per_page=200"
