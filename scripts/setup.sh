#!/usr/bin/env bash
# Installs what building and running Portico needs, skipping whatever is
# already there (a warm run takes a second or two):
#   1. rustup target wasm32-unknown-unknown
#   2. Node.js and npm (Debian's), when missing
#   3. wasm-opt (npm package binaryen)
# The build itself needs nothing else: `cargo xtask build` (xtask/) runs
# wasm-bindgen as a library, at the version in Cargo.lock.
# With --with-test-deps also:
#   4. Debian packages chromium, postgresql, python3-aiosmtpd, poppler-utils
#      (pdftotext: tests read the PDFs), curl and python3-venv
#   5. end2end/node_modules (npm ci, never downloading a browser)
#   6. localstripe, the fake Stripe server, in its own virtual environment
#      (scripts/localstripe.sh install: pip, from PyPI)
#
# Nothing is exported to the caller: source scripts/env.sh for PATH and
# CARGO_TARGET_DIR.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
APT_PACKAGES=(chromium postgresql python3-aiosmtpd poppler-utils curl python3-venv)

with_test_deps=0
for arg in "$@"; do
  case "$arg" in
    --with-test-deps) with_test_deps=1 ;;
    -h | --help)
      sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup: unknown argument: $arg (usage: scripts/setup.sh [--with-test-deps])" >&2
      exit 2
      ;;
  esac
done

# Local to this process only.
PATH="$CARGO_BIN:$PATH"
export PATH

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: ERROR: %s\n' "$*" >&2
  exit 1
}

apt_updated=0
# apt_install PACKAGE...: installs what is missing (another apt may hold the lock: wait).
apt_install() {
  local missing=() pkg try
  for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != 'install ok installed' ]; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "apt packages present: $*"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || die "missing apt packages (${missing[*]}) and not root: sudo apt-get install ${missing[*]}"
  say "installing apt packages: ${missing[*]}"
  for try in 1 2 3 4 5 6 7 8 9 10; do
    if { [ "$apt_updated" -eq 1 ] || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update; } &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}"; then
      apt_updated=1
      return 0
    fi
    say "apt-get failed (try $try); another apt may be running, retrying in 15 s"
    sleep 15
  done
  die "could not install ${missing[*]}"
}

# 1. wasm32 target, for the toolchain that builds this repo (cwd = repo, so a
#    rust-toolchain.toml there is honoured).
cd "$ROOT"
if grep -qx wasm32-unknown-unknown <<<"$(rustup target list --installed)"; then
  say "rust target wasm32-unknown-unknown present"
else
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Node.js and npm, for wasm-opt (and Playwright in the tests).
if ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"

# 3. wasm-opt
if command -v wasm-opt >/dev/null 2>&1; then
  say "wasm-opt present ($(wasm-opt --version 2>/dev/null | head -n1))"
else
  say "installing wasm-opt (npm i -g binaryen)"
  npm i -g --no-fund --no-audit binaryen
  PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"
  command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt still not on PATH after npm i -g binaryen"
fi

if [ "$with_test_deps" -eq 0 ]; then
  exit 0
fi

# 4. Debian packages.
apt_install "${APT_PACKAGES[@]}"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing chromium"

# 5. Playwright's npm packages (browser: Debian's /usr/bin/chromium).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
e2e="$ROOT/end2end"
if [ ! -f "$e2e/package.json" ]; then
  die "end2end/package.json missing"
fi
hidden_lock="$e2e/node_modules/.package-lock.json"
if [ -f "$e2e/package-lock.json" ]; then
  if [ -f "$hidden_lock" ] && [ "$hidden_lock" -nt "$e2e/package-lock.json" ] &&
    [ "$hidden_lock" -nt "$e2e/package.json" ]; then
    say "end2end/node_modules present"
  else
    say "npm ci in end2end/"
    (cd "$e2e" && npm ci --no-fund --no-audit)
  fi
else
  say "npm install in end2end/ (no package-lock.json yet)"
  (cd "$e2e" && npm install --no-fund --no-audit)
fi

# 6. localstripe (needs python3-venv, installed above).
"$ROOT/scripts/localstripe.sh" install
