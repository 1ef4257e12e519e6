#!/usr/bin/env bash
# The block list in a real resolver, end to end through the kaiguul binary:
# a temporary data directory, cases walked through the whole workflow (open → expert → court → block) by
# `kaiguul-fixture blocklist` (test only: built next to kaiguul from the source tree, not part of the shipped
# binary), which uses the same CaseStore paths as the web and the API; the RPZ exported by kaiguul,
# one block lifted by a reversing decision, the RPZ exported again; then scripts/test-rpz.sh checks both
# zones with named-checkzone and Unbound (blocked names and their subdomains NXDOMAIN, the lifted one
# resolves after the reload, an unrelated name resolves throughout). No network beyond 127.0.0.1.
#
#   scripts/test-blocklist-resolver.sh [path/to/kaiguul]     (default .build/debug/kaiguul; kaiguul-fixture next to it)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/kaiguul}"
fixture="$(dirname "$bin")/kaiguul-fixture"
[ -x "$bin" ] || { echo "test-blocklist-resolver: $bin not built" >&2; exit 2; }
[ -x "$fixture" ] || { echo "test-blocklist-resolver: $fixture not built (swift build --build-tests)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export KAIGUUL_DATA_DIR="$work/data"
export KAIGUUL_BCRYPT_COST=4
unset DATABASE_URL

run() { "$bin" "$@" --log warning; }
fixture() { "$fixture" blocklist "$@" --log warning; }

# The shipped binary has no way to walk a case as invented people.
if "$bin" blocklist-fixture block refused.example --log warning >/dev/null 2>&1; then
    echo "FAIL: kaiguul still has blocklist-fixture" >&2; exit 1
fi

fixture block "kara-tuman.example,пример-демо.example,lifted-demo.example,https://t.me/kara_tuman_demo"
run export blocklist --format rpz --out "$work/blocked.rpz"
fixture lift "lifted-demo.example"
run export blocklist --format rpz --out "$work/lifted.rpz"

echo "--- exported zone (blocks active) ---"
cat "$work/blocked.rpz"
echo "--- exported zone (after lifting) ---"
cat "$work/lifted.rpz"

# The Cyrillic name must be in the zone as Punycode, and the shared platform must not be there at all.
idn="$(grep -o '^xn--[a-z0-9-]*\.example' "$work/blocked.rpz" | head -1)"
[ -n "$idn" ] || { echo "FAIL: no xn-- name for the Cyrillic domain" >&2; exit 1; }
if grep -q 't\.me' "$work/blocked.rpz"; then echo "FAIL: t.me in the RPZ" >&2; exit 1; fi
echo "Cyrillic domain as $idn; t.me absent"

scripts/test-rpz.sh --blocked kara-tuman.example --blocked "$idn" --lifted lifted-demo.example \
    --open open-demo.example "$work/blocked.rpz" "$work/lifted.rpz"
