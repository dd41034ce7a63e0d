#!/usr/bin/env bash
# What the heap keeps per request served (a slow leak shows here long before it fills a 64 MB heap): the jar with the
# shipped flags, live mode against the nginx stub, ROUNDS rounds of SECONDS s of the mixed load (purchases,
# purchases with Prefer: respond-async, sign-ups, dashboard misses; 4 connections each), and after each round the
# live heap (jcmd GC.class_histogram, which collects first) and the requests served so far. The first WARM rounds
# (default 2) fill the caches up to their bounds; the slope of the live heap over the later rounds (least squares),
# per 1,000 requests, is what stays for good.
# Usage: [ROUNDS=6] [WARM=2] [SECONDS=20] [STORE_ENV="REFERRAL_STORE_URL=... REFERRAL_STORE_USERNAME=..."] bench/heap-retention.sh
# Writes bench/results/heap-retention.txt, with the classes whose live count grew the most over the rounds.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/lib/jvm-flags.sh"
need wrk wrk
need nginx nginx
need jcmd openjdk-17-jdk-headless
build_jar
ROUNDS=${ROUNDS:-6}
WARM=${WARM:-2}
SECONDS_PER_ROUND=${SECONDS:-20}
OUT="$ROOT/bench/results"
mkdir -p "$OUT"

stub=$(free_port); proxy=$(free_port)
start_nginx_stub "$stub" "$proxy"
port=$(free_port); mgmt=$(free_port)
# shellcheck disable=SC2086 # STORE_ENV is a list of VAR=value words; SHIPPED_ENV is "env NAME=value"
start_sidecar retention "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
    REFERRAL_STORE_URL="jdbc:sqlite:$WORK/retention.db" MALLOC_ARENA_MAX=2 JAVA_TOOL_OPTIONS="$SHIPPED_JAVA_OPTS" \
    ${STORE_ENV:-}
pid=${PIDS[-1]}
url="http://127.0.0.1:$port"

# load: one round of the mix; prints the requests it served.
load() {
    local loads=() n=0 f
    BENCH_TAG=p wrk -t1 -c4 -d"${SECONDS_PER_ROUND}s" -s "$ROOT/bench/purchase-unique.lua" "$url/purchase-hook" > "$WORK/w1" &
    loads+=($!)
    BENCH_TAG=a BENCH_HEADER="Prefer: respond-async" wrk -t1 -c4 -d"${SECONDS_PER_ROUND}s" \
        -s "$ROOT/bench/purchase-unique.lua" "$url/purchase-hook" > "$WORK/w2" &
    loads+=($!)
    BENCH_TAG=s wrk -t1 -c4 -d"${SECONDS_PER_ROUND}s" -s "$ROOT/bench/purchase-unique.lua" "$url/signup-hook" > "$WORK/w3" &
    loads+=($!)
    wrk -t1 -c4 -d"${SECONDS_PER_ROUND}s" -s "$ROOT/bench/get.lua" "$url/referrals/alice?page=%d" > "$WORK/w4" &
    loads+=($!)
    wait "${loads[@]}"
    for f in "$WORK"/w[1-4]; do n=$((n + $(awk '/requests in/ {print $1}' "$f"))); done
    echo "$n"
}

served=0
: > "$OUT/heap-retention.txt"
printf '%-6s %10s %14s %12s\n' round requests "live heap B" objects | tee -a "$OUT/heap-retention.txt"
for round in $(seq 1 "$ROUNDS"); do
    served=$((served + $(load)))
    jcmd "$pid" GC.class_histogram > "$WORK/histo-$round.txt"
    read -r objects bytes < <(awk '$1 == "Total" {print $2, $3}' "$WORK/histo-$round.txt")
    printf '%-6s %10s %14s %12s\n' "$round" "$served" "$bytes" "$objects" | tee -a "$OUT/heap-retention.txt"
    echo "$served $bytes" >> "$WORK/series"
done
awk -v warm="$WARM" 'NR > warm {n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2; first = (n == 1 ? $1 : first); last = $1}
     END { if (n < 2) { print "too few rounds after the warm ones for a slope"; exit }
           slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
           printf "live heap from round %d on (%d requests): %+.1f bytes per 1,000 requests (least squares)\n",
               warm + 1, last - first, slope * 1000 }' "$WORK/series" | tee -a "$OUT/heap-retention.txt"
# The classes whose live instance count grew the most between round 2 and the last round.
echo "classes whose live count grew the most from round $((WARM + 1)) to round $ROUNDS:" | tee -a "$OUT/heap-retention.txt"
awk 'FNR == NR && $1 ~ /^[0-9]+:$/ {before[$4] = $2; next}
     $1 ~ /^[0-9]+:$/ {d = $2 - before[$4]; if (d > 0) printf "%10d %s\n", d, $4}' \
    "$WORK/histo-$((WARM + 1)).txt" "$WORK/histo-$ROUNDS.txt" | sort -rn | head -8 | tee -a "$OUT/heap-retention.txt"
stop_last
