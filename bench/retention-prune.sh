#!/usr/bin/env bash
# What the hourly retention prune holds the store's writer for, by table size: the single DELETE over the whole table
# the sidecar ran until 2026-11-30 against this build's walk (windows of 1,000 rows by id, each window's old finished
# rows deleted in a write of its own), on a table of N delivered purchases spread over the retention period plus one
# hour (so one prune deletes an hour's rows, as in a steady state). SQLite as the sidecar opens it (WAL, full sync,
# secure_delete) and, if SIDECAR_TEST_PG_URL (/ _USER / _PASSWORD) is set, PostgreSQL (schema prune_bench, made again).
# While the writer is held, every hook's accept waits (SQLite; on PostgreSQL the writer the prune runs on).
# Usage: bench/retention-prune.sh [rows...] (default 100000 1000000). Writes bench/results/retention-prune.txt.
source "$(dirname "$0")/common.sh"
run_test_main dev.referral.sidecar.outbox.PruneBench retention-prune "$@"
