#!/usr/bin/env bash
# The README's test command: formatting, clippy (warnings denied), unit and integration tests
# on SQLite and PostgreSQL, then browser tests in Chromium against the release build.
# PostgreSQL: the server at PORTAL_TEST_POSTGRES_URL when one answers there, otherwise a
# throwaway cluster started for this run (postgres.sh). When neither is possible the PostgreSQL
# tests are skipped, loudly, or with CI=true the run fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$REPO_ROOT"
started=$(date +%s)
skipped=()

bash scripts/install-tools.sh --tests

log "cargo fmt --check"
cargo fmt --all --check

log "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
# The browser-only code (hydrate) too, checked on the host: it compiles the same Rust.
cargo clippy -p app --lib --no-default-features --features hydrate --locked -- -D warnings

log "cargo audit: known vulnerabilities in Cargo.lock"
# Every finding fails the run (warnings too) unless .cargo/audit.toml says why it may stand.
if audit_db="$(advisory_db)"; then
  echo "advisory database: $audit_db" >&2
  [ -f "$audit_db/SNAPSHOT.txt" ] && head -n 1 "$audit_db/SNAPSHOT.txt" >&2
  cargo audit --db "$audit_db" --no-fetch --deny warnings
else
  # No copy on this machine: cargo audit fetches the database itself (network needed).
  cargo audit --deny warnings
fi

# PostgreSQL: the machine's own server, trust authentication (see ../shared/TOOLCHAIN.md).
PG_ADMIN_URL="${PORTAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if pg_answers "$PG_ADMIN_URL"; then
  export PORTAL_TEST_POSTGRES_URL="$PG_ADMIN_URL"
  # Each test makes a database of its own; clear those of earlier runs.
  for stale in $(psql "$PG_ADMIN_URL" -qtAc "select datname from pg_database where datname like 'portal_test_%'"); do
    psql "$PG_ADMIN_URL" -qc "drop database if exists $stale" >/dev/null 2>&1 || true
  done
else
  # Then a throwaway cluster of our own; it exports PORTAL_TEST_POSTGRES_URL and goes at exit.
  log "no PostgreSQL answers at $PG_ADMIN_URL: starting a throwaway one"
  if ! pg_throwaway_start; then
    if [ "${CI:-}" = "true" ]; then
      echo "error: PostgreSQL is unreachable at $PG_ADMIN_URL, no throwaway one could be started, and CI requires the PostgreSQL tests" >&2
      exit 1
    fi
    unset PORTAL_TEST_POSTGRES_URL
    skipped+=("integration tests on PostgreSQL (no server at $PG_ADMIN_URL and no throwaway one could be started; start one or set PORTAL_TEST_POSTGRES_URL)")
  fi
fi

log "unit and integration tests"
cargo test --workspace --locked

log "release build for the browser tests"
bash scripts/build.sh all

log "front-end size budget"
# What every page loads before its own chunks: the main module, its glue and the chunk loader.
build="$SITE_DIR/pkg/$(cat "$SITE_DIR/pkg/build-id")"
shell_kib=$(( ($(stat -c %s "$build/app.js.gz") + $(stat -c %s "$build/app_bg.wasm.gz") \
  + $(stat -c %s "$build/__wasm_split.______________________.js.gz") + 1023) / 1024 ))
if (( shell_kib > SHELL_BUDGET_KIB )); then
  echo "error: every page load downloads $shell_kib KiB of front end (gzipped) before its own chunks, over the budget of $SHELL_BUDGET_KIB KiB (scripts/common.sh)" >&2
  exit 1
fi
echo "every page load downloads $shell_kib KiB of front end (gzipped) before its own chunks; the budget is $SHELL_BUDGET_KIB KiB" >&2

log "browser tests (Chromium)"
# Each page's own first load is weighed in Chromium against the budgets (front_end.test.mjs).
(cd e2e && PORTAL_BIN="$CARGO_TARGET_DIR/release/scrutiny-portal" LEPTOS_SITE_ROOT="$SITE_DIR" \
  FIRST_LOAD_BUDGET_KIB="$FIRST_LOAD_BUDGET_KIB" FIRST_LOAD_WASM_BUDGET="$FIRST_LOAD_WASM_BUDGET" \
  ROUTE_BUDGET_KIB="$ROUTE_BUDGET_KIB" npm test)

for what in "${skipped[@]}"; do
  printf '\n\033[1;33m!!! SKIPPED: %s\033[0m\n' "$what"
done
log "all tests passed in $(( $(date +%s) - started )) s"
