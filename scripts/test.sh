#!/usr/bin/env bash
# Portico's whole test suite (README command b; also what .ci/run runs):
#
#   scripts/test.sh [unit] [e2e] [-- PLAYWRIGHT_ARGS...]
#
#   unit  cargo test --features ssr: unit + integration tests, on SQLite and
#         on a throwaway PostgreSQL cluster (PORTICO_TEST_PG_URL), with
#         localstripe, the fake Stripe server, beside it
#         (PORTICO_TEST_STRIPE_URL; scripts/localstripe.sh).
#   e2e   cargo xtask build (debug), the server on a fresh data dir with
#         --demo on 127.0.0.1:3100 (next free port if busy), opened as
#         http://localhost:3100 (passkeys need a name, not an IP), then
#         Playwright (end2end/) against it. Beside it a second server for
#         Stripe (end2end/tests/stripe.spec.ts): the demo data again, but
#         PORTICO_PAYMENT_PROVIDER=stripe against a localstripe (its API
#         and its stripe.js stand-in) with the webhook registered, on
#         127.0.0.1:3300 (next free port), as PORTICO_STRIPE_BASE_URL.
#   No step named: both. Arguments after -- go to `playwright test`
#   (e.g. `scripts/test.sh e2e -- -g login --project desktop`).
#
# Every step prints its time; a failed step does not stop the later ones
# (except a failed setup); the last line is `summary: N passed, N failed`
# and the exit status is non-zero when anything failed.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

run_unit=0
run_e2e=0
pw_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    unit) run_unit=1 ;;
    e2e) run_e2e=1 ;;
    --)
      shift
      pw_args=("$@")
      break
      ;;
    -h | --help)
      sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "test.sh: unknown argument: $1 (see scripts/test.sh --help)" >&2
      exit 2
      ;;
  esac
  shift
done
if [ "$run_unit" -eq 0 ] && [ "$run_e2e" -eq 0 ]; then
  run_unit=1
  run_e2e=1
fi

T0=$SECONDS
LOG_DIR="$(mktemp -d /tmp/portico-test.XXXXXX)"
tests_passed=0
tests_failed=0
any_failed=0
summary_rows=()
pg_dir=""
stripe_dir=""
server_pid=""
e2e_data=""
stripe_server_pid=""
stripe_data=""
stripe_ls_dir=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "test.sh: server did not stop within 10 s; killing it"
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# stop_pid PID: TERM, then KILL after 10 s.
stop_pid() {
  [ -n "$1" ] || return 0
  if kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$1" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$1" 2>/dev/null; then
      echo "test.sh: process $1 did not stop within 10 s; killing it"
      kill -KILL "$1" 2>/dev/null || true
    fi
  fi
  wait "$1" 2>/dev/null || true
}

stop_stripe() {
  stop_pid "$stripe_server_pid"
  stripe_server_pid=""
  if [ -n "$stripe_ls_dir" ]; then
    "$ROOT/scripts/localstripe.sh" stop "$stripe_ls_dir" >/dev/null 2>&1 || true
    stripe_ls_dir=""
  fi
}

stop_pg() {
  [ -n "$pg_dir" ] || return 0
  "$ROOT/scripts/pg-cluster.sh" stop "$pg_dir" || true
  pg_dir=""
}

stop_localstripe() {
  [ -n "$stripe_dir" ] || return 0
  "$ROOT/scripts/localstripe.sh" stop "$stripe_dir" || true
  stripe_dir=""
}

cleanup() {
  stop_server
  stop_stripe
  stop_pg
  stop_localstripe
  # Keep the e2e data dir (database, mail) when something failed.
  if [ -n "$e2e_data" ] && [ "$any_failed" -eq 0 ]; then
    rm -rf "$e2e_data"
  fi
  if [ -n "$stripe_data" ] && [ "$any_failed" -eq 0 ]; then
    rm -rf "$stripe_data"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step_start=0
step() {
  step_start=$SECONDS
  printf '\n==> [%s] %s (at %d s)\n' "$1" "$2" "$((SECONDS - T0))"
}
# step_done NAME ok|FAILED [NOTE]
step_done() {
  local secs=$((SECONDS - step_start))
  printf '<== [%s] %s in %d s (total %d s)%s\n' "$1" "$2" "$secs" "$((SECONDS - T0))" "${3:+ - $3}"
  summary_rows+=("$(printf '  %-14s %-7s %5d s  %s' "$1" "$2" "$secs" "${3:-}")")
  if [ "$2" != ok ]; then
    any_failed=1
  fi
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------- e2e: Stripe
stripe_api=""
stripe_log="$LOG_DIR/stripe-server.log"
# The keys localstripe takes (any sk_/pk_), and the webhook's secret, the
# same on both sides.
STRIPE_E2E_WEBHOOK_SECRET="whsec_portico_e2e"

# start_stripe_e2e: localstripe, then the server against it, then the
# webhook registered in localstripe. Sets stripe_url, stripe_api,
# stripe_data, stripe_ls_dir, stripe_server_pid.
start_stripe_e2e() {
  local exports port
  exports="$("$ROOT/scripts/localstripe.sh" start "${PORTICO_E2E_LOCALSTRIPE_PORT:-8500}")" || return 1
  eval "$exports"
  stripe_ls_dir="$PORTICO_TEST_STRIPE_DIR"
  stripe_api="$PORTICO_TEST_STRIPE_URL"
  unset PORTICO_TEST_STRIPE_URL PORTICO_TEST_STRIPE_DIR
  port="${PORTICO_E2E_STRIPE_PORT:-3300}"
  while port_busy "$port"; do
    port=$((port + 1))
  done
  stripe_url="http://localhost:$port"
  stripe_data="$(mktemp -d /tmp/portico-e2e-stripe.XXXXXX)"
  echo "test.sh: Stripe server data dir $stripe_data, log $stripe_log, localstripe $stripe_api"
  env -u DATABASE_URL -u PORTICO_CONFIG_FILE \
    PORTICO_PUBLIC_URL="$stripe_url" \
    PORTICO_DATA_DIR="$stripe_data" \
    PORTICO_PAYMENT_PROVIDER=stripe \
    PORTICO_STRIPE_SECRET_KEY=sk_test_portico \
    PORTICO_STRIPE_PUBLISHABLE_KEY=pk_test_portico \
    PORTICO_STRIPE_WEBHOOK_SECRET="$STRIPE_E2E_WEBHOOK_SECRET" \
    PORTICO_STRIPE_API_BASE="$stripe_api" \
    PORTICO_STRIPE_JS_URL="$stripe_api/js.stripe.com/v3/" \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT="$site_root" \
    "$server_bin" serve --demo </dev/null >"$stripe_log" 2>&1 &
  stripe_server_pid=$!
  local deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null --max-time 5 "$stripe_url/login" 2>/dev/null; do
    if ! kill -0 "$stripe_server_pid" 2>/dev/null; then
      echo "test.sh: the Stripe server exited before answering"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "test.sh: no answer from $stripe_url/login within 60 s"
      return 1
    fi
    sleep 0.5
  done
  # localstripe posts every event, signed with the secret, to the server.
  curl -fsS -o /dev/null --max-time 5 "$stripe_api/_config/webhooks/portico" \
    --data-urlencode "url=http://127.0.0.1:$port/api/stripe/webhook" \
    --data-urlencode "secret=$STRIPE_E2E_WEBHOOK_SECRET" || {
    echo "test.sh: localstripe refused the webhook's registration"
    return 1
  }
}

# ---------------------------------------------------------------- setup
step setup "scripts/setup.sh --with-test-deps"
if "$ROOT/scripts/setup.sh" --with-test-deps; then
  step_done setup ok
else
  step_done setup FAILED
  echo "test.sh: setup failed; nothing else can run"
  echo "summary: 0 passed, 1 failed"
  exit 1
fi

# ---------------------------------------------------------------- unit
if [ "$run_unit" -eq 1 ]; then
  step unit "cargo test (SQLite + PostgreSQL, localstripe)"
  unit_log="$LOG_DIR/cargo-test.log"
  unit_rc=0
  : >"$unit_log"
  if pg_exports="$("$ROOT/scripts/pg-cluster.sh" start)"; then
    eval "$pg_exports"
    pg_dir="$PORTICO_TEST_PG_DIR"
    if stripe_exports="$("$ROOT/scripts/localstripe.sh" start)"; then
      eval "$stripe_exports"
      stripe_dir="$PORTICO_TEST_STRIPE_DIR"
      export PORTICO_TEST_PG_URL PORTICO_TEST_STRIPE_URL
      echo "test.sh: PORTICO_TEST_PG_URL=$PORTICO_TEST_PG_URL"
      echo "test.sh: PORTICO_TEST_STRIPE_URL=$PORTICO_TEST_STRIPE_URL"
      cargo test 2>&1 | tee "$unit_log" || unit_rc=$?
    else
      echo "test.sh: could not start localstripe (scripts/localstripe.sh start; see above)"
      unit_rc=1
    fi
    stop_pg
    stop_localstripe
    unset PORTICO_TEST_PG_URL PORTICO_TEST_PG_DIR PORTICO_TEST_STRIPE_URL PORTICO_TEST_STRIPE_DIR
  else
    echo "test.sh: could not start the PostgreSQL test cluster"
    unit_rc=1
  fi
  # "test result: ok. 12 passed; 0 failed; 0 ignored; ..." once per test binary.
  read -r u_passed u_failed < <(
    sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed;.*/\1 \2/p' "$unit_log" |
      awk '{p += $1; f += $2} END {print p + 0, f + 0}'
  )
  tests_passed=$((tests_passed + u_passed))
  tests_failed=$((tests_failed + u_failed))
  if [ "$unit_rc" -eq 0 ]; then
    step_done unit ok "$u_passed passed, $u_failed failed"
  else
    # A failure that failed no test (build error, crash) still counts as one.
    if [ "$u_failed" -eq 0 ]; then
      tests_failed=$((tests_failed + 1))
    fi
    step_done unit FAILED "cargo test exited $unit_rc; $u_passed passed, $u_failed failed"
  fi
fi

# ---------------------------------------------------------------- e2e
if [ "$run_e2e" -eq 1 ]; then
  e2e_ok=1

  step e2e-build "cargo xtask build (debug: server + wasm)"
  if cargo xtask build; then
    step_done e2e-build ok
  else
    step_done e2e-build FAILED
    e2e_ok=0
    tests_failed=$((tests_failed + 1))
  fi

  site_root="$(portico_site_root)"
  server_bin="$(portico_server_bin debug)"
  port="${PORTICO_E2E_PORT:-3100}"
  base_url=""
  server_log="$LOG_DIR/server.log"

  if [ "$e2e_ok" -eq 1 ]; then
    step e2e-server "start $server_bin serve --demo"
    while port_busy "$port"; do
      echo "test.sh: port $port is busy, trying $((port + 1))"
      port=$((port + 1))
    done
    # localhost, not 127.0.0.1: browsers take no IP address as a passkey's
    # relying party; the server is told the same address (its origin check).
    base_url="http://localhost:$port"
    e2e_data="$(mktemp -d /tmp/portico-e2e-data.XXXXXX)"
    echo "test.sh: site root $site_root, data dir $e2e_data, log $server_log"
    if [ ! -x "$server_bin" ]; then
      echo "test.sh: server binary $server_bin not found"
      e2e_ok=0
    elif [ ! -d "$site_root" ]; then
      echo "test.sh: site root $site_root not found"
      e2e_ok=0
    else
      # SQLite in the fresh data dir, whatever the caller's environment says
      # (DATABASE_URL would switch the database, a config file could too).
      env -u DATABASE_URL -u PORTICO_CONFIG_FILE \
        PORTICO_PUBLIC_URL="$base_url" \
        PORTICO_DATA_DIR="$e2e_data" \
        LEPTOS_SITE_ADDR="127.0.0.1:$port" \
        LEPTOS_SITE_ROOT="$site_root" \
        "$server_bin" serve --demo </dev/null >"$server_log" 2>&1 &
      server_pid=$!
      deadline=$((SECONDS + 60))
      until curl -fsS -o /dev/null --max-time 5 "$base_url/login" 2>/dev/null; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
          echo "test.sh: the server exited before answering"
          e2e_ok=0
          break
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
          echo "test.sh: no answer from $base_url/login within 60 s"
          e2e_ok=0
          break
        fi
        sleep 0.5
      done
    fi
    if [ "$e2e_ok" -eq 1 ]; then
      step_done e2e-server ok "$base_url"
    else
      echo "---- server log ($server_log) ----"
      cat "$server_log" 2>/dev/null || true
      echo "---- end of server log ----"
      step_done e2e-server FAILED
      tests_failed=$((tests_failed + 1))
    fi
  fi

  # The Stripe server: a failure here fails its step; the other specs run
  # all the same (stripe.spec.ts skips without PORTICO_STRIPE_BASE_URL).
  stripe_url=""
  if [ "$e2e_ok" -eq 1 ]; then
    step e2e-stripe "localstripe + $server_bin serve --demo with PORTICO_PAYMENT_PROVIDER=stripe"
    if start_stripe_e2e; then
      step_done e2e-stripe ok "$stripe_url, localstripe $stripe_api"
    else
      echo "---- Stripe server log ($stripe_log) ----"
      cat "$stripe_log" 2>/dev/null || true
      echo "---- end of Stripe server log ----"
      stop_stripe
      stripe_url=""
      step_done e2e-stripe FAILED
      tests_failed=$((tests_failed + 1))
    fi
  fi

  if [ "$e2e_ok" -eq 1 ]; then
    step e2e-playwright "playwright test against $base_url"
    if [ "${#pw_args[@]}" -eq 0 ]; then
      rm -rf "$ROOT/end2end/screenshots"
    fi
    pw_log="$LOG_DIR/playwright.log"
    pw_rc=0
    (
      cd "$ROOT/end2end"
      # PORTICO_DATA_DIR: the server's data dir (its mail/ folder holds the
      # mails it "sent"), for specs that need to read them.
      # PORTICO_STRIPE_*: the Stripe server, its data dir and localstripe
      # (unset when it did not start: its spec is skipped).
      PORTICO_BASE_URL="$base_url" PORTICO_DATA_DIR="$e2e_data" \
        PORTICO_STRIPE_BASE_URL="$stripe_url" PORTICO_STRIPE_DATA_DIR="$stripe_data" \
        PORTICO_STRIPE_LOCALSTRIPE="$stripe_api" \
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
        ./node_modules/.bin/playwright test "${pw_args[@]}"
    ) </dev/null 2>&1 | tee "$pw_log" || pw_rc=$?
    # The list reporter closes with "  N passed (12.3s)", "  N failed", ...
    read -r e_passed e_failed < <(
      sed 's/\x1b\[[0-9;]*m//g' "$pw_log" |
        awk '/^ +[0-9]+ passed/ {p = $1} /^ +[0-9]+ (failed|flaky|interrupted)/ {f += $1} END {print p + 0, f + 0}'
    )
    tests_passed=$((tests_passed + e_passed))
    tests_failed=$((tests_failed + e_failed))
    stop_server
    stop_stripe
    if [ "$pw_rc" -eq 0 ]; then
      step_done e2e-playwright ok "$e_passed passed, $e_failed failed"
    else
      if [ "$e_failed" -eq 0 ]; then
        tests_failed=$((tests_failed + 1))
      fi
      echo "---- last 60 lines of the server log ($server_log) ----"
      tail -n 60 "$server_log" 2>/dev/null || true
      echo "---- end of server log ----"
      step_done e2e-playwright FAILED "playwright exited $pw_rc; $e_passed passed, $e_failed failed"
    fi
  fi
  stop_server
  stop_stripe
fi

# ---------------------------------------------------------------- summary
printf '\n==> summary (total %d s)\n' "$((SECONDS - T0))"
printf '%s\n' "${summary_rows[@]}"
if [ "$any_failed" -eq 0 ]; then
  rm -rf "$LOG_DIR"
else
  echo "  logs: $LOG_DIR${e2e_data:+, e2e data dir: $e2e_data}"
fi
echo "summary: $tests_passed passed, $tests_failed failed"
[ "$any_failed" -eq 0 ]
