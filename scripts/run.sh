#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release server and the
# hydrated front end, then serves the portal with an embedded SQLite database in ./data
# (seeded with the demo case on first start). Extra arguments go to the server, e.g.
#   scripts/run.sh --addr 0.0.0.0:8080 --data-dir /srv/portal --no-seed
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
bash scripts/install-tools.sh
bash scripts/build.sh all
exec "$CARGO_TARGET_DIR/release/scrutiny-portal" --site-root "$SITE_DIR" "$@"
