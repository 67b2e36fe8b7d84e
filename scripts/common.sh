# shellcheck shell=bash disable=SC2034 # its variables are used by the scripts that source it
# Shared settings for the portal's scripts. Sourced, never run.
# Tools live outside the clone so that later clones (and CI) on the same machine reuse them.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${PORTAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/scrutiny-portal}"
TOOLS_DIR="$CACHE_DIR/tools"
# One target directory per machine keeps a fresh clone from rebuilding every dependency.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE_DIR/target}"
WASM_TARGET_DIR="$CACHE_DIR/target-wasm"
# The tools' own builds (cargo install) keep out of the server's target directory, whose lock
# would make them wait for a server build running beside them (scripts/run.sh).
TOOLS_TARGET_DIR="$CACHE_DIR/target-tools"
SITE_DIR="$CARGO_TARGET_DIR/site"
BINARYEN_VERSION="132.0.0"
# The RustSec database's own client, run by the test command over Cargo.lock.
CARGO_AUDIT_VERSION="0.22.2"
# What a first visit may download of the front end, gzipped. The wasm is split at its lazy
# routes, so a page loads the shell (main module, glue, chunk loader) and its own chunks.
# scripts/test.sh fails on a shell over SHELL_BUDGET_KIB; e2e/tests/front_end.test.mjs on the
# login page or the case overview over FIRST_LOAD_BUDGET_KIB in all or FIRST_LOAD_WASM_BUDGET
# bytes of wasm (issue 13's goal: 300 KB), or any page over ROUTE_BUDGET_KIB. Where the code
# stood in December 2026 (shell 252 KiB; login 286, of which wasm 272,796 bytes; overview 313,
# of which wasm 299,986 bytes; the task page 487), with a little room where the goal allows.
# Lower them as the front end shrinks, never raise them.
SHELL_BUDGET_KIB=256
FIRST_LOAD_BUDGET_KIB=320
FIRST_LOAD_WASM_BUDGET=300000
ROUTE_BUDGET_KIB=500

mkdir -p "$TOOLS_DIR" "$CARGO_TARGET_DIR"
export PATH="$TOOLS_DIR/bin:$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The RustSec advisory database to audit against without fetching it: PORTAL_ADVISORY_DB, or a
# snapshot beside the clone (../shared/advisory-db, as on these machines), or the copy that
# install-tools.sh keeps of one for later clones elsewhere. Fails when there is none.
advisory_db() {
  local candidate
  for candidate in "${PORTAL_ADVISORY_DB:-}" "$REPO_ROOT/../shared/advisory-db" "$CACHE_DIR/advisory-db"; do
    if [ -n "$candidate" ] && [ -d "$candidate/crates" ]; then
      (cd "$candidate" && pwd)
      return 0
    fi
  done
  return 1
}

# The wasm-bindgen CLI must match the library version locked in Cargo.lock exactly.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$REPO_ROOT/Cargo.lock"
}

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages not installed yet (apt-get update once per script).
# Shared by install-tools.sh and postgres.sh (which installs a PostgreSQL server on demand).
apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" = false ]; then run_as_root apt-get update -qq; apt_updated=true; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}
