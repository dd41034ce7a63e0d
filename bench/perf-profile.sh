#!/usr/bin/env bash
# Where a hook's CPU goes, frame by frame, with Linux perf: JFR samples only threads running Java code, and a hook's
# event loop spends most of its time around it (syscalls, the JVM's runtime, handing work to other threads): at one
# connection a 15 s JFR recording held 66 `jdk.ExecutionSample`s, where perf took 4,438 on the event loop alone in 10 s.
# Starts the jar (live mode against the nginx stub) with -XX:+PreserveFramePointer, loads one hook with wrk for WARMUP
# seconds unmeasured, then records DURATION seconds with `perf record -g` while wrk goes on, and names the compiled
# Java frames from the JIT's own map (`jcmd PID Compiler.perfmap`, JDK 17). Prints, per thread, its samples as CPU ms
# per request, and for the busiest threads the frames that took the most samples: "self" (the frame running) and
# "in" (the frame anywhere on the stack, its callees included: what would go if the frame went).
# Usage: [HOOK=/purchase-hook] [C=1] [WARMUP=60] [WARM_C=16] [DURATION=10] [FREQ=999] [STORE=sqlite|postgresql]
#        [HEADER="Prefer: respond-async"] [TOP=25] bench/perf-profile.sh
# The warm-up runs at WARM_C connections (16: the JIT compiles the path in seconds, as bench/hot-path.sh's prewarm),
# then 10 s at C when C differs, so that a one-connection profile measures compiled code, not the compiler.
# Needs perf (Debian: linux-perf), wrk, nginx; PostgreSQL as bench/common.sh (SIDECAR_TEST_PG_URL). Writes
# bench/results/perf-profile.txt and keeps perf.data and the JIT map in bench/results/perf/ for `perf report`.
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
need perf linux-perf
need jcmd openjdk-17-jdk-headless
build_jar
HOOK=${HOOK:-/purchase-hook}
C=${C:-1}
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-10}
FREQ=${FREQ:-999}
STORE=${STORE:-sqlite}
TOP=${TOP:-25}
OUT="$ROOT/bench/results"
KEEP="$OUT/perf"
mkdir -p "$KEEP"

stub=$(free_port)
start_nginx_stub "$stub"
store_env=(REFERRAL_STORE_URL="jdbc:sqlite:$WORK/profile.db")
if [[ $STORE == postgresql ]]; then
    pg_empty_store
    store_env=(REFERRAL_STORE_URL="$PG_URL" REFERRAL_STORE_USERNAME="$PG_USER" REFERRAL_STORE_PASSWORD="$PG_PASSWORD")
fi
port=$(free_port) mgmt=$(free_port)
start_sidecar profile "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
    "${store_env[@]}" JAVA_TOOL_OPTIONS="-XX:+PreserveFramePointer"
pid=${PIDS[-1]}

url="http://127.0.0.1:$port$HOOK"
export BENCH_HEADER=${HEADER:-}
WARM_C=${WARM_C:-16}
wrk -t1 -c"$WARM_C" -d"${WARMUP}s" -s "$ROOT/bench/purchase-unique.lua" "$url" > /dev/null
if [[ $WARM_C != "$C" ]]; then
    wrk -t1 -c"$C" -d10s -s "$ROOT/bench/purchase-unique.lua" "$url" > /dev/null
fi
wrk -t1 -c"$C" -d"$((DURATION + 4))s" --latency -s "$ROOT/bench/purchase-unique.lua" "$url" > "$WORK/wrk.txt" &
wrk_pid=$!
sleep 2
before=$(answered "$mgmt" "$HOOK")
perf record -q -F "$FREQ" -g -p "$pid" -o "$KEEP/perf.data" -- sleep "$DURATION" 2> "$WORK/perf.err" ||
    { cat "$WORK/perf.err" >&2; exit 1; }
after=$(answered "$mgmt" "$HOOK")
# The map names what the JIT compiled up to now; perf reads /tmp/perf-PID.map when it resolves the samples.
jcmd "$pid" Compiler.perfmap > /dev/null
wait "$wrk_pid"
cp "/tmp/perf-$pid.map" "$KEEP/"
requests=$(awk -v a="$before" -v b="$after" 'BEGIN { split(a, x, " "); split(b, y, " "); print y[2] - x[2] }')

{
    echo "perf profile of $HOOK (${STORE}), $C connection(s), ${DURATION} s after ${WARMUP} s of warm-up at $WARM_C" \
        "connection(s), $(date -u +%FT%TZ)"
    [[ -n $BENCH_HEADER ]] && echo "header: $BENCH_HEADER"
    grep -E "Requests/sec|50%|99%" "$WORK/wrk.txt"
    echo "requests answered while perf recorded: $requests; $FREQ samples per second of CPU"
    echo
    echo "CPU by thread (samples as ms of CPU per request):"
} | tee "$OUT/perf-profile.txt"
perf script -i "$KEEP/perf.data" -F comm,ip,sym 2> /dev/null > "$WORK/stacks.txt"
# One paragraph per sample: the thread's name, then its stack, innermost frame first.
awk -v n="$requests" -v hz="$FREQ" 'BEGIN { RS = ""; FS = "\n" }
    { sub(/^[ \t]+/, "", $1); sub(/[ \t]+$/, "", $1); c[$1]++; all++ }
    END { for (t in c) printf "  %7d samples  %.3f ms/request  %s\n", c[t], c[t] * 1000 / hz / n, t
          printf "  %7d samples  %.3f ms/request  %s\n", all, all * 1000 / hz / n, "all threads" }' "$WORK/stacks.txt" |
    sort -n -r | tee -a "$OUT/perf-profile.txt"

# The three busiest threads (JIT compiler threads aside: their frames are the compiler's), frame by frame.
threads=$(awk 'BEGIN { RS = ""; FS = "\n" } { sub(/^[ \t]+/, "", $1); sub(/[ \t]+$/, "", $1); c[$1]++ }
    END { for (t in c) print c[t] "\t" t }' "$WORK/stacks.txt" | sort -n -r | cut -f2 | grep -v Compiler | head -3)
while IFS= read -r thread; do
    {
        echo
        echo "$thread: self (the frame running), then in (anywhere on the stack), share of its samples"
    } | tee -a "$OUT/perf-profile.txt"
    awk -v want="$thread" -v top="$TOP" 'BEGIN { RS = ""; FS = "\n" }
        function name(line) { sub(/^[ \t]*[0-9a-f]+ /, "", line); sub(/\(.*$/, "", line); return line }
        { t = $1; sub(/^[ \t]+/, "", t); sub(/[ \t]+$/, "", t); if (t != want) next
          n++; self[name($2)]++; delete seen
          for (i = 2; i <= NF; i++) { f = name($i); if (!(f in seen)) { seen[f] = 1; in_[f]++ } } }
        END {
            for (f in self) printf "self %6.1f%%  %s\n", 100 * self[f] / n, f | "sort -k2 -n -r | head -" top
            close("sort -k2 -n -r | head -" top)
            # Frames on nearly every stack (the thread'"'"'s own loop) say nothing: shown from 60 % down.
            for (f in in_) if (in_[f] < 0.6 * n) printf "in   %6.1f%%  %s\n", 100 * in_[f] / n, f | "sort -k2 -n -r | head -" top
        }' "$WORK/stacks.txt" | cut -c1-200 | tee -a "$OUT/perf-profile.txt"
done <<< "$threads"
echo "perf.data and the JIT map: $KEEP (perf report -i $KEEP/perf.data needs the map at /tmp/perf-$pid.map)" |
    tee -a "$OUT/perf-profile.txt"
