#!/usr/bin/env bash
# Issue 14's load check, loopback only and bounded in time (about 80 s after the build): the
# release server in a process of its own, the demo case in a fresh SQLite data directory;
# readers alone, then pages, filings and downloads on 64 connections for LOAD_SECONDS (60),
# then 50 sign-ins at once beside 4 readers. Prints p50 and p99 per kind, and exits with
# status 1 on any failed request or when the readers' p99 during the sign-ins passes twice
# the idle one. See server/benches/load.rs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
cargo bench --locked -p server --bench load
