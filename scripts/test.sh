#!/usr/bin/env bash
# The README's test command: formatting, clippy (warnings denied), unit and integration tests
# on SQLite and PostgreSQL, then browser tests in Chromium against the release build.
# With CI=true an unreachable PostgreSQL fails the run; otherwise it is skipped, loudly.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
started=$(date +%s)
skipped=()

bash scripts/install-tools.sh --browser

log "cargo fmt --check"
cargo fmt --all --check

log "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
# The browser-only code (hydrate) too, checked on the host: it compiles the same Rust.
cargo clippy -p app --lib --no-default-features --features hydrate --locked -- -D warnings

# PostgreSQL: the machine's own server, trust authentication (see ../shared/TOOLCHAIN.md).
PG_ADMIN_URL="${PORTAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if psql "$PG_ADMIN_URL" -qtAc 'select 1' >/dev/null 2>&1; then
  export PORTAL_TEST_POSTGRES_URL="$PG_ADMIN_URL"
  # Each test makes a database of its own; clear those of earlier runs.
  for stale in $(psql "$PG_ADMIN_URL" -qtAc "select datname from pg_database where datname like 'portal_test_%'"); do
    psql "$PG_ADMIN_URL" -qc "drop database if exists $stale" >/dev/null 2>&1 || true
  done
else
  if [ "${CI:-}" = "true" ]; then
    echo "error: PostgreSQL is unreachable at $PG_ADMIN_URL, and CI requires the PostgreSQL tests" >&2
    exit 1
  fi
  unset PORTAL_TEST_POSTGRES_URL
  skipped+=("integration tests on PostgreSQL (no server at $PG_ADMIN_URL; start it or set PORTAL_TEST_POSTGRES_URL)")
fi

log "unit and integration tests"
cargo test --workspace --locked

log "release build for the browser tests"
bash scripts/build.sh all

log "browser tests (Chromium)"
(cd e2e && PORTAL_BIN="$CARGO_TARGET_DIR/release/scrutiny-portal" LEPTOS_SITE_ROOT="$SITE_DIR" npm test)

for what in "${skipped[@]}"; do
  printf '\n\033[1;33m!!! SKIPPED: %s\033[0m\n' "$what"
done
log "all tests passed in $(( $(date +%s) - started )) s"
