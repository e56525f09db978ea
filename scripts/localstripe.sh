#!/usr/bin/env bash
# localstripe (a fake Stripe server, PyPI localstripe==1.15.10) for tests.
#
#   scripts/localstripe.sh install
#       makes its virtual environment when missing or of another version:
#       ${XDG_CACHE_HOME:-$HOME/.cache}/portico/localstripe-venv (pip, PyPI).
#   eval "$(scripts/localstripe.sh start [PORT])"
#       installs if needed, starts it from scratch on 127.0.0.1 and waits
#       until it answers; prints (only) these lines on stdout:
#         export PORTICO_TEST_STRIPE_URL=http://127.0.0.1:PORT
#         export PORTICO_TEST_STRIPE_DIR=/tmp/portico-localstripe.XXXXXX
#       PORT defaults to $PORTICO_TEST_STRIPE_PORT or 8520; if it is busy
#       the next free port is used (never 8420, localstripe's default).
#   scripts/localstripe.sh stop [DIR]
#       stops that server and deletes DIR (default: $PORTICO_TEST_STRIPE_DIR).
#
# Any sk_… key is accepted; its stripe.js stand-in is at
# $PORTICO_TEST_STRIPE_URL/js.stripe.com/v3/. The server's log is DIR/log.
set -euo pipefail

VERSION=1.15.10
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/portico/localstripe-venv"
MARKER=.portico-localstripe

log() { printf 'localstripe: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

installed_version() {
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("localstripe"))' 2>/dev/null || true
}

install() {
  if [ "$(installed_version)" = "$VERSION" ]; then
    log "localstripe $VERSION present in $VENV"
    return 0
  fi
  mkdir -p "$(dirname "$VENV")"
  # Two test runs starting at once must not install into one venv together.
  exec 9>"$VENV.lock"
  flock 9
  if [ "$(installed_version)" != "$VERSION" ]; then
    command -v python3 >/dev/null 2>&1 || die "python3 not found (scripts/setup.sh --with-test-deps)"
    log "installing localstripe $VERSION into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV" >&2 ||
      die "python3 -m venv failed (Debian: apt-get install python3-venv, or scripts/setup.sh --with-test-deps)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "localstripe==$VERSION" >&2 ||
      die "pip install localstripe==$VERSION failed"
    [ "$(installed_version)" = "$VERSION" ] || die "localstripe $VERSION not importable after pip install"
  fi
  flock -u 9
  exec 9>&-
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

answers() {
  curl -fsS -o /dev/null --max-time 2 -H 'Authorization: Bearer sk_test_ready' \
    "http://127.0.0.1:$1/v1/balance" 2>/dev/null
}

abandon_start() {
  if [ -f "$START_DIR/pid" ]; then
    kill "$(cat "$START_DIR/pid")" 2>/dev/null || true
  fi
  rm -rf "$START_DIR"
}

start() {
  local port="${1:-${PORTICO_TEST_STRIPE_PORT:-8520}}"
  case "$port" in
    '' | *[!0-9]*) die "bad port: $port" ;;
  esac
  command -v curl >/dev/null 2>&1 || die "curl not found (scripts/setup.sh --with-test-deps)"
  install

  local dir pid deadline
  dir="$(mktemp -d /tmp/portico-localstripe.XXXXXX)"
  START_DIR="$dir"
  trap abandon_start EXIT
  touch "$dir/$MARKER"
  while port_busy "$port" || [ "$port" -eq 8420 ]; do
    port=$((port + 1))
  done
  # localstripe's own command listens on every interface and writes its
  # whole store to /tmp/localstripe.pickle after each change, a file every
  # instance on the machine shares (and another user's copy cannot be
  # overwritten). Its app is served here on loopback only, from scratch,
  # with that file left alone.
  "$VENV/bin/python" - "$port" >"$dir/log" 2>&1 <<'PY' &
import logging
import sys
from aiohttp import web
import localstripe.resources as resources
from localstripe.server import app

# Requests and webhook deliveries (localstripe logs them on aiohttp.access).
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
resources.Store.dump_to_disk = lambda self: None
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
PY
  pid=$!
  printf '%s\n' "$pid" >"$dir/pid"
  printf '%s\n' "$port" >"$dir/port"
  deadline=$((SECONDS + 30))
  until answers "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$dir/log" >&2 || true
      die "localstripe exited before answering on port $port"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$dir/log" >&2 || true
      die "no answer from localstripe on port $port within 30 s"
    fi
    sleep 0.2
  done
  trap - EXIT
  log "localstripe $VERSION on 127.0.0.1:$port (pid $pid), log in $dir/log"
  printf 'export PORTICO_TEST_STRIPE_URL=%q\n' "http://127.0.0.1:$port"
  printf 'export PORTICO_TEST_STRIPE_DIR=%q\n' "$dir"
}

stop() {
  local dir="${1:-${PORTICO_TEST_STRIPE_DIR:-}}"
  [ -n "$dir" ] || die "stop: no DIR given and PORTICO_TEST_STRIPE_DIR is not set"
  [ -d "$dir" ] || {
    log "stop: $dir does not exist; nothing to do"
    return 0
  }
  [ -f "$dir/$MARKER" ] || die "stop: $dir was not made by this script (no $MARKER); not deleting it"
  local pid
  pid="$(cat "$dir/pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  install) install ;;
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
