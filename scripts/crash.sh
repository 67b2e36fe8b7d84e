#!/usr/bin/env bash
# Issue 14's crash check: CRASH_STEPS (1,000) mixed steps (filings, uploads, assessments, task
# moves, report filings) against the release server, killed with SIGKILL at random moments
# (at least CRASH_MIN_KILLS, 20) and restarted each time; then the audit chain, the evidence
# files, the docket's numbering, partial uploads, files left without a record, and every
# write the client saw are checked.
# Runs on SQLite, then on PostgreSQL: the server at PORTAL_TEST_POSTGRES_URL when one answers
# there, otherwise a throwaway cluster for this run (postgres.sh), as the test command does.
# Prints the figures of each, and exits with status 1 when a check failed on either.
# See server/benches/crash.rs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$REPO_ROOT"

log "building the crash check"
cargo bench --locked -p server --bench crash --no-run
status=0

log "crash check on SQLite"
cargo bench --locked -p server --bench crash || status=1

PG_ADMIN_URL="${PORTAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! pg_answers "$PG_ADMIN_URL"; then
  log "no PostgreSQL answers at $PG_ADMIN_URL: starting a throwaway one"
  pg_throwaway_start || { echo "error: no PostgreSQL for the crash check" >&2; exit 1; }
  PG_ADMIN_URL="$PORTAL_TEST_POSTGRES_URL"
fi
log "crash check on PostgreSQL"
CRASH_DATABASE_URL="$PG_ADMIN_URL" cargo bench --locked -p server --bench crash || status=1
exit "$status"
