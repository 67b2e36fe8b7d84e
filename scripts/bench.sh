#!/usr/bin/env bash
# Measures the evidence register's targets (issue 3) with the release build and prints a
# Markdown report. Sizes: BENCH_ITEMS (100000), BENCH_AUDIT (1000000), BENCH_UPLOAD_MIB
# (1024); BENCH_ONLY=list|audit|upload runs one part. Needs a few GiB of free space in TMPDIR.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
cargo bench --locked -p server --bench evidence
