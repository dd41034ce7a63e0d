#!/usr/bin/env bash
# What one dispatcher pass costs over a backlog that cannot move (an outage), by backlog size: the pass as the store
# ran it up to V5 (pending rows walked by id, the time a filter) and this build's (parked rows, V6-V7), side by side
# in one run, on SQLite and, if SIDECAR_TEST_PG_URL (/ _USER / _PASSWORD) is set, PostgreSQL (schema backlog_pass,
# made again). Three shapes: 50 customers' first rows waiting for their next attempt with N rows queued behind them;
# N customers with one waiting row each; N due rows while writes are paused (a pass sends relays only). Each figure is
# the median of 15 passes' query times; the pass runs once a second (sidecar.delivery.poll-interval).
# Usage: bench/backlog-pass.sh [rows...] (default 1000 10000 100000). Writes bench/results/backlog-pass.txt.
source "$(dirname "$0")/common.sh"
run_test_main dev.referral.sidecar.outbox.BacklogPassBench backlog-pass "$@"
