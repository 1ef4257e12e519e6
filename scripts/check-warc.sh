#!/usr/bin/env bash
# Runs the external web-archive validators over every WARC and WACZ file under a directory:
#   warcio check        on each .warc / .warc.gz   (record framing and digests)
#   cdxj-indexer        on each .warc / .warc.gz   (must index it without error, one line or more)
#   wacz validate -f    on each .wacz              (layout, datapackage hashes, digest file)
# Exits non-zero if any validator fails or if there is nothing to check.
#
# Usage: scripts/check-warc.sh DIR
# The tools come from the Python virtualenv $VENV (default: .venv at the repository root):
#   python3 -m venv .venv && .venv/bin/pip install warcio cdxj-indexer wacz
set -u -o pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
dir=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$root/.venv}
case $VENV in /*) ;; *) VENV=$root/$VENV ;; esac

for tool in warcio cdxj-indexer wacz; do
    if [ ! -x "$VENV/bin/$tool" ]; then
        echo "missing $VENV/bin/$tool (pip install warcio cdxj-indexer wacz into $VENV)" >&2
        exit 2
    fi
done

failures=0
checked=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    if ! "$VENV/bin/warcio" check -v "$file" > "$tmp/check.out" 2>&1; then
        echo "FAIL warcio check $file"
        sed 's/^/    /' "$tmp/check.out"
        failures=$((failures + 1))
    else
        echo "ok   warcio check $file"
    fi
    if ! "$VENV/bin/cdxj-indexer" "$file" > "$tmp/index.cdxj" 2> "$tmp/index.err"; then
        echo "FAIL cdxj-indexer $file"
        sed 's/^/    /' "$tmp/index.err"
        failures=$((failures + 1))
    elif [ -s "$tmp/index.err" ] || [ ! -s "$tmp/index.cdxj" ]; then
        echo "FAIL cdxj-indexer $file (warnings or empty index)"
        sed 's/^/    /' "$tmp/index.err"
        failures=$((failures + 1))
    else
        echo "ok   cdxj-indexer $file ($(wc -l < "$tmp/index.cdxj") lines)"
    fi
done < <(find "$dir" -type f \( -name '*.warc' -o -name '*.warc.gz' \) -print0 | sort -z)

while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    # wacz validate prints its verdict; its exit code is 0 on success.
    if ! "$VENV/bin/wacz" validate -f "$file" > "$tmp/wacz.out" 2>&1 \
        || ! grep -q "Validation succeeded" "$tmp/wacz.out"; then
        echo "FAIL wacz validate $file"
        sed 's/^/    /' "$tmp/wacz.out"
        failures=$((failures + 1))
    else
        echo "ok   wacz validate $file"
    fi
done < <(find "$dir" -type f -name '*.wacz' -print0 | sort -z)

if [ "$checked" -eq 0 ]; then
    echo "no .warc, .warc.gz or .wacz files under $dir" >&2
    exit 1
fi
echo "checked $checked files, $failures failed"
[ "$failures" -eq 0 ]
