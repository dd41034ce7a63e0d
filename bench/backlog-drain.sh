#!/usr/bin/env bash
# How fast a backlog drains, builds side by side on the same backlog. The first build accepts purchases with
# `Prefer: respond-async` for FILL seconds (16 connections) while its dispatcher is idle (poll interval 1 h); then,
# ROUNDS times, each build in turn starts on a fresh copy of that backlog, against the nginx stub (a healthy Partnero
# at loopback speed), and the time until nothing is pending is measured, with the CPU the sidecar (and, on
# PostgreSQL, the server's processes) used per row delivered. The sidecar starts cold each time, so its CPU per row
# includes the JIT compiling the delivery path; compare builds within one run.
# Usage: bench/backlog-drain.sh APP_DIR [APP_DIR...]   (each a target/quarkus-app directory; default: this build's)
#   STORE=postgresql (SIDECAR_TEST_PG_URL / _USER / _PASSWORD, public schema emptied first) or sqlite
#   FILL=15 ROUNDS=2
# Writes bench/results/backlog-drain.txt.
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
build_jar
STORE=${STORE:-postgresql}
FILL=${FILL:-15}
ROUNDS=${ROUNDS:-2}
APPS=("$@")
((${#APPS[@]})) || APPS=("$ROOT/target/quarkus-app")
OUT="$ROOT/bench/results/backlog-drain.txt"
mkdir -p "$ROOT/bench/results"

stub=$(free_port)
start_nginx_stub "$stub"

# store_env: the settings that point a sidecar at the backlog's store.
store_env() {
    if [[ $STORE == postgresql ]]; then
        echo REFERRAL_STORE_URL="$PG_URL" REFERRAL_STORE_USERNAME="$PG_USER" REFERRAL_STORE_PASSWORD="$PG_PASSWORD"
    else
        echo REFERRAL_STORE_URL="jdbc:sqlite:$WORK/drain.db"
    fi
}

pending() {
    if [[ $STORE == postgresql ]]; then
        pg_sql -Atc "SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'"
    else
        python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(
            \"SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'\").fetchone()[0])" "$WORK/drain.db"
    fi
}

# CPU ticks (utime + stime) of the processes whose command line matches $1.
ticks() {
    local t=0 p
    for p in $(pgrep -f "$1"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$t"
}

# stop PID: stops that sidecar and waits for it (its exit status is the signal's).
stop() {
    kill "$1"
    wait "$1" 2>/dev/null || true
}

[[ $STORE == postgresql ]] && pg_empty_store
port=$(free_port) mgmt=$(free_port)
# shellcheck disable=SC2046
SIDECAR_APP=${APPS[0]} start_sidecar fill "$port" "$mgmt" PARTNERO_API_KEY=bench \
    PARTNERO_URL="http://127.0.0.1:$stub" SIDECAR_DELIVERY_POLL_INTERVAL=1h $(store_env)
BENCH_HEADER="Prefer: respond-async" BENCH_TAG=fill wrk -t1 -c16 -d"${FILL}s" -s "$ROOT/bench/purchase-unique.lua" \
    "http://127.0.0.1:$port/purchase-hook" > /dev/null
stop "${PIDS[-1]}"
rows=$(pending)
if [[ $STORE == postgresql ]]; then
    pg_sql -qc "DROP SCHEMA IF EXISTS backlog_drain CASCADE" -c "CREATE SCHEMA backlog_drain" \
        -c "CREATE TABLE backlog_drain.outbox AS SELECT * FROM outbox"
    trap 'pg_sql -qc "DROP SCHEMA IF EXISTS backlog_drain CASCADE"; cleanup' EXIT
else
    cp "$WORK/drain.db" "$WORK/backlog.db"
fi

{
    echo "Backlog drain on $STORE, $(date -u +%FT%TZ): $rows purchases queued in ${FILL} s, each build started cold on a copy"
    printf '%-40s %6s %9s %8s %14s %14s\n' build round seconds rows/s "sidecar CPU ms" "server CPU ms"
} | tee "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    for app in "${APPS[@]}"; do
        if [[ $STORE == postgresql ]]; then
            pg_sql -qc "TRUNCATE outbox" -c "INSERT INTO outbox SELECT * FROM backlog_drain.outbox" \
                -c "VACUUM ANALYZE outbox"
        else
            rm -f "$WORK"/drain.db*
            cp "$WORK/backlog.db" "$WORK/drain.db"
        fi
        port=$(free_port) mgmt=$(free_port)
        # shellcheck disable=SC2046
        SIDECAR_APP=$app start_sidecar drain "$port" "$mgmt" PARTNERO_API_KEY=bench \
            PARTNERO_URL="http://127.0.0.1:$stub" $(store_env)
        pid=${PIDS[-1]}
        t0=$(date +%s%N) s0=$(ticks "$app/quarkus-run.jar") p0=$(ticks "postgres: ")
        until [[ $(pending) == 0 ]]; do sleep 0.2; done
        t1=$(date +%s%N) s1=$(ticks "$app/quarkus-run.jar") p1=$(ticks "postgres: ")
        stop "$pid"
        server="-"
        [[ $STORE == postgresql ]] && server=$(awk -v t=$((p1 - p0)) -v n="$rows" 'BEGIN { printf "%.3f", t * 10 / n }')
        printf '%-40s %6d %9.2f %8d %14.3f %14s\n' "$(basename "$(dirname "$app")")/$(basename "$app")" "$round" \
            "$(echo "($t1 - $t0) / 1000000000" | bc -l)" $((rows * 1000000000 / (t1 - t0))) \
            "$(echo "($s1 - $s0) * 10 / $rows" | bc -l)" "$server" | tee -a "$OUT"
    done
done
# Each build's drain rate against the first build's, round by round.
awk -v rounds="$ROUNDS" -v first="$(basename "$(dirname "${APPS[0]}")")/$(basename "${APPS[0]}")" '
    NR > 2 { rate[$2, $1] = $4; builds[$1] = 1 }
    END {
        for (b in builds) {
            if (b == first) continue
            line = ""
            for (r = 1; r <= rounds; r++) line = line sprintf(" %.2fx", rate[r, b] / rate[r, first])
            print b " drains at" line " the rate of " first " (round by round)"
        }
    }' "$OUT" | tee -a "$OUT"
