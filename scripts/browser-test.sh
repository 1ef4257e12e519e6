#!/usr/bin/env bash
# Starts `kaiguul demo` on a free loopback port with a temporary data folder, drives it with real
# Chromium through Selenium, and stops the server whatever happened. Screenshots: .build/screenshots/
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
BIN="${KAIGUUL_BIN:-.build/debug/kaiguul}"
DATA="$(mktemp -d /tmp/kaiguul-browser.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
mkdir -p .build/screenshots

# A copy of the binary: a build running meanwhile in the shared .build may relink it. `kaiguul demo`
# hands over to kaiguul-fixture (the demo dataset's builder), which it looks for next to itself.
cp "$BIN" "$DATA/kaiguul"
cp "$(dirname "$BIN")/kaiguul-fixture" "$DATA/kaiguul-fixture"
KAIGUUL_DATA_DIR="$DATA" KAIGUUL_BCRYPT_COST=4 "$DATA/kaiguul" demo --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$DATA/server.log"; echo "server died" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$DATA/server.log"; exit 1; }

KAIGUUL_URL="http://127.0.0.1:$PORT" SCREENSHOTS="$PWD/.build/screenshots" \
  "$VENV/bin/python" -m pytest -q tests/browser || { echo "--- server log (tail) ---"; tail -20 "$DATA/server.log"; exit 1; }
