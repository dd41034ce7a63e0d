#!/usr/bin/env bash
# Replaces DIR/app.aot with a JDK 25 AOT cache trained on one full start: the sidecar is started with
# -XX:AOTCacheOutput, readiness is awaited, a few requests are made, and SIGTERM ends it (the JVM writes the cache
# as it exits). The -Paot recording stops before the HTTP servers open; this run also covers them and the first
# health and metrics requests, which is what makes the measured difference in docs/deploy.md.
# Usage: bench/lib/aot-train.sh DIR   (DIR: target/quarkus-app of a -Paot build, whose aot-jar layout puts the
#        libraries on the JVM's class path where the cache can hold them; the plain fast-jar loads them with its own
#        class loader. Run it later from DIR with the same JDK: java -XX:AOTCache=app.aot -jar quarkus-run.jar).
#        The app's own variables (SIDECAR_MODE...) pass through; JVM flags in START_JAVA_OPTS; URLs to request in
#        TRAIN_URLS (space separated); QUARKUS_MANAGEMENT_PORT if the management port is not 9000.
set -euo pipefail

dir=$1
java=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
management=http://127.0.0.1:${QUARKUS_MANAGEMENT_PORT:-9000}
urls=${TRAIN_URLS:-$management/q/health/live $management/q/health/ready $management/q/metrics}
cd "$dir"
rm -f app.aot
# shellcheck disable=SC2086 # START_JAVA_OPTS is a list of flags
"$java" -XX:AOTCacheOutput=app.aot ${START_JAVA_OPTS:-} -jar quarkus-run.jar >aot-train.log 2>&1 &
pid=$!
deadline=$((SECONDS + 60))
until curl -sf -o /dev/null --max-time 1 "$management/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "aot-train: the app exited, see $dir/aot-train.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { kill -9 "$pid"; echo "aot-train: not ready after 60s" >&2; exit 1; }
    sleep 0.1
done
for _ in 1 2 3; do
    for url in $urls; do
        curl -s -o /dev/null --max-time 5 "$url" || true
    done
done
kill -TERM "$pid"
wait "$pid" || true
test -s app.aot || { echo "aot-train: no app.aot written, see $dir/aot-train.log" >&2; exit 1; }
echo "aot-train: $dir/app.aot ($(du -h app.aot | cut -f1))"
