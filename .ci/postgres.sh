#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback and prints the URL for AFFIDO_TEST_PG_URL.
# Usage: source-free: `url=$(bash .ci/postgres.sh /tmp/affido-pg 55432)`.
set -euo pipefail
dir=${1:-/tmp/affido-pg}
port=${2:-55432}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed" >&2; exit 1; }
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  run "$bindir/initdb" -D "$dir" -U affido --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! run "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
fi
echo "postgresql+psycopg://affido@127.0.0.1:$port/postgres"
