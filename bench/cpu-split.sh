#!/usr/bin/env bash
# Where the machine's cores go per hook call: the sidecar, the PostgreSQL server (its processes on this host), the
# nginx stub standing for Partnero, wrk itself, and what stays idle, during one wrk window per row (16 connections
# by default, a new key per request), each read from /proc (utime+stime; the host's busy and idle time from
# /proc/stat). With the idle time it prints the row's ceiling on this host (its req/s if the idle time were used at
# the same cost per request) against the nginx proxy measured just before the row, and for PostgreSQL what one call
# costs the server: its transactions (pg_stat_database) and log bytes (pg_stat_wal). A throughput target above the
# ceiling cannot be met on this host without making calls cheaper for someone; the last column says how many busy
# milliseconds per call a ratio to the proxy of TARGET (default 0.15) would allow.
# Each sidecar first gets PREWARM seconds of every measured path at once, unmeasured, and each row WARMUP seconds of
# its own; each row's window comes right after the proxy's.
# Usage: [STORES="sqlite postgresql"] [C=16] [SECONDS_PER_WINDOW=10] [PREWARM=60] [WARMUP=5] [TARGET=0.15] bench/cpu-split.sh
# PostgreSQL: SIDECAR_TEST_PG_URL / _USER / _PASSWORD (defaults: the .ci/run database); skipped if unreachable.
# Writes bench/results/cpu-split.txt.
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
build_jar
C=${C:-16}
SECS=${SECONDS_PER_WINDOW:-10}
TARGET=${TARGET:-0.15}
OUT="$ROOT/bench/results"
mkdir -p "$OUT"
CLK_TCK=$(getconf CLK_TCK)
CORES=$(nproc)
PURCHASE="$ROOT/bench/purchase-unique.lua"

stub=$(free_port)
proxy=$(free_port)
start_nginx_stub "$stub" "$proxy"
NGINX=${PIDS[-1]}

# ticks PID...: CPU ticks (utime+stime) of those processes so far; a process gone counts nothing.
ticks() {
    local pid sum=0
    for pid in "$@"; do
        # The fields after the name (a name may hold spaces).
        [[ -r /proc/$pid/stat ]] && sum=$((sum + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    echo "$sum"
}

# children: CPU ticks of this script's children waited for so far (cutime+cstime): read just before and after a wrk
# run, wrk's own.
children() {
    sed 's/.*) //' "/proc/$$/stat" | awk '{print $14 + $15}'
}

host() {
    awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}

# server_pids: the PostgreSQL server's processes on this host (none for a remote server).
server_pids() {
    pgrep -x postgres || pgrep -f '^postgres: ' || true
}

# server_counts: "transactions log-bytes" of the store's database so far ("- -" without a reachable server).
server_counts() {
    [[ $STORE == postgresql ]] || { echo "- -"; return; }
    pg_sql -tAF ' ' -c "SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database
        WHERE datname = current_database()), (SELECT wal_bytes FROM pg_stat_wal)"
}

# proxy_rate: the nginx proxy's req/s in front of the same stub, now (POSTs, C connections).
proxy_rate() {
    BENCH_TAG=proxy wrk -t1 -c"$C" -d"${SECS}s" -s "$PURCHASE" "http://127.0.0.1:$proxy/transactions" |
        awk '/Requests\/sec/ {print $2}'
}

# row LABEL URL [HEADER]: one window with every process's CPU read before and after.
row() {
    local label=$1 url=$2 header=${3:-} side0 server0 nginx0 wrk0 host0 counts0
    local rate side1 server1 nginx1 wrk1 host1 counts1 n
    BENCH_TAG=w BENCH_HEADER=$header wrk -t1 -c"$C" -d"${WARMUP:-5}s" -s "$PURCHASE" "$url" > /dev/null
    rate=$(proxy_rate)
    local server=($(server_pids)) nginx=("$NGINX" $(pgrep -P "$NGINX"))
    counts0=$(server_counts)
    side0=$(ticks "$SIDE")
    server0=$(ticks "${server[@]}")
    nginx0=$(ticks "${nginx[@]}")
    host0=$(host)
    wrk0=$(children)
    BENCH_TAG=m BENCH_HEADER=$header wrk -t1 -c"$C" -d"${SECS}s" -s "$PURCHASE" "$url" > "$WORK/row.txt"
    wrk1=$(children)
    side1=$(ticks "$SIDE")
    server1=$(ticks "${server[@]}")
    nginx1=$(ticks "${nginx[@]}")
    host1=$(host)
    counts1=$(server_counts)
    n=$(awk '/requests in/ {print $1}' "$WORK/row.txt")
    awk -v label="$label" -v c="$C" -v n="$n" -v hz="$CLK_TCK" -v secs="$SECS" -v cores="$CORES" -v proxy="$rate" \
        -v target="$TARGET" -v store="$STORE" -v rps="$(awk '/Requests\/sec/ {print $2}' "$WORK/row.txt")" \
        -v side=$((side1 - side0)) -v server=$((server1 - server0)) -v stub=$((nginx1 - nginx0)) \
        -v wrk=$((wrk1 - wrk0)) -v h0="$host0" -v h1="$host1" -v k0="$counts0" -v k1="$counts1" 'BEGIN {
        split(h0, a, " "); split(h1, b, " "); busy = b[1] - a[1]; idle = b[2] - a[2]
        ms = 1000 / hz / n
        busy_ms = busy * ms
        ceiling = rps * (busy + idle) / busy
        split(k0, x, " "); split(k1, y, " ")
        xacts = (x[1] == "-") ? "-" : sprintf("%.2f", (y[1] - x[1]) / n)
        wal = (x[2] == "-") ? "-" : sprintf("%.0f", (y[2] - x[2]) / n)
        srv = (store == "postgresql") ? sprintf("%.3f", server * ms) : "-"
        printf "%-42s %3d %8.0f %6.3f %7.3f %7s %7.3f %7.3f %7.3f %5.2f %8.0f %6.3f %6s %6s %7.3f\n", label, c, rps,
            rps / proxy, side * ms, srv, stub * ms, wrk * ms, busy_ms, idle / hz / secs, ceiling, ceiling / proxy,
            xacts, wal, cores * 1000 / (target * proxy) }' | tee -a "$OUT/cpu-split.txt"
}

: > "$OUT/cpu-split.txt"
{
    echo "cpu-split.sh, $(date -u +%FT%TZ), $CORES cores, $C connections, ${SECS} s per window"
    echo "ms columns: CPU milliseconds per call (busy: the whole host's); idle: cores idle during the window;"
    echo "ceiling: req/s if the idle time were used at the same cost; allowed: busy ms per call that $TARGET x the proxy allows"
    printf '%-42s %3s %8s %6s %7s %7s %7s %7s %7s %5s %8s %6s %6s %6s %7s\n' row c req/s xproxy sidecar server stub \
        wrk busy idle ceiling xproxy xacts WAL_B allowed
} | tee -a "$OUT/cpu-split.txt"
for STORE in ${STORES:-sqlite postgresql}; do
    store_env=(REFERRAL_STORE_URL="jdbc:sqlite:$WORK/split.db")
    if [[ $STORE == postgresql ]]; then
        if ! pg_sql -qc 'SELECT 1' > /dev/null 2>&1; then
            echo "postgresql: no server at $PG_URL, skipped" | tee -a "$OUT/cpu-split.txt"
            continue
        fi
        pg_empty_store
        store_env=(REFERRAL_STORE_URL="$PG_URL" REFERRAL_STORE_USERNAME="$PG_USER" REFERRAL_STORE_PASSWORD="$PG_PASSWORD")
    fi
    port=$(free_port)
    mgmt=$(free_port)
    start_sidecar "split-$STORE" "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
        "${store_env[@]}"
    SIDE=${PIDS[-1]}
    # Every path measured next at once (4 connections each), so the JIT has compiled them all before the first row.
    url="http://127.0.0.1:$port"
    loads=()
    BENCH_TAG=p wrk -t1 -c4 -d"${PREWARM:-60}s" -s "$PURCHASE" "$url/purchase-hook" > /dev/null &
    loads+=($!)
    BENCH_TAG=a BENCH_HEADER="Prefer: respond-async" wrk -t1 -c4 -d"${PREWARM:-60}s" -s "$PURCHASE" \
        "$url/purchase-hook" > /dev/null &
    loads+=($!)
    BENCH_TAG=s wrk -t1 -c4 -d"${PREWARM:-60}s" -s "$PURCHASE" "$url/signup-hook" > /dev/null &
    loads+=($!)
    wait "${loads[@]}"
    row "/purchase-hook ($STORE)" "http://127.0.0.1:$port/purchase-hook"
    row "/purchase-hook respond-async ($STORE)" "http://127.0.0.1:$port/purchase-hook" "Prefer: respond-async"
    row "/signup-hook ($STORE)" "http://127.0.0.1:$port/signup-hook"
    kill "$SIDE"
    wait "$SIDE" 2> /dev/null || true
done
