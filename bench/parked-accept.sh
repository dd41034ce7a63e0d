#!/usr/bin/env bash
# What PostgreSQL's accept costs now that a row accepted behind an open row of its customer locks that customer's
# first open row (the lock that replaced the 30 s unpark sweep), beside the accept without the lock on a V7 store, one
# run, alternating rounds: a customer's only row accepted then delivered (every sign-up: nothing to lock), and a
# customer's two rows (the second parked behind the first, so it locks the first) accepted then delivered. Needs
# SIDECAR_TEST_PG_URL (/ _USER / _PASSWORD; schema parked_accept, made again). Commits without fsync on both.
# Usage: bench/parked-accept.sh [customers] (default 3000). Writes bench/results/parked-accept.txt.
source "$(dirname "$0")/common.sh"
export SIDECAR_TEST_PG_URL=$PG_URL SIDECAR_TEST_PG_USER=$PG_USER SIDECAR_TEST_PG_PASSWORD=$PG_PASSWORD
run_test_main dev.referral.sidecar.outbox.ParkedAcceptBench parked-accept "$@"
