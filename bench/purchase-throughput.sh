#!/usr/bin/env bash
# Accepted purchases per second and /purchase-hook latency (p50/p99) with a healthy upstream stub (nginx), for
# the SQLite store and the PostgreSQL store, side by side with a direct call to the same stub.
# Usage: bench/purchase-throughput.sh [seconds per run, default 10] [connections, default 16]
# PostgreSQL: SIDECAR_TEST_PG_URL / _USER / _PASSWORD (defaults: the .ci/run database); skipped if unreachable.
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
DURATION=${1:-10}
CONNECTIONS=${2:-16}
build_jar

stub=$(free_port)
start_nginx_stub "$stub"

# wrk prints 197.00us, 27.79ms or 1.02s: milliseconds, as a plain number.
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; print n }'
}

# run_wrk LABEL URL: prints "LABEL req/s p50 p99" from wrk's latency distribution.
run_wrk() {
    local label=$1 url=$2 out
    wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/purchase-unique.lua" "$url" > /dev/null
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/purchase-unique.lua" "$url")
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
    p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
    p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<< "$out")
    printf '%-34s %10s %10s %10s %8s\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
    echo "$label|$rps|$(to_ms "$p50")|$(to_ms "$p99")" >> "$WORK/rps"
}

printf '%-34s %10s %10s %10s %8s\n' "run (${CONNECTIONS} connections, ${DURATION}s)" "req/s" "p50" "p99" "non-2xx"
run_wrk "direct POST to the stub" "http://127.0.0.1:$stub/transactions"

port=$(free_port); mgmt=$(free_port)
start_sidecar sqlite "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
    REFERRAL_STORE_URL="jdbc:sqlite:$WORK/bench.db"
run_wrk "sidecar /purchase-hook, SQLite" "http://127.0.0.1:$port/purchase-hook"
stop_last

if pg_sql -qc 'select 1' > /dev/null 2>&1; then
    pg_empty_store
    port=$(free_port); mgmt=$(free_port)
    start_sidecar pg "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
        REFERRAL_STORE_URL="$PG_URL" REFERRAL_STORE_USERNAME="$PG_USER" REFERRAL_STORE_PASSWORD="$PG_PASSWORD"
    run_wrk "sidecar /purchase-hook, PostgreSQL" "http://127.0.0.1:$port/purchase-hook"
    stop_last
else
    echo "PostgreSQL not reachable at $PG_URL: skipped"
fi

echo
awk -F'|' 'NR == 1 {rps = $2; p50 = $3; p99 = $4; next}
     {printf "%-34s %6.3f x the direct rate   p50 %6.1f x   p99 %6.1f x the direct call\n", $1, $2 / rps, $3 / p50, $4 / p99}' \
    "$WORK/rps"
