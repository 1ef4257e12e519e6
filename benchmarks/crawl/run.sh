#!/usr/bin/env bash
# Crawl benchmark: a generated site of PAGES pages (default 10,000) served by nginx on 127.0.0.1,
# crawled once by Kaiguul (one website source, `kaiguul worker --once`, every page to WARC, a
# captures row and an item per page) and once by `wget --recursive --warc-file`, in the same run.
# Prints pages per second and peak RSS (GNU time) for both. A benchmark, not a test.
#
# Usage: benchmarks/crawl/run.sh [PAGES]
# LATENCY_MS=20 serves the site from a Python server that waits that long before each answer
# instead of nginx (not the issue's benchmark; shows the crawl over slow servers).
# Measures the release build (built here if missing); KAIGUUL_BIN picks another binary.
# KAIGUUL_WRAP runs the crawler under a profiler, e.g. KAIGUUL_WRAP="perf record -g -o /tmp/perf.data".
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${1:-10000}
# The peers: nginx serves the site, wget is the crawler compared with (installed here if missing).
for tool in /usr/sbin/nginx /usr/bin/wget; do
    if [ ! -x "$tool" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light wget >/dev/null \
            || { echo "could not install nginx and wget" >&2; exit 2; }
        # The package starts a system nginx on port 80; the benchmark runs its own.
        service nginx stop >/dev/null 2>&1 || true
    fi
done
BIN=${KAIGUUL_BIN:-$PWD/.build/release/kaiguul}
if [ -z "${KAIGUUL_BIN:-}" ]; then
    swift build -c release --product kaiguul >/dev/null || { echo "release build failed" >&2; exit 2; }
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 2; }
WORK="$(mktemp -d /tmp/kaiguul-crawl.XXXXXX)"
NGINX_PID=""
cleanup() {
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The site: pages link to the next ten pages, so both crawlers walk all of them breadth first.
mkdir -p "$WORK/site"
chmod 755 "$WORK"  # nginx workers run as an unprivileged user
python3 - "$WORK/site" "$PAGES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    links = "".join(f'<li><a href="/p{j}.html">page {j}</a></li>' for j in range(i + 1, min(n, i + 11)))
    body = f"<p>Invented bulletin {i} of a fictional civic forum. " + "Lorem ipsum dolor sit amet. " * 20 + "</p>"
    html = f"<!doctype html><html><head><title>Page {i}</title></head><body>{body}<ul>{links}</ul></body></html>"
    name = "index.html" if i == 0 else f"p{i}.html"
    with open(os.path.join(root, name), "w") as f:
        f.write(html)
PY
chmod -R a+rX "$WORK/site"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 256; }
http {
    access_log off;
    types { text/html html; }
    client_body_temp_path $WORK/tmp;
    server { listen 127.0.0.1:$PORT; root $WORK/site; }
}
CONF
mkdir -p "$WORK/tmp"
if [ "${LATENCY_MS:-0}" -gt 0 ]; then
    # Not the issue's benchmark: every answer waits LATENCY_MS first, as a server across the
    # internet would, to show what fetching several pages at once is for.
    python3 scripts/slow-http-server.py "$WORK/site" "$LATENCY_MS" "$PORT" > /dev/null &
    NGINX_PID=$!
    sleep 0.5
    echo "python3 http.server on 127.0.0.1:$PORT serving $PAGES pages, $LATENCY_MS ms before each answer"
else
    /usr/sbin/nginx -c "$WORK/nginx.conf" -p "$WORK" &
    NGINX_PID=$!
    sleep 0.5
    echo "nginx on 127.0.0.1:$PORT serving $PAGES pages"
fi

measure() { # label, command...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S %M" -o "$WORK/$label.rss" "$@" > "$WORK/$label.log" 2>&1 || { echo "$label failed"; tail "$WORK/$label.log"; }
    end=$(date +%s.%N)
    echo "$start $end" > "$WORK/$label.time"
}

# Kaiguul: one website source, crawled by one worker pass.
export KAIGUUL_DATA_DIR="$WORK/kaiguul" KAIGUUL_FETCH_ALLOW=127.0.0.1/32 KAIGUUL_CRAWL_SITE_PAGES=$PAGES
export KAIGUUL_FETCH_MIN_DELAY_MS=0 KAIGUUL_FETCH_PER_HOST=8 KAIGUUL_CRAWL_CONCURRENCY=8 KAIGUUL_MEDIA_PER_ITEM=0
export LOG_LEVEL=warning
"$BIN" migrate >/dev/null
sqlite3 "$WORK/kaiguul/kaiguul.sqlite" "INSERT INTO sources (kind, address, identity, title, check_interval_minutes,
  status, found_by, notes, search_text, next_check_at, created_at) VALUES ('website', 'http://127.0.0.1:$PORT/',
  '127.0.0.1:$PORT', 'bench', 60, 'active', 'analyst', '', 'bench', 0, 0)" 2>/dev/null \
  || { echo "sqlite3 CLI needed to add the source"; exit 2; }
measure kaiguul ${KAIGUUL_WRAP:-} "$BIN" worker --once --concurrency 1
kaiguul_pages=$(sqlite3 "$WORK/kaiguul/kaiguul.sqlite" "SELECT count(*) FROM captures WHERE http_status = 200")
kaiguul_items=$(sqlite3 "$WORK/kaiguul/kaiguul.sqlite" "SELECT count(*) FROM items")
# Where the time went: first fetch to last fetch, then storing items after the last fetch.
read -r first_fetch last_fetch < <(sqlite3 -separator ' ' "$WORK/kaiguul/kaiguul.sqlite" \
    "SELECT min(fetched_at), max(fetched_at) FROM captures")
kaiguul_warc_bytes=$(cat "$WORK"/kaiguul/warc/*.warc.gz | wc -c)
# With KAIGUUL_TSA_URLS set, each closed WARC file gets RFC 3161 tokens beside it.
kaiguul_tokens=$(find "$WORK/kaiguul/warc" -name '*.tsr' | wc -l)

# wget: the same site, recursively, into a WARC.
mkdir -p "$WORK/wget" && cd "$WORK/wget"
measure wget wget --recursive --level=inf --no-verbose --no-parent --delete-after --warc-file=bench \
    "http://127.0.0.1:$PORT/"
cd - >/dev/null
wget_pages=$(grep -c "URL:" "$WORK/wget.log" || true)
wget_warc_bytes=$(cat "$WORK"/wget/bench.warc.gz | wc -c)

report() { # label pages
    read -r start end < "$WORK/$1.time"
    read -r user sys rss < <(tail -1 "$WORK/$1.rss")
    python3 -c "import sys; s,e,p,u,y,r=float(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]),float(sys.argv[4]),float(sys.argv[5]),int(sys.argv[6]); \
print(f'{sys.argv[7]:8s} {p:6d} pages in {e-s:7.1f} s = {p/(e-s):7.1f} pages/s, CPU {u+y:6.1f} s ({(u+y)/p*1000:5.2f} ms/page), peak RSS {r/1024:6.1f} MB')" \
        "$start" "$end" "$2" "$user" "$sys" "$rss" "$1"
}
report kaiguul "$kaiguul_pages"
report wget "$wget_pages"
read -r kstart kend < "$WORK/kaiguul.time"
python3 -c "import sys; a,b,s,e=map(float,sys.argv[1:5]); \
print(f'kaiguul: fetching {b-a:.1f} s (first to last fetch), start-up {a-s:.1f} s, storing and exit {e-b:.1f} s')" \
    "$first_fetch" "$last_fetch" "$kstart" "$kend"
echo "kaiguul items stored: $kaiguul_items"
echo "WARC bytes: kaiguul $kaiguul_warc_bytes, wget $wget_warc_bytes"
echo "kaiguul timestamp tokens: $kaiguul_tokens"
