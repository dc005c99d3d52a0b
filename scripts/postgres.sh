#!/usr/bin/env bash
# A throwaway PostgreSQL 15+ cluster for the test suite (and for trying a centre setup locally).
#   bash scripts/postgres.sh install      apt-get install postgresql postgresql-contrib (when missing)
#   bash scripts/postgres.sh start DIR    initdb + start as the `postgres` user, data and socket in DIR;
#                                         prints the SQLAlchemy URL of the server's `postgres` database
#   bash scripts/postgres.sh stop DIR     stop the cluster and delete DIR
# The cluster listens on a Unix socket in DIR only (no TCP port), trusts local connections and
# runs without fsync: it is for tests, never for data anyone keeps (see docs/server.md for a real
# server).
set -euo pipefail
cmd=${1:-}
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "PostgreSQL is not installed: bash scripts/postgres.sh install" >&2; exit 1; }
  echo "$dir"
}
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
case "$cmd" in
  install)
    if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/share/postgresql/*/extension/amcheck.control >/dev/null 2>&1; then
      exit 0
    fi
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
      echo "Please install:  sudo apt-get install -y postgresql postgresql-contrib" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # the package's own cluster is not needed (policy-rc.d keeps it from starting where it can)
    $SUDO apt-get install -y -qq postgresql postgresql-contrib >/dev/null
    ;;
  start)
    dir=${2:?usage: postgres.sh start DIR}
    bin=$(pg_bin)
    mkdir -p "$dir"
    chown postgres "$dir" 2>/dev/null || true
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    opts="-c listen_addresses= -c unix_socket_directories=$dir -c port=5432 -c fsync=off"
    opts="$opts -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    opts="$opts -c shared_buffers=128MB -c max_locks_per_transaction=256"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql+psycopg://postgres@/postgres?host=$dir&port=5432"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    bin=$(pg_bin)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: bash scripts/postgres.sh install | start DIR | stop DIR" >&2; exit 2 ;;
esac
