#!/usr/bin/env bash
# Lighthouse budget: performance and accessibility of the first pages people
# open, on a phone (Lighthouse's default mobile emulation and throttling).
#
#   scripts/lighthouse.sh [--min-performance N] [--min-accessibility N]
#
# Builds the release site (cargo xtask build --release), serves it on a free
# loopback port with demo data in a throwaway folder, logs in as the demo
# customer and administrator, and runs npm's lighthouse with Debian's
# Chromium on /login, /my (customer) and /admin (administrator). Prints the
# scores and LCP/TBT per page; reports land in $LIGHTHOUSE_OUT (default
# /tmp/portico-lighthouse). Exits 1 when a score is below its minimum
# (default 95 for both) or a page logged an error to the console.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

min_perf=95
min_a11y=95
while [ "$#" -gt 0 ]; do
  case "$1" in
    --min-performance) min_perf="$2"; shift ;;
    --min-accessibility) min_a11y="$2"; shift ;;
    *) echo "lighthouse.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

out="${LIGHTHOUSE_OUT:-/tmp/portico-lighthouse}"
mkdir -p "$out"
tools="${XDG_CACHE_HOME:-$HOME/.cache}/portico/lighthouse"
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  echo "lighthouse.sh: installing lighthouse into $tools"
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-fund --no-audit --silent lighthouse@12 >/dev/null)
fi
[ -x /usr/bin/chromium ] || "$ROOT/scripts/setup.sh" --with-test-deps

"$ROOT/scripts/setup.sh"
cargo xtask build --release

port=3200
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
base="http://127.0.0.1:$port"
data="$(mktemp -d /tmp/portico-lighthouse-data.XXXXXX)"
env -u DATABASE_URL -u PORTICO_CONFIG_FILE PORTICO_DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT="$(portico_site_root)" "$(portico_server_bin release)" serve --demo \
  >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base/login" 2>/dev/null && break
  sleep 0.2
done

# The session cookie of a demo user, as the login form would get it; staff
# pass the second step with the demo two-factor key's current code.
totp_now() {
  python3 -c 'import base64,hashlib,hmac,struct,sys,time
key = base64.b32decode(sys.argv[1])
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000))' "$1"
}
session_of() {
  local headers step
  headers="$(curl -sS -o /dev/null -D - -H "Origin: $base" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" --data-urlencode "next=" \
    "$base/api/auth/login")"
  step="$(sed -n 's/^[Ss]et-[Cc]ookie: \(portico_login_step=[^;]*\).*/\1/p' <<<"$headers" | head -n1)"
  if [ -n "$step" ] && [ -n "${3:-}" ]; then
    headers="$(curl -sS -o /dev/null -D - -H "Origin: $base" -H "Cookie: $step" \
      --data-urlencode "code=$(totp_now "$3")" "$base/api/auth/second-step")"
  fi
  sed -n 's/^[Ss]et-[Cc]ookie: \(portico_session=[^;]*\).*/\1/p' <<<"$headers" | head -n1
}
customer="$(session_of maria@acme.example 'Velvet compass 63 meadows')"
admin="$(session_of admin@example.com 'Lilac harbour 42 tides' ADMINDEMOADMINDEMOADMINDEMOADMIN)"
[ -n "$customer" ] && [ -n "$admin" ] || { echo "lighthouse.sh: demo login failed"; exit 1; }

export CHROME_PATH=/usr/bin/chromium
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"
failed=0
printf '\n| page | performance | accessibility | best practices | LCP | TBT |\n|---|---:|---:|---:|---:|---:|\n'
for page in login:/login:none my:/my:customer admin:/admin:admin; do
  IFS=: read -r name path who <<<"$page"
  headers='{}'
  case "$who" in
    customer) headers="{\"Cookie\": \"$customer\"}" ;;
    admin) headers="{\"Cookie\": \"$admin\"}" ;;
  esac
  "$tools/node_modules/.bin/lighthouse" "$base$path" --quiet \
    --chrome-flags="$flags" --extra-headers="$headers" \
    --only-categories=performance,accessibility,best-practices \
    --output=json --output-path="$out/$name.json" >/dev/null 2>"$out/$name.log" || {
    echo "lighthouse.sh: lighthouse failed on $path (see $out/$name.log)"
    failed=1
    continue
  }
  read -r perf a11y bp lcp tbt errors < <(python3 - "$out/$name.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
c, a = r["categories"], r["audits"]
print(round(c["performance"]["score"] * 100), round(c["accessibility"]["score"] * 100),
      round(c["best-practices"]["score"] * 100),
      a["largest-contentful-paint"]["displayValue"].replace(" ", ""),
      a["total-blocking-time"]["displayValue"].replace(" ", ""),
      len(a["errors-in-console"].get("details", {}).get("items", [])))
EOF
  )
  printf '| %s | %s | %s | %s | %s | %s |\n' "$path" "$perf" "$a11y" "$bp" "$lcp" "$tbt"
  if [ "$perf" -lt "$min_perf" ] || [ "$a11y" -lt "$min_a11y" ]; then
    failed=1
  fi
  # A page that scores well because its WASM crashed (a hydration panic
  # leaves nothing to block the main thread) is no success.
  if [ "$errors" -gt 0 ]; then
    echo "lighthouse.sh: $path logged $errors console error(s): see errors-in-console in $out/$name.json"
    failed=1
  fi
done
echo
if [ "$failed" -ne 0 ]; then
  echo "lighthouse.sh: below the budget (performance >= $min_perf, accessibility >= $min_a11y); reports in $out"
  exit 1
fi
echo "lighthouse.sh: within the budget (performance >= $min_perf, accessibility >= $min_a11y)"
