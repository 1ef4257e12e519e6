#!/usr/bin/env bash
# Evidence integrity benchmark: what signing and timestamping cost. A benchmark, not a test.
#
#  1. Package signing: a WACZ of a WARC of MEGABYTES (default 1024) written unsigned and signed
#     (WACZ anonymous mode, ECDSA P-256), then verified, by Kaiguul's Evidence target (release
#     build of benchmarks/evidence), beside py-wacz (`wacz create`, `wacz validate`) on the same
#     WARC in the same run.
#  2. Crawl: benchmarks/crawl/run.sh PAGES (default 10000) with no time-stamping authority and with
#     one (a local `openssl ts` TSA, benchmarks/evidence/tsa-server.py), alternating, RUNS times each.
#
# Usage: benchmarks/evidence/run.sh [MEGABYTES] [PAGES] [RUNS]
# SKIP_PACKAGE=1 or SKIP_CRAWL=1 leave a part out.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
MEGABYTES=${1:-1024}
PAGES=${2:-10000}
RUNS=${3:-2}
WORK="$(mktemp -d /tmp/kaiguul-evidence-bench.XXXXXX)"
TSA_PID=""
cleanup() {
    [ -n "$TSA_PID" ] && kill "$TSA_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${SKIP_PACKAGE:-}" ]; then
    # The peer: py-wacz from the test virtualenv (make venv), the same version make test uses.
    if [ ! -x .venv/bin/wacz ]; then
        python3 -m venv .venv && .venv/bin/pip install -q -r requirements-test.txt
    fi
    (cd benchmarks/evidence && swift build -c release --product PackageBench >/dev/null) \
        || { echo "benchmark build failed" >&2; exit 2; }
    bench=benchmarks/evidence/.build/release/PackageBench
    "$bench" "$WORK/package" "$MEGABYTES" | tee "$WORK/package.log"
    warc=$(awk '/^warc /{print $2}' "$WORK/package.log")
    # The peer must be sound on this input: its own package has to validate.
    for round in 1 2; do
        start=$(date +%s.%N)
        .venv/bin/wacz create -o "$WORK/peer-$round.wacz" "$warc" >/dev/null 2>&1
        end=$(date +%s.%N)
        python3 -c "import sys; print(f'round {sys.argv[3]} py-wacz-create {float(sys.argv[2])-float(sys.argv[1]):.2f} s')" \
            "$start" "$end" "$round"
        start=$(date +%s.%N)
        if .venv/bin/wacz validate -f "$WORK/peer-$round.wacz" >/dev/null 2>&1; then ok=valid; else ok=INVALID; fi
        end=$(date +%s.%N)
        python3 -c "import sys; print(f'round {sys.argv[3]} py-wacz-validate {float(sys.argv[2])-float(sys.argv[1]):.2f} s ({sys.argv[4]})')" \
            "$start" "$end" "$round" "$ok"
        rm -f "$WORK/peer-$round.wacz"
    done
    rm -rf "$WORK/package"
fi

if [ -z "${SKIP_CRAWL:-}" ]; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    python3 benchmarks/evidence/tsa-server.py "$WORK/tsa" "$port" > "$WORK/tsa.log" &
    TSA_PID=$!
    for _ in $(seq 50); do grep -q ready "$WORK/tsa.log" 2>/dev/null && break; sleep 0.2; done
    for run in $(seq "$RUNS"); do
        echo "== crawl run $run, no time-stamping authority"
        env -u KAIGUUL_TSA_URLS benchmarks/crawl/run.sh "$PAGES" | grep -E "^kaiguul|timestamp"
        echo "== crawl run $run, TSA at 127.0.0.1:$port"
        KAIGUUL_TSA_URLS="http://127.0.0.1:$port/" KAIGUUL_TSA_ROOTS="$WORK/tsa/root.pem" \
            benchmarks/crawl/run.sh "$PAGES" | grep -E "^kaiguul|timestamp"
    done
fi
