#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb into a temporary folder, start it on a
# free loopback port, export KAIGUUL_TEST_POSTGRES_URL, run "$@", then stop the server and remove
# the folder whatever happened.
set -euo pipefail

PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

DIR="$(mktemp -d /tmp/kaiguul-pg.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
AS=()
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$DIR"
  AS=(runuser -u postgres --)
fi

cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" start >/dev/null
echo "PostgreSQL on 127.0.0.1:$PORT (data in $DIR)"

export KAIGUUL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
