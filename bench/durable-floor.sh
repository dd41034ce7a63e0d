#!/usr/bin/env bash
# What a durable purchase costs on this machine before any of the sidecar's code: the sidecar's /purchase-hook side
# by side with bench/lib/DurableFloor.java, the least a hook can do that still answers only after a durable commit
# (one Vert.x event loop; one writer thread committing everything queued in one transaction; then a POST to the stub;
# nothing else: no validation, dedupe, outbox states, delivered mark or metrics), on the same store kind, plus the
# direct POST to the stub and the nginx proxy. wrk --latency at one connection and at 16, ROUNDS times in turn. For
# one connection it prints each server's added p50 over the direct POST and its p99 ÷ p50 (issue 9's one-request-at-
# a-time targets: added p50 <= 1 ms + one fsync, measured before each round, p99 <= 3x p50), with the medians over the
# rounds and how many rounds met the first; for both, the JVM servers' CPU per request. If the floor misses a
# target as the sidecar does, the target is this host's, not the sidecar's code. The stack floor (bench/lib/stack-floor/,
# built from this project's pom.xml by bench/lib/stack-floor.sh) is the same purchase in the sidecar's framework: a
# RESTEasy Reactive resource, Jackson, Hibernate Validator, one writer thread on a JDBC connection, the REST client
# under a SmallRye guard with a Micrometer timer. What the stack floor adds to the durable floor is the framework's;
# what the sidecar adds to the stack floor is its own code's.
# Usage: bench/durable-floor.sh   ROUNDS=3 SECONDS_PER_WINDOW=8 WARM=20 (seconds at 16 connections, then as many at
# one, before the first round). STORES="sqlite postgresql" (PostgreSQL: SIDECAR_TEST_PG_URL / _USER / _PASSWORD, the
# .ci/run database by default; skipped if unreachable). STACK=0 leaves the stack floor out (it is built first, about a
# minute; MAVEN_ARGS=-o builds offline). Writes bench/results/durable-floor.txt.
source "$(dirname "$0")/common.sh"
floor_setup
WARM=${WARM:-20}
STORES=${STORES:-sqlite postgresql}
OUT="$ROOT/bench/results/durable-floor.txt"
mkdir -p "$ROOT/bench/results" "$WORK/floor"
javac -d "$WORK/floor" -cp "$APP/lib/main/*" "$ROOT/bench/lib/DurableFloor.java"
STACK=${STACK:-1}
if [[ $STACK == 1 ]]; then
    need python3 python3
    source "$ROOT/bench/lib/stack-floor.sh"
    build_stack_floor "$WORK/stack-project"
fi
CLK_TCK=$(getconf CLK_TCK)

stub=$(free_port) proxy=$(free_port)
start_nginx_stub "$stub" "$proxy"
names=(direct proxy)
declare -A url=([direct]="http://127.0.0.1:$stub/transactions" [proxy]="http://127.0.0.1:$proxy/transactions")
declare -A label=([direct]="direct POST to the stub" [proxy]="nginx proxy")
declare -A pid=()

# floor STORE JDBC_URL [USER PASSWORD]: starts DurableFloor on that store.
floor() {
    local store=$1 port
    shift
    port=$(free_port)
    java -cp "$WORK/floor:$APP/lib/main/*" DurableFloor "$port" "$stub" "$@" > "$WORK/floor-$store.log" 2>&1 &
    PIDS+=($!)
    pid[floor-$store]=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.2; done
    names+=("floor-$store")
    url[floor-$store]="http://127.0.0.1:$port/purchase-hook"
    label[floor-$store]="durable floor ($store)"
}

# stack STORE ENV...: starts the stack floor on that store.
stack() {
    local store=$1 port mgmt
    shift
    port=$(free_port) mgmt=$(free_port)
    SIDECAR_APP=$STACK_APP start_sidecar "stack-$store" "$port" "$mgmt" PARTNERO_URL="http://127.0.0.1:$stub" "$@"
    pid[stack-$store]=${PIDS[-1]}
    names+=("stack-$store")
    url[stack-$store]="http://127.0.0.1:$port/purchase-hook"
    label[stack-$store]="stack floor ($store)"
}

# sidecar STORE ENV...: starts the sidecar on that store.
sidecar() {
    local store=$1 port mgmt
    shift
    port=$(free_port) mgmt=$(free_port)
    start_sidecar "sidecar-$store" "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" "$@"
    pid[sidecar-$store]=${PIDS[-1]}
    names+=("sidecar-$store")
    url[sidecar-$store]="http://127.0.0.1:$port/purchase-hook"
    label[sidecar-$store]="sidecar /purchase-hook ($store)"
}

for store in $STORES; do
    case $store in
        sqlite)
            floor sqlite "jdbc:sqlite:$WORK/floor.db"
            [[ $STACK == 1 ]] && stack sqlite REFERRAL_STORE_URL="jdbc:sqlite:$WORK/stack.db"
            sidecar sqlite REFERRAL_STORE_URL="jdbc:sqlite:$WORK/sidecar.db"
            ;;
        postgresql)
            if ! pg_sql -qc 'select 1' > /dev/null 2>&1; then
                echo "PostgreSQL not reachable at $PG_URL: its rows are skipped" >&2
                continue
            fi
            # The floor's table in a schema of its own: the sidecar's schema must hold only what Flyway made.
            pg_sql -qc 'SET client_min_messages = warning' -c 'DROP SCHEMA IF EXISTS durable_floor CASCADE' \
                -c 'CREATE SCHEMA durable_floor' > /dev/null
            floor postgresql "$PG_URL?currentSchema=durable_floor" "$PG_USER" "$PG_PASSWORD"
            [[ $STACK == 1 ]] && stack postgresql REFERRAL_STORE_URL="$PG_URL?currentSchema=durable_floor" \
                REFERRAL_STORE_USERNAME="$PG_USER" REFERRAL_STORE_PASSWORD="$PG_PASSWORD"
            pg_empty_store 2> /dev/null
            sidecar postgresql REFERRAL_STORE_URL="$PG_URL" REFERRAL_STORE_USERNAME="$PG_USER" \
                REFERRAL_STORE_PASSWORD="$PG_PASSWORD"
            ;;
    esac
done

for name in "${names[@]}"; do
    BENCH_TAG=w wrk -t1 -c16 -d"${WARM}s" -s "$ROOT/bench/purchase-unique.lua" "${url[$name]}" > /dev/null
    BENCH_TAG=v wrk -t1 -c1 -d"${WARM}s" -s "$ROOT/bench/purchase-unique.lua" "${url[$name]}" > /dev/null
done

{
    echo "durable floor, $(date -u +%FT%TZ): $ROUNDS rounds of ${SECS} s per server and connection count, in turn"
    printf '%-34s %5s %6s %11s %9s %9s %9s %12s %8s\n' server c round req/s "p50 ms" "p99 ms" p99/p50 "CPU ms/req" non-2xx
} | tee "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    fsync_probe "$WORK"
    echo "fsync $round $FSYNC_MS $FSYNC_P99 ms: one fsync of the store's disk before round $round, median and p99" \
        | tee -a "$OUT"
    for c in 1 16; do
        for name in "${names[@]}"; do
            p=${pid[$name]:-}
            before=0
            [[ -n $p ]] && before=$(awk '{print $14 + $15}' "/proc/$p/stat")
            BENCH_TAG="r$round$c" wrk -t1 -c"$c" -d"${SECS}s" --latency -s "$ROOT/bench/purchase-unique.lua" \
                "${url[$name]}" > "$WORK/wrk.txt"
            ticks=-1
            [[ -n $p ]] && ticks=$(( $(awk '{print $14 + $15}' "/proc/$p/stat") - before ))
            awk -v name="${label[$name]}" -v c="$c" -v round="$round" -v ticks="$ticks" -v hz="$CLK_TCK" '
                function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }
                /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
                /Non-2xx/ { bad = $NF }
                END {
                    cpu = ticks < 0 ? "-" : sprintf("%.3f", ticks / hz * 1000 / n)
                    printf "%-34s %5d %6d %11.0f %9.3f %9.3f %8.1fx %12s %8d\n", name, c, round, rps, p50, p99,
                        p99 / p50, cpu, bad
                }' "$WORK/wrk.txt" | tee -a "$OUT"
        done
    done
done

# One connection, each server against the direct POST of the same round: added p50, and p99 ÷ p50; medians over
# the rounds.
echo | tee -a "$OUT"
awk 'function median(s,   a, n, i, j, t) { n = split(s, a, " ")
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    /^fsync / { fsync[$2 + 0] = $3; next }
    NR > 2 && NF >= 9 && $(NF - 7) == 1 {
        name = $1; for (i = 2; i <= NF - 8; i++) name = name " " $i
        round = $(NF - 6); p50[name, round] = $(NF - 4); p99[name, round] = $(NF - 3)
        if (!(name in seen)) { seen[name] = 1; order[++n] = name }
        if (round > rounds) rounds = round
    }
    END {
        print "one connection, against the direct POST of the same round (median over the rounds):"
        for (k = 1; k <= n; k++) {
            if (order[k] ~ /^direct/) continue
            added = ""; ratio = ""; met = 0
            for (r = 1; r <= rounds; r++) {
                a = p50[order[k], r] - p50["direct POST to the stub", r]
                added = added " " a
                ratio = ratio " " (p99[order[k], r] / p50[order[k], r])
                met += a <= 1 + fsync[r]
            }
            printf "  %-34s added p50 %.3f ms (%s ), p99/p50 %.1fx (%s ); added p50 <= 1 ms + the fsync of its round in %d of %d rounds\n",
                order[k], median(added), added, median(ratio), ratio, met, rounds
        }
    }' "$OUT" | tee -a "$OUT"
pg_sql -qc 'DROP SCHEMA IF EXISTS durable_floor CASCADE' > /dev/null 2>&1 || true
