#!/usr/bin/env bash
# Two builds side by side in one run: both sidecars up at once against one nginx stub, and wrk windows on one path
# alternated between them (before, after, after, before, ...), so the machine's drift between minutes falls on both
# alike. Each window gives req/s, p50/p99 and the sidecar's CPU per request (utime+stime from /proc/<pid>/stat).
# On STORE=postgresql a last column adds the CPU of the server's backends of that build per request.
# Usage: bench/ab.sh BEFORE_APP_DIR AFTER_APP_DIR     (each a target/quarkus-app directory)
#   PATH_UNDER_TEST=/signup-hook (or /purchase-hook, /referrals/alice)  C="16 1" (connections, a window each)
#   ROUNDS=3 SECONDS_PER_WINDOW=8 PREWARM=30 (seconds of unmeasured load on each first)  HEADER="Prefer: respond-async"
#   DRAIN=1: after each window, waits until neither sidecar has a pending row (a respond-async window leaves a
#   backlog whose delivery would otherwise fall in the next windows, the other build's included)
#   STORE=sqlite (or postgresql: each build in a schema of its own of SIDECAR_TEST_PG_URL's database, emptied first)
#   BEFORE_ENV / AFTER_ENV="VAR=value ...": settings of one side only; with one build given twice, an A/B of a
#   setting (e.g. AFTER_ENV="SIDECAR_STORE_WRITERS=1")
#   PG_DELAY_US=250: with STORE=postgresql, both reach the server through bench/lib/DelayProxy.java, which holds every
#   chunk that long each way (a server a network away: 2 x 250 us more per round trip); the round trip is measured
#   through the proxy with and without the delay (psql, 200 "SELECT 1" in one session, median) and printed first
# Writes bench/results/ab.txt.
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
BEFORE=$(cd "$1" && pwd)
AFTER=$(cd "$2" && pwd)
TARGET=${PATH_UNDER_TEST:-/signup-hook}
ROUNDS=${ROUNDS:-3}
WINDOW=${SECONDS_PER_WINDOW:-8}
STORE=${STORE:-sqlite}
OUT="$ROOT/bench/results"
mkdir -p "$OUT"
CLK_TCK=$(getconf CLK_TCK)

stub=$(free_port)
start_nginx_stub "$stub"

# delay_proxy MICROSECONDS: starts bench/lib/DelayProxy.java in front of the PostgreSQL server; sets PROXY_PORT.
delay_proxy() {
    PROXY_PORT=$(free_port)
    java "$ROOT/bench/lib/DelayProxy.java" "$PROXY_PORT" "$PG_HOST" "$PG_PORT" "$1" > "$WORK/delay-proxy-$1.log" 2>&1 &
    PIDS+=($!)
    until grep -q "delay proxy" "$WORK/delay-proxy-$1.log" 2> /dev/null; do sleep 0.2; done
}

# round_trip HOST PORT: the median time of "SELECT 1" in one psql session to the server there, in ms.
round_trip() {
    { echo '\timing on'; for _ in $(seq 1 200); do echo 'SELECT 1;'; done; } |
        PGPASSWORD=$PG_PASSWORD psql -q "$(sed -E "s#//[^/]+/#//$1:$2/#" <<< "${PG_URL#jdbc:}")" -U "$PG_USER" |
        awk '/^Time:/ { print $2 }' | sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", t[int(NR / 2) + 1] }'
}

DELAY_NOTE=""
if [[ $STORE == postgresql && -n ${PG_DELAY_US:-} ]]; then
    PG_HOST=$(sed -E 's#^jdbc:postgresql://([^:/]+).*#\1#' <<< "$PG_URL")
    PG_PORT=$(sed -E 's#^jdbc:postgresql://[^:/]+:?([0-9]*)/.*#\1#' <<< "$PG_URL")
    PG_PORT=${PG_PORT:-5432}
    delay_proxy 0
    DELAY_NOTE=" (round trip: direct $(round_trip "$PG_HOST" "$PG_PORT") ms, through the proxy without delay"
    DELAY_NOTE+=" $(round_trip 127.0.0.1 "$PROXY_PORT") ms"
    delay_proxy "$PG_DELAY_US"
    DELAY_NOTE+=", with ${PG_DELAY_US} us each way as both sidecars reach it $(round_trip 127.0.0.1 "$PROXY_PORT") ms)"
    PG_URL=$(sed -E "s#//[^/]+/#//127.0.0.1:$PROXY_PORT/#" <<< "$PG_URL")
fi

# launch NAME APP_DIR [VAR=value ...]: starts that build's jar (live mode against the stub) with those settings;
# sets PORT, MGMT and PID.
launch() {
    local name=$1 app=$2 store=()
    shift 2
    if [[ $STORE == postgresql ]]; then
        pg_sql -qc "DROP SCHEMA IF EXISTS ab_$name CASCADE" -c "CREATE SCHEMA ab_$name" > /dev/null
        store=(REFERRAL_STORE_URL="$PG_URL?currentSchema=ab_$name&ApplicationName=ab_$name" REFERRAL_STORE_USERNAME="$PG_USER"
            REFERRAL_STORE_PASSWORD="$PG_PASSWORD")
    else
        store=(REFERRAL_STORE_URL="jdbc:sqlite:$WORK/$name.db")
    fi
    PORT=$(free_port); MGMT=$(free_port)
    SIDECAR_APP=$app start_sidecar "$name" "$PORT" "$MGMT" "${store[@]}" "$@" PARTNERO_API_KEY=bench \
        PARTNERO_URL="http://127.0.0.1:$stub"
    PID=${PIDS[-1]}
}

script() {
    [[ $TARGET == /referrals/* ]] && echo "$ROOT/bench/get.lua" || echo "$ROOT/bench/purchase-unique.lua"
}

# server_ticks NAME: CPU ticks of the PostgreSQL backends serving that build (its connections name it in
# application_name); "-" on SQLite. A backend that closes within a window takes its ticks with it.
server_ticks() {
    [[ $STORE == postgresql ]] || { echo -; return; }
    local total=0 pid
    for pid in $(pg_sql -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = 'ab_$1'"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2> /dev/null || echo 0)))
    done
    echo "$total"
}

# window NAME PORT MGMT PID CONNECTIONS: one measured wrk run; prints a row, with the share of answers that were
# 202 (queued: answered without the immediate attempt's outcome, which costs less) and, on PostgreSQL, the CPU its
# backends used per request.
window() {
    local name=$1 port=$2 mgmt=$3 pid=$4 c=$5 before after out q0 q1 s0 s1
    q0=$(answered "$mgmt" "$TARGET")
    s0=$(server_ticks "$name")
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    out=$(BENCH_TAG="$name$RANDOM" BENCH_HEADER=${HEADER:-} wrk -t1 -c"$c" -d"${WINDOW}s" --latency -s "$(script)" \
        "http://127.0.0.1:$port$TARGET")
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    s1=$(server_ticks "$name")
    q1=$(answered "$mgmt" "$TARGET")
    awk -v name="$name" -v c="$c" -v t=$((after - before)) -v hz="$CLK_TCK" -v q="$(queued_share "$q0" "$q1")" \
        -v s0="$s0" -v s1="$s1" '
        function ms(v) { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; return n }
        /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        /requests in/ { n = $1 } /Non-2xx/ { bad = $5 }
        END { server = (s0 == "-" || n == 0) ? "-" : sprintf("%.3f", (s1 - s0) / hz * 1000 / n)
              printf "%-7s %3s %10s %9.3f %9.3f %9.3f %7d %8s %10s\n", name, c, rps, p50, p99,
              (n > 0 ? t / hz * 1000 / n : 0), bad, q, server }' \
        <<< "$out" | tee -a "$OUT/ab.txt"
}

# shellcheck disable=SC2086 # BEFORE_ENV / AFTER_ENV are lists of VAR=value words
launch before "$BEFORE" ${BEFORE_ENV:-}
before_port=$PORT before_mgmt=$MGMT before_pid=$PID
# shellcheck disable=SC2086
launch after "$AFTER" ${AFTER_ENV:-}
after_port=$PORT after_mgmt=$MGMT after_pid=$PID
: > "$OUT/ab.txt"
echo "A/B of $TARGET on $STORE$DELAY_NOTE, $(date -u +%FT%TZ): before=$BEFORE ${BEFORE_ENV:-} after=$AFTER ${AFTER_ENV:-} ${HEADER:-}" | tee -a "$OUT/ab.txt"
for side in "before $before_port" "after $after_port"; do
    set -- $side
    BENCH_TAG=w$1 BENCH_HEADER=${HEADER:-} wrk -t1 -c4 -d"${PREWARM:-30}s" -s "$(script)" \
        "http://127.0.0.1:$2$TARGET" > /dev/null
done
printf '%-7s %3s %10s %9s %9s %9s %7s %8s %10s\n' build c req/s "p50 ms" "p99 ms" "CPU ms/req" non-2xx "202s" \
    "server ms" | tee -a "$OUT/ab.txt"
for round in $(seq 1 "$ROUNDS"); do
    order="before after"
    ((round % 2 == 0)) && order="after before"
    for c in ${C:-16 1}; do
        for name in $order; do
            if [[ $name == before ]]; then window before "$before_port" "$before_mgmt" "$before_pid" "$c"
            else window after "$after_port" "$after_mgmt" "$after_pid" "$c"; fi
            if [[ ${DRAIN:-0} == 1 ]]; then
                drain_outbox "$before_mgmt"
                drain_outbox "$after_mgmt"
            fi
        done
    done
done
