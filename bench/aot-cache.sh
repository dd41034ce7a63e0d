#!/usr/bin/env bash
# One command for the fast JVM start: builds the -Paot package on JDK 25 and trains its AOT cache on one full start
# and a short workload (sign-ups, purchases, refunds, dashboard reads; bench/lib/aot-train.sh) with the shipped JVM
# flags (bench/lib/jvm-flags.sh). Leaves target/quarkus-app with quarkus-run.jar and app.aot, and prints how to run it.
# Usage: bench/aot-cache.sh   (JDK25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64; QUARKUS_HTTP_PORT and
#        QUARKUS_MANAGEMENT_PORT for the training run when 8080 / 9000 are taken)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/jvm-flags.sh
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA_HOME=$jdk25 ./mvnw -B -q clean package -Paot -DskipTests
JDK25_HOME=$jdk25 START_JAVA_OPTS=$SHIPPED_JAVA_OPTS bench/lib/aot-train.sh target/quarkus-app
echo "run it: cd target/quarkus-app && $jdk25/bin/java -XX:AOTCache=app.aot $SHIPPED_JAVA_OPTS -jar quarkus-run.jar"
