#!/usr/bin/env bash
# Measures the issues' performance targets with the release build and prints a Markdown
# report: the evidence register (issue 3) and the compliance matrix (issue 4).
# Sizes: BENCH_ITEMS (100000), BENCH_AUDIT (1000000), BENCH_UPLOAD_MIB (1024),
# BENCH_DIRECTIVES (60), BENCH_PARTIES (6), BENCH_RESPONSES (5000).
# BENCH_ONLY=list|audit|upload|matrix runs one part. Needs a few GiB of free space in TMPDIR.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
case "${BENCH_ONLY:-}" in
  matrix) cargo bench --locked -p server --bench matrix ;;
  "")
    cargo bench --locked -p server --bench evidence
    cargo bench --locked -p server --bench matrix
    ;;
  *) cargo bench --locked -p server --bench evidence ;;
esac
