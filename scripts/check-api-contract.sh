#!/usr/bin/env bash
# The API against its own contract: schemathesis generates requests from
# Sources/App/Resources/openapi.yaml and sends them to a live demo server (a fresh SQLite database in a
# temporary folder, thrown away after), once per role that may hold an API token. Every answer must be no
# 5xx, a documented status code and content type, a body matching the documented schema and documented
# headers; a request without credentials must be refused; a created resource must be readable at once.
# Routes missing from the document are Tests/AppTests/APIContractTests.swift's concern.
#
# Deterministic (hypothesis' derandomized mode, one worker): the same binary and document give the same
# requests. API_CHECK_EXAMPLES bounds the cases per operation in the fuzzing phase (default 8).
# Usage: scripts/check-api-contract.sh [path/to/kaiguul]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-$PWD/.build/debug/kaiguul}"
VENV="${VENV:-.venv}"
SPEC="$PWD/Sources/App/Resources/openapi.yaml"
EXAMPLES="${API_CHECK_EXAMPLES:-8}"
# Volunteers and auditors may not create API tokens (the permission table), so they have no API to test.
ROLES=(${API_CHECK_ROLES:-admin analyst expert legal coordinator partner provider})
# The coverage phase (every boundary value of every parameter, ~35 s a role) runs for the roles that change
# cases, each reaching other code; the others, refused most operations, get the fuzzing and stateful phases.
FULL_ROLES=" ${API_CHECK_FULL_ROLES:-analyst expert legal} "
# Checks that hold for this API. Left out: positive_data_acceptance (the server validates more than a
# schema can say: control characters, URL shapes, duplicates) and unsupported_method (Vapor answers 404
# for a method no route has).
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
CHECKS+=,response_headers_conformance,negative_data_rejection,missing_required_header,ignored_auth
CHECKS+=,ensure_resource_availability,use_after_free

[ -x "$BIN" ] || { echo "build first: swift build" >&2; exit 2; }
SCHEMATHESIS="$(cd "$VENV/bin" 2>/dev/null && pwd)/schemathesis"
[ -x "$SCHEMATHESIS" ] || { echo "schemathesis missing: make venv" >&2; exit 2; }

WORK="$(mktemp -d /tmp/kaiguul-api.XXXXXX)"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Captures (POST /cases/{id}/captures, report_mirror) go to a closed local port instead of the internet:
# they fail at once with the documented 422, whatever target the generator invented.
env -u DATABASE_URL KAIGUUL_DATA_DIR="$WORK/data" KAIGUUL_FETCH_PROXY=http://127.0.0.1:9 LOG_LEVEL=warning \
    "$BIN" demo --hostname 127.0.0.1 --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 240); do
    curl -sf -o /dev/null "$BASE/healthz" && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "demo server did not start" >&2; exit 1; }
    sleep 0.5
done
curl -sf -o /dev/null "$BASE/healthz" || { tail -20 "$WORK/server.log" >&2; echo "demo server not ready" >&2; exit 1; }

csrf_field() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

# A token minted the way a user does it: sign in on the login form, then create one on the Account page.
mint_token() {
    local jar="$WORK/cookies-$1" csrf
    csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/login" | csrf_field)
    curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "username=$1" \
        --data-urlencode "password=kaiguul-demo" "$BASE/login"
    csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/account" | csrf_field)
    curl -s -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "name=contract check" \
        "$BASE/account/tokens" | grep -o 'kgl_[A-Za-z0-9_-]*' | head -1
}

total=0
failed=()
summary=""
for role in "${ROLES[@]}"; do
    token=$(mint_token "$role")
    [ -n "$token" ] || { echo "no API token for $role" >&2; exit 1; }
    [ "$(curl -s -H "Authorization: Bearer $token" "$BASE/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["role"])')" = "$role" ] \
        || { echo "the token minted for $role is not $role's" >&2; exit 1; }
    phases=fuzzing,stateful
    [[ "$FULL_ROLES" == *" $role "* ]] && phases=coverage,fuzzing,stateful
    echo "--- schemathesis as $role ($phases)"
    set +e
    # From the temporary folder: schemathesis keeps a cache of past failures in .schemathesis/ and replays them.
    (cd "$WORK" && "$SCHEMATHESIS" run "$SPEC" --url "$BASE/api/v1" -H "Authorization: Bearer $token" \
        --checks "$CHECKS" --phases "$phases" --max-examples "$EXAMPLES" --generation-deterministic --workers 1 \
        --request-timeout 30 --no-color) > "$WORK/run-$role.txt" 2>&1
    rc=$?
    set -e
    cases=$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' "$WORK/run-$role.txt" | tail -1)
    total=$((total + ${cases:-0}))
    summary+="$(printf '%-12s %6s cases' "$role" "${cases:-?}")"$'\n'
    if [ "$rc" -ne 0 ]; then
        failed+=("$role")
        sed -n '/= FAILURES =/,$p' "$WORK/run-$role.txt"
        grep -q "FAILURES" "$WORK/run-$role.txt" || cat "$WORK/run-$role.txt"
    else
        grep -E "generated|warnings in|passed in" "$WORK/run-$role.txt" | tail -2
    fi
    if ! kill -0 "$SERVER" 2>/dev/null; then
        grep -m5 -iE "fatal|crash" "$WORK/server.log" >&2 || tail -60 "$WORK/server.log" >&2
        echo "the server died during the run as $role" >&2
        exit 1
    fi
done

echo
printf '%s' "$summary"
echo "generated test cases in all: $total"
if [ ${#failed[@]} -gt 0 ]; then
    echo "API contract violated as: ${failed[*]}" >&2
    exit 1
fi
echo "API contract holds for ${#ROLES[@]} roles."
