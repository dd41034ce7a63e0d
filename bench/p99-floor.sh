#!/usr/bin/env bash
# What a p99 is made of on this machine: four servers side by side, each measured with wrk --latency at one
# connection and at 16, ROUNDS times in turn: nginx answering from its own config (the stub), nginx as a proxy to it,
# a bare Vert.x server answering a fixed body (bench/lib/Floor.java, on the sidecar's own libraries: the floor of
# any JVM server here), and the sidecar's dashboard hit (SQLite store, the cache kept fresh). If the bare server's
# p99 is the hit's, the hit's tail is the runtime's on this host, not the sidecar's code.
# Usage: bench/p99-floor.sh   ROUNDS=3 SECONDS_PER_WINDOW=8 WARM=20. Writes bench/results/p99-floor.txt.
source "$(dirname "$0")/common.sh"
floor_setup
OUT="$ROOT/bench/results/p99-floor.txt"
mkdir -p "$ROOT/bench/results" "$WORK/floor"
javac -d "$WORK/floor" -cp "$APP/lib/main/*" "$ROOT/bench/lib/Floor.java"

stub=$(free_port) proxy=$(free_port) floor=$(free_port)
start_nginx_stub "$stub" "$proxy"
java -cp "$WORK/floor:$APP/lib/main/*" Floor "$floor" > "$WORK/floor.log" 2>&1 &
PIDS+=($!)
port=$(free_port) mgmt=$(free_port)
start_sidecar hit "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
    REFERRAL_STORE_URL="jdbc:sqlite:$WORK/hit.db"
until curl -sf -o /dev/null "http://127.0.0.1:$floor/"; do sleep 0.2; done

names=(static proxy vertx hit)
declare -A url=([static]="http://127.0.0.1:$stub/referrals/alice" [proxy]="http://127.0.0.1:$proxy/referrals/alice"
    [vertx]="http://127.0.0.1:$floor/referrals/alice" [hit]="http://127.0.0.1:$port/referrals/alice")
declare -A label=([static]="nginx, static" [proxy]="nginx proxy" [vertx]="bare Vert.x (JVM floor)" [hit]="sidecar dashboard hit")
curl -sf -o /dev/null "${url[hit]}"
for name in "${names[@]}"; do wrk -t1 -c16 -d"${WARM:-20}s" "${url[$name]}" > /dev/null; done

{
    echo "p99 floor, $(date -u +%FT%TZ): $ROUNDS rounds of ${SECS} s per server and connection count, in turn"
    printf '%-26s %5s %6s %11s %9s %9s %9s\n' server c round req/s "p50 ms" "p90 ms" "p99 ms"
} | tee "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    for c in 1 16; do
        for name in "${names[@]}"; do
            # The hit's entry lives 30 s (the cache TTL): a miss now and then would measure Partnero's stub instead.
            curl -sf -o /dev/null "${url[hit]}"
            wrk -t1 -c"$c" -d"${SECS}s" --latency "${url[$name]}" > "$WORK/wrk.txt"
            awk -v name="${label[$name]}" -v c="$c" -v round="$round" '
                function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }
                /Requests\/sec/ { rps = $2 } / 50%/ { p50 = ms($2) } / 90%/ { p90 = ms($2) } / 99%/ { p99 = ms($2) }
                END { printf "%-26s %5d %6d %11.0f %9.3f %9.3f %9.3f\n", name, c, round, rps, p50, p90, p99 }' \
                "$WORK/wrk.txt" | tee -a "$OUT"
        done
    done
done
# Each server's p99 at one connection against the nginx proxy's, round by round.
awk 'NR > 2 && NF >= 7 && $(NF - 5) == 1 {
        name = $1; for (i = 2; i <= NF - 6; i++) name = name " " $i
        p99[name, $(NF - 4)] = $NF; if (!(name in seen)) { seen[name] = 1; order[++n] = name }
    }
    END {
        for (k = 1; k <= n; k++) {
            if (order[k] == "nginx proxy") continue
            line = ""
            for (r = 1; ("nginx proxy", r) in p99; r++) line = line sprintf(" %.2fx", p99[order[k], r] / p99["nginx proxy", r])
            print order[k] ": p99 at one connection" line " the nginx proxy'"'"'s (round by round)"
        }
    }' "$OUT" | tee -a "$OUT"
