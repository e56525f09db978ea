#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for tests.
#
#   eval "$(scripts/pg-cluster.sh start [PORT])"
#       initdb + start; prints (only) these lines on stdout:
#         export PORTICO_TEST_PG_URL=postgres://postgres@127.0.0.1:PORT/postgres
#         export PORTICO_TEST_PG_DIR=/tmp/portico-pg.XXXXXX
#       PORT defaults to $PORTICO_TEST_PG_PORT or 54329; if it is busy the
#       next free port is used.
#   scripts/pg-cluster.sh stop [DIR]
#       stops the cluster and deletes DIR (default: $PORTICO_TEST_PG_DIR).
#
# Trust auth (user postgres, no password), listening on 127.0.0.1 only, unix
# socket inside DIR, durability off (fsync, synchronous_commit,
# full_page_writes) for speed, max_connections=200. Uses Debian's binaries in
# /usr/lib/postgresql/*/bin; as root the server runs as the postgres user.
set -euo pipefail

MARKER=.portico-pg-cluster

log() { printf 'pg-cluster: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

find_bindir() {
  local dir best=""
  for dir in /usr/lib/postgresql/*/bin; do
    if [ ! -x "$dir/initdb" ] || [ ! -x "$dir/pg_ctl" ]; then
      continue
    fi
    best="$(printf '%s\n%s\n' "$best" "$dir" | sed '/^$/d' | sort -V | tail -n1)"
  done
  [ -n "$best" ] || die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql, or scripts/setup.sh --with-test-deps)"
  printf '%s\n' "$best"
}

# Run a command as the cluster's owner: postgres refuses to run as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_busy() {
  # A successful TCP connect means something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

abandon_start() {
  as_owner "$START_BINDIR/pg_ctl" -D "$START_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$START_DIR"
}

start() {
  local port="${1:-${PORTICO_TEST_PG_PORT:-54329}}"
  case "$port" in
    '' | *[!0-9]*) die "bad port: $port" ;;
  esac
  local bindir dir
  bindir="$(find_bindir)"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user (apt-get install postgresql creates it)"
  fi

  dir="$(mktemp -d /tmp/portico-pg.XXXXXX)"
  # Remove the half-made cluster if anything below fails.
  START_DIR="$dir" START_BINDIR="$bindir"
  trap abandon_start EXIT
  touch "$dir/$MARKER"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
  fi
  chmod 700 "$dir"

  # cwd must be readable by the owner (root's $HOME is not).
  cd "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --no-locale --no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
    {
      cat "$dir/initdb.log" >&2
      false
    }

  # Loopback TCP and the private socket only.
  # (Writing into the existing files keeps their owner.)
  cat >"$dir/data/pg_hba.conf" <<'HBA'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
HBA
  cat >>"$dir/data/postgresql.conf" <<CONF

# portico throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF

  local attempt started=0
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    while port_busy "$port"; do
      port=$((port + 1))
    done
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port" start >/dev/null 2>&1; then
      started=1
      break
    fi
    log "start on port $port failed (attempt $attempt), trying the next port"
    port=$((port + 1))
  done
  if [ "$started" -ne 1 ]; then
    tail -n 40 "$dir/postgres.log" >&2 || true
    false
  fi
  trap - EXIT
  printf '%s\n' "$port" >"$dir/port"
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  printf 'export PORTICO_TEST_PG_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
  printf 'export PORTICO_TEST_PG_DIR=%q\n' "$dir"
}

stop() {
  local dir="${1:-${PORTICO_TEST_PG_DIR:-}}"
  [ -n "$dir" ] || die "stop: no DIR given and PORTICO_TEST_PG_DIR is not set"
  [ -d "$dir" ] || {
    log "stop: $dir does not exist; nothing to do"
    return 0
  }
  [ -f "$dir/$MARKER" ] || die "stop: $dir is not a cluster made by this script (no $MARKER); not deleting it"
  local bindir
  bindir="$(find_bindir)"
  cd "$dir"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
      log "stop: pg_ctl stop failed (already stopped?)"
  fi
  cd /
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start)
    shift
    start "$@"
    ;;
  stop)
    shift
    stop "$@"
    ;;
  *) usage ;;
esac
