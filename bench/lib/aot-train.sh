#!/usr/bin/env bash
# Replaces DIR/app.aot with a JDK 25 AOT cache trained on one full start and a short workload (or, with CDS=1,
# DIR/app.jsa with a JDK 17 dynamic AppCDS archive trained the same way): the sidecar is started with
# -XX:AOTCacheOutput (-XX:ArchiveClassesAtExit), readiness is awaited, then sign-ups, purchases, refunds, dashboard reads, health
# and metrics requests are made, and SIGTERM ends it (the JVM writes the cache as it exits). The -Paot recording
# stops before the HTTP servers open; this run also covers them and the hot paths, which is what makes the measured
# difference in docs/deploy.md.
# Usage: bench/lib/aot-train.sh DIR   (DIR: target/quarkus-app of a -Paot build, whose aot-jar layout puts the
#        libraries on the JVM's class path where the cache can hold them; the plain fast-jar loads them with its own
#        class loader. Run it later from DIR with the same JDK: java -XX:AOTCache=app.aot -jar quarkus-run.jar).
#        The workload needs no network: by default the sidecar trains in sandbox mode against its own emulator
#        (SIDECAR_MODE=auto without PARTNERO_API_KEY, a throw-away SQLite store in DIR); the hook, store, REST
#        client and dashboard classes it loads are the ones live mode uses. The app's own variables pass through (set SIDECAR_MODE, PARTNERO_* to
#        train against a stub instead); JVM flags in START_JAVA_OPTS (train with the flags you run with);
#        QUARKUS_HTTP_PORT / QUARKUS_MANAGEMENT_PORT when 8080 / 9000 are taken; JDK25_HOME or JAVA (a java binary).
set -euo pipefail

dir=$1
if [[ ${CDS:-} == 1 ]]; then
    java=${JAVA:-${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java}
    output=app.jsa
    record=-XX:ArchiveClassesAtExit=app.jsa
else
    java=${JAVA:-${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java}
    output=app.aot
    record=-XX:AOTCacheOutput=app.aot
fi
api=http://127.0.0.1:${QUARKUS_HTTP_PORT:-8080}
management=http://127.0.0.1:${QUARKUS_MANAGEMENT_PORT:-9000}
cd "$dir"
rm -f "$output" aot-train.db*
if [[ -z ${SIDECAR_MODE:-} ]]; then
    # Sandbox mode: auto without a key.
    export SIDECAR_MODE=auto
    unset PARTNERO_API_KEY PARTNERO_URL
fi
export REFERRAL_STORE_URL=${REFERRAL_STORE_URL:-jdbc:sqlite:aot-train.db}
# shellcheck disable=SC2086 # START_JAVA_OPTS is a list of flags
"$java" "$record" ${START_JAVA_OPTS:-} -jar quarkus-run.jar >aot-train.log 2>&1 &
pid=$!
deadline=$((SECONDS + ${READY_TIMEOUT:-180}))
until curl -sf -o /dev/null --max-time 1 "$management/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "aot-train: the app exited, see $dir/aot-train.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { kill -9 "$pid"; echo "aot-train: not ready after ${READY_TIMEOUT:-180}s" >&2; exit 1; }
    sleep 0.1
done
post() {
    curl -s -o /dev/null --max-time 5 -H 'Content-Type: application/json' ${SIDECAR_TOKEN:+-H "Authorization: Bearer $SIDECAR_TOKEN"} \
        -d "$2" "$api$1" || true
}
get() {
    curl -s -o /dev/null --max-time 5 ${SIDECAR_TOKEN:+-H "Authorization: Bearer $SIDECAR_TOKEN"} "$1" || true
}
for i in $(seq 1 20); do
    post /signup-hook "{\"key\":\"aot_ref_$i\",\"email\":\"ref$i@example.com\",\"name\":\"Ref\"}"
    post /signup-hook "{\"key\":\"aot_buyer_$i\",\"email\":\"buyer$i@example.com\",\"referral_key\":\"aot_ref_$i\"}"
    post /purchase-hook "{\"customer_key\":\"aot_buyer_$i\",\"key\":\"aot_tx_$i\",\"amount\":19.99}"
    post /refund-hook "{\"key\":\"aot_tx_$i\"}"
    get "$api/referrals/aot_ref_$i"
    get "$api/referrals/aot_ref_$i?limit=5&page=1"
    get "$management/q/health/ready"
    get "$management/q/health/live"
done
get "$management/q/metrics"
kill -TERM "$pid"
wait "$pid" || true
rm -f aot-train.db*
test -s "$output" || { echo "aot-train: no $output written, see $dir/aot-train.log" >&2; exit 1; }
echo "aot-train: $dir/$output ($(du -h "$output" | cut -f1))"
