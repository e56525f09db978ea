#!/usr/bin/env bash
# Portico with demo data (README command a):
#
#   scripts/run.sh [EXTRA SERVER ARGS...]
#
# Installs missing build tools (scripts/setup.sh), builds the release site
# and server (cargo xtask build --release; steps whose inputs did not change
# are skipped) and runs `portico serve --demo` from the repo
# root: on first start it creates and migrates the SQLite database in
# $PORTICO_DATA_DIR (default: ./data in the repo), loads the demo data once,
# prints the demo logins and serves http://localhost:3000 (change with
# LEPTOS_SITE_ADDR=host:port).
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"

# A relative PORTICO_DATA_DIR given by the caller is relative to the caller's
# cwd; the default is the repo's ./data.
data_dir="${PORTICO_DATA_DIR:-$ROOT/data}"
case "$data_dir" in
  /*) ;;
  *) data_dir="$PWD/$data_dir" ;;
esac

cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

"$ROOT/scripts/setup.sh"
cargo xtask build --release

server_bin="$(portico_server_bin release)"
site_root="$(portico_site_root)"
mkdir -p "$data_dir"
echo "run.sh: $server_bin serve --demo (data: $data_dir, site: $site_root)"
PORTICO_DATA_DIR="$data_dir" LEPTOS_SITE_ROOT="$site_root" \
  exec "$server_bin" serve --demo "$@"
