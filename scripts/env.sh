# shellcheck shell=bash
# Portico build environment. Source it, don't run it:
#
#     source scripts/env.sh
#
# - CARGO_TARGET_DIR defaults to a cache OUTSIDE the clone
#   (${XDG_CACHE_HOME:-$HOME/.cache}/portico/target), so a fresh clone reuses
#   the compiled dependencies of earlier clones.
# - PATH gets cargo's bin dir and npm's global bin dir (wasm-opt from the
#   npm package binaryen).
#
# Deliberately sets no LEPTOS_* variable: the build (cargo xtask build, like
# cargo-leptos) reads LEPTOS_SITE_ROOT from the environment as an override
# of [package.metadata.leptos] at BUILD time, so exporting it here would move
# the build output. Set them only on the command that starts the server.
#
# Also defines helpers for the other scripts (all prefixed portico_).

PORTICO_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PORTICO_ROOT

: "${CARGO_TARGET_DIR:=${XDG_CACHE_HOME:-$HOME/.cache}/portico/target}"
# cargo resolves a relative CARGO_TARGET_DIR against its cwd; pin it down.
case "$CARGO_TARGET_DIR" in
  /*) ;;
  *) CARGO_TARGET_DIR="$PWD/$CARGO_TARGET_DIR" ;;
esac
export CARGO_TARGET_DIR

portico_path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
}

if command -v npm >/dev/null 2>&1; then
  portico_npm_prefix="$(npm prefix -g 2>/dev/null || true)"
  if [ -n "$portico_npm_prefix" ]; then
    portico_path_prepend "$portico_npm_prefix/bin"
  fi
  unset portico_npm_prefix
fi
portico_path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH

# portico_leptos_meta KEY [DEFAULT]
# Prints the string value of KEY in [package.metadata.leptos] of Cargo.toml
# (simple `key = "value"` lines only), or DEFAULT when absent.
portico_leptos_meta() {
  local value
  value="$(awk -v key="$1" '
    /^[[:space:]]*\[/ { in_section = ($0 ~ /^[[:space:]]*\[package\.metadata\.leptos\][[:space:]]*$/); next }
    in_section {
      line = $0
      sub(/^[[:space:]]+/, "", line)
      if (index(line, key) != 1) next
      rest = substr(line, length(key) + 1)
      if (rest !~ /^[[:space:]]*=/) next
      if (match(rest, /"[^"]*"/)) { print substr(rest, RSTART + 1, RLENGTH - 2); exit }
    }' "$PORTICO_ROOT/Cargo.toml")"
  printf '%s\n' "${value:-${2:-}}"
}

# portico_site_root: absolute path of the site dir that `cargo xtask build`
# (and `cargo leptos build`) writes, and the server must get as
# LEPTOS_SITE_ROOT: LEPTOS_SITE_ROOT from the environment wins over
# Cargo.toml's site-root; anything relative is relative to the repository,
# NOT to CARGO_TARGET_DIR.
portico_site_root() {
  local root
  root="${LEPTOS_SITE_ROOT:-$(portico_leptos_meta site-root CARGO_TARGET_DIR/site)}"
  case "$root" in
    CARGO_BUILD_TARGET_DIR/*) root="$CARGO_TARGET_DIR/${root#CARGO_BUILD_TARGET_DIR/}" ;;
    CARGO_TARGET_DIR/*) root="$CARGO_TARGET_DIR/${root#CARGO_TARGET_DIR/}" ;;
    /*) ;;
    *) root="$PORTICO_ROOT/$root" ;;
  esac
  printf '%s\n' "$root"
}

# portico_server_bin debug|release: the server binary the build makes,
# <cargo target dir>/<profile dir>/<bin name>.
portico_server_bin() {
  printf '%s/%s/%s\n' "$CARGO_TARGET_DIR" "${1:-debug}" "${LEPTOS_BIN_EXE_NAME:-portico}"
}
