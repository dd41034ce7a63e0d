#!/usr/bin/env bash
# Where the sidecar's CPU goes, by thread: starts the jar (SQLite, live mode against the nginx stub), loads one path
# with wrk for WARMUP seconds unmeasured, then for DURATION seconds measured, and prints each thread's CPU
# (utime+stime from /proc/<pid>/task/*/stat) per request served, user and system ticks apart, plus the total, and its
# wake-ups per request: context switches (voluntary and not, /proc/<pid>/task/*/status), each a time the thread went
# to sleep or was put off the CPU and came back. Unlike CPU time, they barely move with the machine's load: a change
# that hands work to one thread fewer, or makes one round trip fewer, shows there in one run.
# SIDECAR_APP: another build's quarkus-app directory.
# Usage: [C=16] [WARMUP=30] [DURATION=10] [HOOK=purchase-hook|signup-hook] [STORE_ENV="REFERRAL_STORE_URL=..."]
#        bench/thread-cpu.sh
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
build_jar
C=${C:-16}
HOOK=${HOOK:-purchase-hook}
CLK_TCK=$(getconf CLK_TCK)

stub=$(free_port); proxy=$(free_port)
start_nginx_stub "$stub" "$proxy"
port=$(free_port); mgmt=$(free_port)
# shellcheck disable=SC2086 # STORE_ENV is a list of VAR=value words
start_sidecar threads "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
    REFERRAL_STORE_URL="jdbc:sqlite:$WORK/threads.db" ${STORE_ENV:-}
pid=${PIDS[-1]}

snapshot() {
    for t in /proc/"$pid"/task/*; do
        # The fields after the name: a thread's name may hold spaces ("C2 CompilerThre"), which shift awk's fields.
        echo "$(basename "$t") $(tr ' ' _ < "$t/comm") $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13, $12, $13}')" \
            "$(awk '/ctxt_switches/ { s += $2 } END { print s }' "$t/status")"
    done | sort
}

url="http://127.0.0.1:$port/$HOOK"
wrk -t1 -c"$C" -d"${WARMUP:-30}s" -s "$ROOT/bench/purchase-unique.lua" "$url" > /dev/null
snapshot > "$WORK/before"
wrk -t1 -c"$C" -d"${DURATION:-10}s" --latency -s "$ROOT/bench/purchase-unique.lua" "$url" > "$WORK/wrk.txt"
snapshot > "$WORK/after"
requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
echo "/$HOOK, $C connections, after ${WARMUP:-30} s of warm-up:"
grep -E "Requests/sec|50%|99%" "$WORK/wrk.txt"
join "$WORK/before" "$WORK/after" | awk -v n="$requests" -v hz="$CLK_TCK" '
    { d = $8 - $3; w = $11 - $6; tot += d; wake += w
      if (d > 0 || w >= n / 100) printf "%-30s %6d ticks  %.3f ms/request  (user %d, system %d)  %5.2f wake-ups/request\n", $2, d, d * 1000 / hz / n, $9 - $4, $10 - $5, w / n }
    END { printf "%-30s %6d ticks  %.3f ms/request  over %d requests          %5.2f wake-ups/request\n", "TOTAL", tot, tot * 1000 / hz / n, n, wake / n }' \
    | sort -k2 -n -r | head -16
