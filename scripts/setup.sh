#!/usr/bin/env bash
# Installs what building and running Portico needs, skipping whatever is
# already there (a warm run takes a second or two):
#   1. rustup target wasm32-unknown-unknown
#   2. cargo-leptos (built with the nightly toolchain, feature no_downloads)
#   3. wasm-bindgen-cli, exactly the wasm-bindgen version in Cargo.lock
#   4. wasm-opt (npm package binaryen)
# With --with-test-deps also:
#   5. Debian packages chromium, postgresql, python3-aiosmtpd (and curl)
#   6. end2end/node_modules (npm ci, never downloading a browser)
#
# Nothing is exported to the caller: source scripts/env.sh for PATH and
# CARGO_TARGET_DIR.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/portico"
# The version known to build here with the nightly toolchain; used only when
# cargo-leptos is missing (any installed version is accepted).
CARGO_LEPTOS_VERSION="${CARGO_LEPTOS_VERSION:-0.3.11}"
APT_PACKAGES=(chromium postgresql python3-aiosmtpd curl)

with_test_deps=0
for arg in "$@"; do
  case "$arg" in
    --with-test-deps) with_test_deps=1 ;;
    -h | --help)
      sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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
if command -v npm >/dev/null 2>&1; then
  PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"
fi
export PATH

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: ERROR: %s\n' "$*" >&2
  exit 1
}

# `cargo install` honours CARGO_TARGET_DIR and the .cargo/config.toml of its
# cwd: give it a dedicated, persistent build dir (so an interrupted install
# resumes instead of starting over) and run it from $HOME. The build dir is
# removed once the install succeeded.
cargo_install() {
  local name="$1"
  shift
  local build_dir="$CACHE/install-build/$name"
  mkdir -p "$build_dir"
  (
    cd "$HOME"
    unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR
    cargo "$@" --target-dir "$build_dir"
  )
  rm -rf "$build_dir"
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

# 2. cargo-leptos
if command -v cargo-leptos >/dev/null 2>&1; then
  say "$(cargo-leptos --version 2>/dev/null | head -n1 || echo cargo-leptos) present"
else
  if ! grep -q '^nightly' <<<"$(rustup toolchain list)"; then
    say "installing the nightly toolchain (needed to build cargo-leptos)"
    rustup toolchain install nightly --profile minimal
  fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (cargo +nightly install; ~20 min on 2 cores)"
  start=$SECONDS
  cargo_install cargo-leptos +nightly install cargo-leptos --version "$CARGO_LEPTOS_VERSION" \
    --locked --features no_downloads
  command -v cargo-leptos >/dev/null 2>&1 || die "cargo-leptos not on PATH after cargo install"
  say "cargo-leptos installed in $((SECONDS - start)) s"
fi

# 3. wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
lock_version=""
if [ -f "$ROOT/Cargo.lock" ]; then
  lock_version="$(awk '
    /^\[\[package\]\]/ { in_wb = 0; next }
    /^name = "wasm-bindgen"$/ { in_wb = 1; next }
    in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")"
fi
if [ -z "$lock_version" ]; then
  say "wasm-bindgen not found in Cargo.lock; skipping wasm-bindgen-cli (run again once Cargo.lock exists)"
else
  installed=""
  if command -v wasm-bindgen >/dev/null 2>&1; then
    installed="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  fi
  if [ "$installed" = "$lock_version" ]; then
    say "wasm-bindgen-cli $installed present (matches Cargo.lock)"
  else
    say "installing wasm-bindgen-cli $lock_version (found: ${installed:-none})"
    start=$SECONDS
    cargo_install wasm-bindgen-cli install wasm-bindgen-cli --version "$lock_version"
    installed="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
    [ "$installed" = "$lock_version" ] ||
      die "wasm-bindgen on PATH is ${installed:-missing} ($(command -v wasm-bindgen || true)), expected $lock_version"
    say "wasm-bindgen-cli installed in $((SECONDS - start)) s"
  fi
fi

# 4. wasm-opt
if command -v wasm-opt >/dev/null 2>&1; then
  say "wasm-opt present ($(wasm-opt --version 2>/dev/null | head -n1))"
else
  command -v npm >/dev/null 2>&1 || die "npm is needed to install wasm-opt (npm i -g binaryen)"
  say "installing wasm-opt (npm i -g binaryen)"
  npm i -g --no-fund --no-audit binaryen
  PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"
  command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt still not on PATH after npm i -g binaryen"
fi

if [ "$with_test_deps" -eq 0 ]; then
  exit 0
fi

# 5. Debian packages. Another apt/dpkg may hold the lock: wait for it.
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" = 'install ok installed' ]; then
    :
  else
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  say "apt packages present: ${APT_PACKAGES[*]}"
else
  [ "$(id -u)" -eq 0 ] || die "missing apt packages (${missing[*]}) and not root: sudo apt-get install ${missing[*]}"
  say "installing apt packages: ${missing[*]}"
  apt_get() {
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
      if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; then
        return 0
      fi
      say "apt-get $* failed (try $try); another apt may be running, retrying in 15 s"
      sleep 15
    done
    return 1
  }
  apt_get -qq update
  apt_get install -y -q "${missing[@]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing chromium"

# 6. Playwright's npm packages (browser: Debian's /usr/bin/chromium).
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
