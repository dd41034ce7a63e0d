#!/usr/bin/env bash
# Time to ready of the packaged sidecar: plain fast-jar on JDK 17 (what the JVM image runs), the -Paot build on JDK 25
# without a cache, with the cache -Paot made, and with a cache trained on a full start (bench/lib/aot-train.sh).
# Builds both packages into a scratch directory, then times bench/lib/until-ready.sh with hyperfine (warm-ups, then
# RUNS runs each; SIGKILL once ready, so shutdown is not counted) and prints each variant's median.
# Usage: bench/lib/start-time.sh   (RUNS=15 WARMUP=2 by default; SIDECAR_MODE defaults to sandbox-only: no store)
# Extra JVM flags for every variant go in START_JAVA_OPTS; the app's own variables pass through.
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

echo "== building the plain package on JDK 17"
JAVA_HOME=$jdk17 ./mvnw -B -q clean package -DskipTests
rm -rf "$work/jdk17" && cp -r target/quarkus-app "$work/jdk17"
echo "== building the -Paot package on JDK 25"
JAVA_HOME=$jdk25 ./mvnw -B -q clean package -Paot -DskipTests
rm -rf "$work/aot" && cp -r target/quarkus-app "$work/aot"
test -f "$work/aot/app.aot"
echo "== training a second cache on one full start (bench/lib/aot-train.sh)"
rm -rf "$work/trained" && cp -r "$work/aot" "$work/trained"
JDK25_HOME=$jdk25 START_JAVA_OPTS=$opts bench/lib/aot-train.sh "$work/trained"

echo "== $("$jdk17/bin/java" -version 2>&1 | head -1); $("$jdk25/bin/java" -version 2>&1 | head -1)"
echo "== SIDECAR_MODE=$SIDECAR_MODE, ports $QUARKUS_HTTP_PORT/$QUARKUS_MANAGEMENT_PORT, $(nproc) CPUs, runs=$runs, warm-up=$warmup, scratch=$work"
ready=bench/lib/until-ready.sh
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$work/start-time.json" \
    -n "jdk17 fast-jar" "$ready $work/jdk17 $jdk17/bin/java $opts -jar quarkus-run.jar" \
    -n "jdk25 fast-jar, no cache" "$ready $work/aot $jdk25/bin/java $opts -jar quarkus-run.jar" \
    -n "jdk25 + AOT cache (-Paot)" "$ready $work/aot $jdk25/bin/java -XX:AOTCache=app.aot $opts -jar quarkus-run.jar" \
    -n "jdk25 + AOT cache (full start)" "$ready $work/trained $jdk25/bin/java -XX:AOTCache=app.aot $opts -jar quarkus-run.jar"
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %6.0f ms  min %6.0f ms  %s" % (r["median"] * 1000, r["min"] * 1000, r["command"]))' "$work/start-time.json"
