#!/usr/bin/env bash
# Time to ready of the packaged sidecar: the plain fast-jar on JDK 17 (what the JVM image runs) and on JDK 25, and the
# -Paot build (aot-jar layout: every library on the JVM's class path, so the cache can hold them) on JDK 25 without
# a cache, with the cache -Paot recorded, and with a cache recorded over one full start (bench/lib/aot-train.sh).
# Builds both packages into a scratch directory, then times bench/lib/until-ready.sh (SIGKILL once ready, so shutdown
# is not counted) in WARMUP + RUNS interleaved rounds, and prints each variant's wall time (median, min, max) and
# the CPU time its JVM used until ready.
# Usage: bench/lib/start-time.sh   (RUNS=15 WARMUP=2 by default; SIDECAR_MODE defaults to sandbox-only: no store)
# Extra JVM flags for every variant go in START_JAVA_OPTS; the app's own variables pass through. START_TIME_DIR=dir
# keeps the packages there, and REUSE=1 times them again without rebuilding.
set -euo pipefail

cd "$(dirname "$0")/../.."
jdk17=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
runs=${RUNS:-15}
warmup=${WARMUP:-2}
work=${START_TIME_DIR:-$(mktemp -d /tmp/sidecar-start.XXXXXX)}
export SIDECAR_MODE=${SIDECAR_MODE:-sandbox-only}
# Ports of their own, so a sidecar already running on 8080/9000 can neither clash nor answer for the one timed.
export QUARKUS_HTTP_PORT=${QUARKUS_HTTP_PORT:-18080}
export QUARKUS_MANAGEMENT_PORT=${QUARKUS_MANAGEMENT_PORT:-19000}
opts=${START_JAVA_OPTS:-}

if [[ ${REUSE:-} == 1 && -f $work/trained/app.aot ]]; then
    echo "== REUSE=1: timing the packages already in $work"
else
    echo "== building the plain package on JDK 17"
    JAVA_HOME=$jdk17 ./mvnw -B -q clean package -DskipTests
    rm -rf "$work/jdk17" && cp -r target/quarkus-app "$work/jdk17"
    echo "== building the -Paot package on JDK 25"
    # The recording run gets START_JAVA_OPTS too (a comma-separated list for Quarkus).
    JAVA_HOME=$jdk25 ./mvnw -B -q clean package -Paot -DskipTests \
        ${opts:+"-Dquarkus.package.jar.aot.additional-recording-args=${opts// /,}"}
    rm -rf "$work/aot" && cp -r target/quarkus-app "$work/aot"
    test -f "$work/aot/app.aot"
    echo "== training a second cache on one full start (bench/lib/aot-train.sh)"
    rm -rf "$work/trained" && cp -r "$work/aot" "$work/trained"
    JDK25_HOME=$jdk25 START_JAVA_OPTS=$opts bench/lib/aot-train.sh "$work/trained"
fi

echo "== $("$jdk17/bin/java" -version 2>&1 | head -1); $("$jdk25/bin/java" -version 2>&1 | head -1)"
echo "== SIDECAR_MODE=$SIDECAR_MODE, ports $QUARKUS_HTTP_PORT/$QUARKUS_MANAGEMENT_PORT, $(nproc) CPUs," \
    "runs=$runs, warm-up=$warmup, scratch=$work"
ready=bench/lib/until-ready.sh
names=("jdk17 fast-jar" "jdk25 fast-jar" "jdk25 aot-jar, no cache" "jdk25 aot-jar + cache (-Paot)"
    "jdk25 aot-jar + cache (full start)")
dirs=("$work/jdk17" "$work/jdk17" "$work/aot" "$work/aot" "$work/trained")
cmds=("$jdk17/bin/java $opts -jar quarkus-run.jar" "$jdk25/bin/java $opts -jar quarkus-run.jar"
    "$jdk25/bin/java $opts -jar quarkus-run.jar" "$jdk25/bin/java -XX:AOTCache=app.aot $opts -jar quarkus-run.jar"
    "$jdk25/bin/java -XX:AOTCache=app.aot $opts -jar quarkus-run.jar")
# Rounds interleave the variants (one run of each per round, order rotated): on a shared machine a neighbour's
# build then slows all of them alike, not whichever one would have been running back to back at the time.
results=$work/start-time.tsv
: >"$results"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = -warmup; round < runs; round++)); do
    for ((k = 0; k < ${#names[@]}; k++)); do
        i=$(((k + round + warmup) % ${#names[@]}))
        t0=$(date +%s%N)
        # shellcheck disable=SC2086 # a command line with its flags, split on purpose
        CPU_MS_FILE=$work/cpu-ms "$ready" "${dirs[$i]}" ${cmds[$i]}
        t1=$(date +%s%N)
        if ((round >= 0)); then
            printf '%s\t%d\t%d\n' "${names[$i]}" $(((t1 - t0) / 1000000)) "$(cat "$work/cpu-ms")" >>"$results"
        fi
    done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "${names[@]}" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
names = sys.argv[2:]
wall = {n: [int(r[1]) for r in rows if r[0] == n] for n in names}
cpu = {n: [int(r[2]) for r in rows if r[0] == n] for n in names}
base = statistics.median(wall[names[0]])
print(f"{'time to ready (ms)':36} {'median':>7} {'min':>6} {'max':>6} {'CPU median':>11} {'speed-up':>9}")
for n in names:
    med = statistics.median(wall[n])
    print(f"{n:36} {med:7.0f} {min(wall[n]):6d} {max(wall[n]):6d} {statistics.median(cpu[n]):11.0f} "
          f"{base / med:8.2f}x")
print(f"runs per variant: {len(wall[names[0]])}; speed-up = median wall time of '{names[0]}' / this one")
PY
