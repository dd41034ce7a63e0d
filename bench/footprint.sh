#!/usr/bin/env bash
# Start time and memory of the sidecar, side by side in one run: live mode against an nginx stub, SQLite store.
#  1. ready time (exec until /q/health/ready answers 200) and idle RSS (2 s after ready) for the JDK 17 jar with its
#     AppCDS archive and without, the JDK 25 jar and JDK 25 with its AOT cache (bench/lib/aot-train.sh trains both
#     the archive and the cache on a start and a short workload), with the shipped JVM flags
#     (bench/lib/jvm-flags.sh) and, for JDK 17, with default flags; 3 fresh starts each (median), on every core and
#     on one (taskset -c 0). The store exists already (a restart; the very first start also creates the schema).
#  2. the hot paths under load at once (purchases, purchases with Prefer: respond-async, sign-ups, dashboard misses;
#     wrk, a new key per request), JDK 17, shipped flags (with the AppCDS archive, as the image runs) vs default
#     flags, after WARM_SECONDS of the same load: requests/s, CPU per request, RSS peak (sampled every 0.2 s) and
#     RSS after it.
# Usage: bench/footprint.sh   (RUNS=3, WARM_SECONDS=60, LOAD_SECONDS=30, CONNECTIONS=16; FOOTPRINT_DIR=dir keeps the builds there and
#        REUSE=1 measures them again without rebuilding; JDK17_HOME, JDK25_HOME). Needs wrk, nginx, curl, python3,
#        taskset. Everything listens on 127.0.0.1 and is stopped on exit.
source "$(dirname "$0")/common.sh"
source "$ROOT/bench/lib/jvm-flags.sh"
need wrk wrk
need nginx nginx
need taskset util-linux
jdk17=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
runs=${RUNS:-3}
load_seconds=${LOAD_SECONDS:-30}
connections=${CONNECTIONS:-16}
builds=${FOOTPRINT_DIR:-$WORK/builds}
mkdir -p "$builds"
cd "$ROOT"

if [[ ${REUSE:-} == 1 && -f $builds/trained/app.aot && -f $builds/jdk17/app.jsa ]]; then
    echo "== REUSE=1: measuring the builds in $builds"
else
    echo "== building the jar on JDK 17 and training its AppCDS archive (bench/lib/aot-train.sh with CDS=1)"
    JAVA_HOME=$jdk17 ./mvnw -B -q clean package -DskipTests
    rm -rf "$builds/jdk17" && cp -r target/quarkus-app "$builds/jdk17"
    QUARKUS_HTTP_PORT=$(free_port) QUARKUS_MANAGEMENT_PORT=$(free_port) JDK17_HOME=$jdk17 CDS=1 \
        START_JAVA_OPTS=$SHIPPED_JAVA_OPTS bench/lib/aot-train.sh "$builds/jdk17"
    echo "== building the -Paot jar on JDK 25 and training its cache (bench/lib/aot-train.sh, shipped flags)"
    JAVA_HOME=$jdk25 ./mvnw -B -q clean package -Paot -DskipTests
    rm -rf "$builds/trained" && cp -r target/quarkus-app "$builds/trained"
    # The jar the other scripts use is the JDK 17 one again.
    rm -rf target/quarkus-app && cp -r "$builds/jdk17" target/quarkus-app
    QUARKUS_HTTP_PORT=$(free_port) QUARKUS_MANAGEMENT_PORT=$(free_port) JDK25_HOME=$jdk25 \
        START_JAVA_OPTS=$SHIPPED_JAVA_OPTS bench/lib/aot-train.sh "$builds/trained"
fi

stub=$(free_port)
start_nginx_stub "$stub"
store=$WORK/store
mkdir -p "$store"
export SIDECAR_MODE=live PARTNERO_API_KEY=bench PARTNERO_URL=http://127.0.0.1:$stub
export REFERRAL_STORE_URL=jdbc:sqlite:$store/referrals.db QUARKUS_HTTP_HOST=127.0.0.1
export QUARKUS_HTTP_PORT=$(free_port) QUARKUS_MANAGEMENT_PORT=$(free_port)
ready_url=http://127.0.0.1:$QUARKUS_MANAGEMENT_PORT/q/health/ready

# shellcheck source=bench/lib/starts.sh
source "$ROOT/bench/lib/starts.sh"

names=("JDK 17 + AppCDS, shipped flags" "JDK 17 jar, shipped flags" "JDK 17 jar, default flags"
    "JDK 25 jar, shipped flags" "JDK 25 + AOT cache, shipped flags")
dirs=("$builds/jdk17" "$builds/jdk17" "$builds/jdk17" "$builds/jdk17" "$builds/trained")
cmds=("$SHIPPED_ENV $jdk17/bin/java -XX:SharedArchiveFile=app.jsa $SHIPPED_JAVA_OPTS"
    "$SHIPPED_ENV $jdk17/bin/java $SHIPPED_JAVA_OPTS" "$jdk17/bin/java" "$SHIPPED_ENV $jdk25/bin/java $SHIPPED_JAVA_OPTS"
    "$SHIPPED_ENV $jdk25/bin/java -XX:AOTCache=app.aot $SHIPPED_JAVA_OPTS")
results=$WORK/starts.tsv
: >"$results"
machine_banner "$jdk17" "$jdk25"
# The first start creates the store's schema; every timed one is a restart on it.
# shellcheck disable=SC2086
start_once "${dirs[0]}" ${cmds[0]}
for cpus in all one; do
    pin=()
    [[ $cpus == one ]] && pin=(taskset -c 0)
    for ((round = 0; round < runs; round++)); do
        for ((i = 0; i < ${#names[@]}; i++)); do
            # shellcheck disable=SC2086 # a command line with its flags, split on purpose
            start_once "${dirs[$i]}" "${pin[@]}" ${cmds[$i]}
            printf '%s\t%s\t%s\t%s\n' "${names[$i]}" "$cpus" "$ready_ms" "$idle_rss" >>"$results"
        done
    done
done

echo "== load average after the starts: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "${names[@]}" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print(f"{'variant (median of starts)':36} {'ready, 2 CPUs':>14} {'ready, 1 CPU':>13} {'idle RSS':>9} {'idle RSS 1 CPU':>15}")
for n in sys.argv[2:]:
    def med(cpus, col):
        return statistics.median(int(r[col]) for r in rows if r[0] == n and r[1] == cpus)
    print(f"{n:36} {med('all', 2):11.0f} ms {med('one', 2):10.0f} ms {med('all', 3):6.0f} MB {med('one', 3):12.0f} MB")
PY

# mix SECONDS OUT-PREFIX: the hot paths at once, 4 connections each (connections / 4): purchases, purchases with
# Prefer: respond-async, sign-ups (each a new key per request) and dashboard misses (a new page each request).
mix() {
    local secs=$1 out=$2 url=http://127.0.0.1:$QUARKUS_HTTP_PORT c=$((connections / 4)) loads=()
    BENCH_TAG=p$out wrk -t1 -c"$c" -d"${secs}s" -s "$ROOT/bench/purchase-unique.lua" "$url/purchase-hook" \
        >"$WORK/$out.purchase" &
    loads+=($!)
    BENCH_TAG=a$out BENCH_HEADER="Prefer: respond-async" wrk -t1 -c"$c" -d"${secs}s" \
        -s "$ROOT/bench/purchase-unique.lua" "$url/purchase-hook" >"$WORK/$out.async" &
    loads+=($!)
    BENCH_TAG=s$out wrk -t1 -c"$c" -d"${secs}s" -s "$ROOT/bench/purchase-unique.lua" "$url/signup-hook" \
        >"$WORK/$out.signup" &
    loads+=($!)
    wrk -t1 -c"$c" -d"${secs}s" -s "$ROOT/bench/get.lua" "$url/referrals/alice?page=%d" >"$WORK/$out.dashboard" &
    loads+=($!)
    # The peak is sampled while the load runs.
    while kill -0 "${loads[0]}" 2>/dev/null; do
        rss=$(rss_mb "$app")
        ((rss > peak)) && peak=$rss
        sleep 0.2
    done
    wait "${loads[@]}"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# load LABEL JAVA FLAGS...: WARM_SECONDS (default 60) of the mix unmeasured, so that the JIT has compiled the paths
# (and a code cache too small for them shows, as it did: docs/deploy.md, "Memory"), then LOAD_SECONDS measured:
# requests/s of the four paths together and of purchases alone, the sidecar's CPU per request, RSS peak over both
# phases, RSS 3 s after the load.
load() {
    local label=$1
    shift
    launch "$builds/jdk17" "$@"
    await_ready
    peak=0
    mix "$warm_seconds" warm
    local cpu0 cpu1 requests purchases after non2xx
    cpu0=$(cpu_ticks "$app")
    mix "$load_seconds" load
    cpu1=$(cpu_ticks "$app")
    sleep 3
    after=$(rss_mb "$app")
    requests=$(cat "$WORK"/load.* | awk '/requests in/ {n += $1} END {print n}')
    purchases=$(awk '/requests in/ {print $1}' "$WORK/load.purchase")
    non2xx=$(cat "$WORK"/load.* | awk '/Non-2xx/ {n += $5} END {print n + 0}')
    awk -v l="$label" -v n="$requests" -v p="$purchases" -v s="$load_seconds" -v t=$((cpu1 - cpu0)) \
        -v hz="$(getconf CLK_TCK)" -v peak="$peak MB" -v after="$after MB" -v bad="$non2xx" \
        'BEGIN { printf "%-30s %10.0f %12.0f %12.3f %10s %10s %8s\n", l, n / s, p / s, t * 1000 / hz / n, peak, after, bad }'
    stop_app
}
warm_seconds=${WARM_SECONDS:-60}
echo
echo "== hot paths at once, $connections connections (purchase, purchase respond-async, sign-up, dashboard miss:"
echo "   $((connections / 4)) each), ${warm_seconds}s unmeasured then ${load_seconds}s measured, JDK 17"
printf '%-30s %10s %12s %12s %10s %10s %8s\n' "flags" "req/s" "purchases/s" "CPU ms/req" "RSS peak" "RSS after" \
    "non-2xx"
# shellcheck disable=SC2086
load "shipped flags + AppCDS" $SHIPPED_ENV "$jdk17/bin/java" -XX:SharedArchiveFile=app.jsa $SHIPPED_JAVA_OPTS
load "default flags" "$jdk17/bin/java"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); shipped flags: $SHIPPED_JAVA_OPTS"
