#!/usr/bin/env bash
# Cooperation with partners, end to end, on a live demo server (a fresh SQLite folder, thrown away after):
#  1. every sharing rule's STIX bundle (`kaiguul exchange stix --rule N`) through stix2-validator (no errors)
#     and every indicator's pattern through stix2-matcher against the observation of its own capture;
#  2. every collection the demo partner may read, through taxii2-client over /taxii2/ with its API token
#     (manifest, two pages or more by `next`, `added_after`);
#  3. every rule's MISP feed, written by `kaiguul exchange misp` and fetched over HTTP at /feeds/misp/,
#     loaded by PyMISP;
#  4. a TCAP-style list imported twice into a bank (the second time with a tombstone): the image it
#     listed matches after the first import and no longer after the second (`kaiguul media match`);
#  5. a demo block lifted through the case workflow, then the next TAXII read serves its indicator revoked.
# Usage: scripts/check-exchange.sh [path/to/kaiguul] [path/to/kaiguul-fixture]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-$PWD/.build/debug/kaiguul}"
FIXTURE="${2:-$PWD/.build/debug/kaiguul-fixture}"
VENV="${VENV:-.venv}"
PY="$PWD/$VENV/bin/python"
[ -x "$BIN" ] && [ -x "$FIXTURE" ] || { echo "build first: swift build" >&2; exit 2; }
[ -x "$PY" ] || { echo "test peers missing: make venv" >&2; exit 2; }

WORK="$(mktemp -d /tmp/kaiguul-exchange.XXXXXX)"
SERVER=""
cleanup() {
    local status=$?
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    if [ "$status" -ne 0 ] && [ -f "$WORK/commands.log" ]; then
        echo "--- last lines the commands logged:" >&2; grep -v 'Migrator\]' "$WORK/commands.log" | tail -15 >&2
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
env -u DATABASE_URL KAIGUUL_DATA_DIR="$WORK/data" KAIGUUL_FETCH_PROXY=http://127.0.0.1:9 LOG_LEVEL=warning \
    "$FIXTURE" demo --hostname 127.0.0.1 --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 240); do
    curl -sf -o /dev/null "$BASE/healthz" && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "demo server did not start" >&2; exit 1; }
    sleep 0.5
done
curl -sf -o /dev/null "$BASE/healthz" || { tail -20 "$WORK/server.log" >&2; echo "demo server not ready" >&2; exit 1; }
# The demo keeps its database in data/demo; the commands below work on the same one beside the server.
export KAIGUUL_DATA_DIR="$WORK/data/demo"
unset DATABASE_URL
kaiguul() { "$BIN" "$@" 2>>"$WORK/commands.log"; }
# Python's own sqlite3 module reads the demo's database: no sqlite3 program needed.
query() { python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(*row)' "$KAIGUUL_DATA_DIR/kaiguul.sqlite" "$1"; }
rules() { query "SELECT id FROM sharing_rules WHERE revoked_at IS NULL ORDER BY id"; }

csrf_field() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
# A token minted the way the partner does it: sign in, create one on the Account page.
mint_token() {
    local jar="$WORK/cookies-$1" csrf
    csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/login" | csrf_field)
    curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "username=$1" \
        --data-urlencode "password=kaiguul-demo" "$BASE/login"
    csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/account" | csrf_field)
    curl -s -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "name=exchange check" \
        "$BASE/account/tokens" | grep -o 'kgl_[A-Za-z0-9_-]*' | head -1
}
TOKEN=$(mint_token partner)
[ -n "$TOKEN" ] || { echo "no API token for the demo partner" >&2; exit 1; }

echo "--- 1. STIX bundles: stix2-validator and stix2-matcher"
n=0
for rule in $(rules); do
    kaiguul exchange stix --rule "$rule" --out "$WORK/bundle-$rule.json"
    "$PY" scripts/check-stix.py "$WORK/bundle-$rule.json"
    n=$((n + 1))
done
[ "$n" -ge 3 ] || { echo "the demo should share through three rules or more, found $n" >&2; exit 1; }

echo "--- 2. TAXII 2.1 with taxii2-client, as the demo partner"
"$PY" scripts/check-taxii.py "$BASE/taxii2/" --token "$TOKEN"

echo "--- 3. MISP feeds: written by the command and fetched over HTTP, loaded by PyMISP"
for rule in $(rules); do
    kaiguul exchange misp --rule "$rule" "$WORK/misp-$rule"
    "$PY" scripts/check-misp.py "$WORK/misp-$rule"
done
collection=$(query "SELECT collection_id FROM sharing_rules WHERE revoked_at IS NULL ORDER BY id LIMIT 1")
mkdir -p "$WORK/misp-http"
curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/feeds/misp/$collection/manifest.json" -o "$WORK/misp-http/manifest.json"
curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/feeds/misp/$collection/hashes.csv" -o "$WORK/misp-http/hashes.csv"
for event in $("$PY" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$WORK/misp-http/manifest.json"); do
    curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/feeds/misp/$collection/$event.json" -o "$WORK/misp-http/$event.json"
done
"$PY" scripts/check-misp.py "$WORK/misp-http"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/feeds/misp/$collection/manifest.json")" = 401 ] \
    || { echo "the MISP feed answered without a token" >&2; exit 1; }

echo "--- 4. A TCAP-style list imported twice: the tombstoned hash no longer matches"
IMAGE=../shared/fixtures/pdq/images/bridge-1-original.jpg
[ -f "$IMAGE" ] || IMAGE=/work/shared/fixtures/pdq/images/bridge-1-original.jpg
PDQ=$(kaiguul media hash "$IMAGE" | awk '{print $1}')
[ ${#PDQ} -eq 64 ] || { echo "no PDQ hash for $IMAGE: $PDQ" >&2; exit 1; }
cat > "$WORK/list-1.json" <<JSON
{"count": 2, "next": null, "previous": null, "checkpoint": "2026-11-01T00:00:00Z", "results": [
 {"id": "check-1", "hash_digest": "$PDQ", "algorithm": "PDQ", "file_type": "image", "ideology": "fictional",
  "deleted": false, "updated_on": "2026-10-30T10:00:00Z"},
 {"id": "check-2", "hash_digest": "0123456789abcdef0123456789abcdef", "algorithm": "MD5", "file_type": "video",
  "ideology": "fictional", "deleted": false, "updated_on": "2026-10-31T10:00:00Z"}]}
JSON
cat > "$WORK/list-2.json" <<JSON
{"count": 1, "next": null, "previous": null, "checkpoint": "2026-11-20T00:00:00Z", "results": [
 {"id": "check-1", "hash_digest": "$PDQ", "algorithm": "PDQ", "file_type": "image", "ideology": "fictional",
  "deleted": true, "updated_on": "2026-11-19T10:00:00Z"}]}
JSON
kaiguul bank import "$WORK/list-1.json" --format tcap --bank "Exchange check list" --provenance "check-exchange.sh"
kaiguul media match "$IMAGE" > "$WORK/match-1.txt"
# `media match` prints the image's own hash first, then one `match …` line per banked entry.
grep -q "^match .*$PDQ" "$WORK/match-1.txt" || { cat "$WORK/match-1.txt" >&2; echo "the listed image did not match" >&2; exit 1; }
kaiguul bank import "$WORK/list-2.json" --format tcap --bank "Exchange check list"
kaiguul media match "$IMAGE" > "$WORK/match-2.txt"
if grep -q "^match .*$PDQ" "$WORK/match-2.txt"; then
    cat "$WORK/match-2.txt" >&2; echo "the tombstoned hash still matches" >&2; exit 1
fi
echo "listed image matched after the first import, not after the tombstone"
# A third import of the same first list changes nothing: its entries are older than the checkpoint.
kaiguul bank import "$WORK/list-1.json" --format tcap --bank "Exchange check list"
kaiguul media match "$IMAGE" > "$WORK/match-3.txt"
if grep -q "^match .*$PDQ" "$WORK/match-3.txt"; then echo "re-importing the old list revived the tombstoned hash" >&2; exit 1; fi

echo "--- 5. A lifted demo block is served revoked in the next TAXII read"
"$FIXTURE" blocklist lift kara-tuman.example 2>>"$WORK/commands.log"
"$PY" scripts/check-taxii.py "$BASE/taxii2/" --token "$TOKEN" --expect-revoked kara-tuman.example

echo "Exchange checks passed."
