#!/usr/bin/env bash
# Browser capture benchmark: PAGES (default 100) script-built loopback pages captured one after
# another in one headless Chromium by Kaiguul's ChromiumBrowser, through the guard proxy (address
# guard allowing 127.0.0.1 only), each with its traffic, DOM, full-page PNG and thumbnail; beside
# the peer, Python selenium driving the same Chromium over the same pages with a full-page
# screenshot. Prints pages per minute and the peak memory of the whole Chromium process tree
# (sum of RSS, and of PSS, which counts shared pages once) for both. A benchmark, not a test.
#
# Usage: benchmarks/browser-capture/run.sh [PAGES]
# Environment: BENCH_BIN (a prebuilt BrowserBench; otherwise built here in release mode),
# KAIGUUL_CHROMIUM (the Chromium binary; Debian's /usr/lib/chromium/chromium by default).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pages="${1:-100}"
out="$root/benchmarks/out/browser-capture"
venv="$root/.venv"
text="FICTIONAL BULLETIN"
mkdir -p "$out"

if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c "import selenium" 2>/dev/null || "$venv/bin/pip" install --quiet -r "$root/requirements-test.txt"
py="$venv/bin/python"
command -v tesseract >/dev/null || { echo "tesseract is needed to check the peer" >&2; exit 2; }

bin="${BENCH_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$here" && swift build -c release --product BrowserBench >/dev/null)
    bin="$here/.build/release/BrowserBench"
fi

site_pid=""
cleanup() { [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true; }
trap cleanup EXIT
"$py" "$here/site.py" 0 > "$out/site.port" &
site_pid=$!
for _ in $(seq 50); do [ -s "$out/site.port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(head -1 "$out/site.port")"

value() { grep "^$1 " "$2" | head -1 | cut -d' ' -f2-; }

echo "== Peer checked first: page 0 in selenium, its DOM and the OCR of its full-page screenshot"
"$py" "$here/peer.py" "$base" 1 "$text" check "$out" > "$out/peer-check.txt"
ocr="$(tesseract "$out/peer-p0.png" stdout 2>/dev/null | tr -s '[:space:]' ' ')"
if [ "$(value sound_pages "$out/peer-check.txt")" != "1" ] || [[ "$ocr" != *"$text"* ]]; then
    echo "the peer is not sound: DOM check $(value sound_pages "$out/peer-check.txt"), OCR: ${ocr:0:120}" >&2
    exit 1
fi
echo "peer sound: DOM holds the script-built text, OCR of its screenshot reads it"

echo "== $pages pages, one browser each"
"$bin" "$base" "$pages" "$text" > "$out/kaiguul.txt" 2> "$out/kaiguul.err"
"$py" "$here/peer.py" "$base" "$pages" "$text" > "$out/peer.txt"
printf '%-28s %14s %14s\n' "" "Kaiguul" "selenium"
for key in version pages seconds pages_per_minute peak_rss_mb peak_pss_mb sound_pages screenshots png_mb; do
    printf '%-28s %14s %14s\n' "$key" "$(value $key "$out/kaiguul.txt")" "$(value $key "$out/peer.txt")"
done
printf '%-28s %14s %14s\n' "exchanges recorded" "$(value exchanges "$out/kaiguul.txt")" "-"
printf '%-28s %14s %14s\n' "guard refusals" "$(value refusals "$out/kaiguul.txt")" "-"
