#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the tests, and removes the server after.
#   scripts/with-test-postgres.sh npm test
#   scripts/with-test-postgres.sh npx tsx --test test/storage/postgres.test.ts
# Installs Debian's `postgresql` when no server binaries are found (needs root), initdbs a cluster
# in a temporary directory (as the `postgres` user when run as root: initdb refuses root), starts
# it on loopback with a password-protected admin role, and exports PARLEY_TEST_DATABASE_URL; the
# tests create and drop their own databases (test/helpers/postgres.ts). A cluster of its own rather
# than Debian's `main` one: nothing of the machine's is changed, and every run starts empty.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bindir)" ]; then
  echo "installing postgresql from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The package creates and may start a `main` cluster of its own: not needed here, so not left running.
  for cluster in $(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}'); do
    pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop || true
  done
fi
BIN="$(bindir)"
if [ -z "$BIN" ]; then
  echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2
  exit 1
fi

# A free port unless one is named: two runs at once (two checkouts, a helper's and CI's) must not collide.
PORT="${PARLEY_TEST_PG_PORT:-$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')}"
DIR="$(mktemp -d /tmp/parley-pg.XXXXXX)"
PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi

stop() {
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

printf '%s\n' "$PASSWORD" > "$DIR/pw"
if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR/pw"; fi
as_owner "$BIN/initdb" -D "$DIR/data" -U parley_admin --pwfile="$DIR/pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$DIR/pw"
# fsync off: the tests kill Parley's processes, never this server's machine, so committed data
# survives without it; it saves seconds of a busy CI run. Loopback only, a socket directory of its own.
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off" start >/dev/null

export PARLEY_TEST_DATABASE_URL="postgres://parley_admin:${PASSWORD}@127.0.0.1:${PORT}/postgres"
echo "test PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
