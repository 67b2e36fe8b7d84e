#!/usr/bin/env bash
# Measures the issues' performance targets with the release build and prints a Markdown
# report: the evidence register (issue 3), the compliance matrix (issue 4) and scrutiny
# tasks (issue 11: station import against sqlite3's own .import, tasks from a paste, the
# task board's first and hundredth page) and the Registrar's report (issue 12: generated for the
# demo and for 1,000 stations with 5,000 verified findings) and the pages and files of
# issue 13 (throughput at 1 and 8 connections; the front end's files on one connection).
# Sizes: BENCH_ITEMS (100000), BENCH_AUDIT (1000000), BENCH_UPLOAD_MIB (1024),
# BENCH_DIRECTIVES (60), BENCH_PARTIES (6), BENCH_RESPONSES (5000), BENCH_STATIONS (46232),
# BENCH_TASKS (50000), BENCH_REPORT_STATIONS (1000). BENCH_ONLY=list|audit|upload|matrix|tasks|report|pages
# runs one part. Needs a few GiB of free space in TMPDIR.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
# The limit the station import is compared with: SQLite's own CSV import.
apt_install sqlite3
case "${BENCH_ONLY:-}" in
  matrix) cargo bench --locked -p server --bench matrix ;;
  tasks) cargo bench --locked -p server --bench tasks ;;
  report) cargo bench --locked -p server --bench report ;;
  pages) LEPTOS_SITE_ROOT="$SITE_DIR" cargo bench --locked -p server --bench pages ;;
  "")
    cargo bench --locked -p server --bench evidence
    cargo bench --locked -p server --bench matrix
    cargo bench --locked -p server --bench tasks
    cargo bench --locked -p server --bench report
    LEPTOS_SITE_ROOT="$SITE_DIR" cargo bench --locked -p server --bench pages
    ;;
  *) cargo bench --locked -p server --bench evidence ;;
esac
