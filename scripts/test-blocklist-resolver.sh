#!/usr/bin/env bash
# The block list in a real resolver, end to end through the kaiguul binary:
# a temporary data directory, cases walked through the whole workflow (open → expert → court → block) by
# `kaiguul blocklist-fixture`, which uses the same CaseStore paths as the web and the API; the RPZ exported,
# one block lifted by a reversing decision, the RPZ exported again; then scripts/test-rpz.sh checks both
# zones with named-checkzone and Unbound (blocked names and their subdomains NXDOMAIN, the lifted one
# resolves after the reload, an unrelated name resolves throughout). No network beyond 127.0.0.1.
#
#   scripts/test-blocklist-resolver.sh [path/to/kaiguul]     (default .build/debug/kaiguul)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/kaiguul}"
[ -x "$bin" ] || { echo "test-blocklist-resolver: $bin not built" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export KAIGUUL_DATA_DIR="$work/data"
export KAIGUUL_BCRYPT_COST=4
unset DATABASE_URL

run() { "$bin" "$@" --log warning; }

run blocklist-fixture block "kara-tuman.example,пример-демо.example,lifted-demo.example,https://t.me/kara_tuman_demo"
run export blocklist --format rpz --out "$work/blocked.rpz"
run blocklist-fixture lift "lifted-demo.example"
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
