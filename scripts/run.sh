#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release server and the
# hydrated front end, then serves the portal with an embedded SQLite database in ./data
# (seeded with the demo case on first start). Extra arguments go to the server, e.g.
#   scripts/run.sh --addr 0.0.0.0:8080 --data-dir /srv/portal --no-seed
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
# The release server needs none of the tools: its build starts at once, beside their
# installation and then the front end's build. Its output goes to a log, shown if it fails.
server_log="$CACHE_DIR/server-build.log"
log "building the server (release) in the background (its log: $server_log)"
bash scripts/build.sh server >"$server_log" 2>&1 &
server=$!
if ! bash scripts/install-tools.sh || ! bash scripts/build.sh front; then
  echo "installing the tools or building the front end failed (above); stopping the server's build" >&2
  pkill -TERM -P "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  exit 1
fi
log "waiting for the server's build"
if ! wait "$server"; then
  tail -n 40 "$server_log" >&2
  echo "the server's build failed: $server_log" >&2
  exit 1
fi
exec "$CARGO_TARGET_DIR/release/scrutiny-portal" --site-root "$SITE_DIR" "$@"
