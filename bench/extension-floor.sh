#!/usr/bin/env bash
# The extension floor: what the sidecar's extensions cost before any of its own code runs. Builds, from this
# project's pom.xml, an application with every one of its dependencies (so every extension) and nothing of its code:
# one REST resource and the same run-time settings for the datasources, Flyway, threads and management port (SQLite
# active, PostgreSQL and both Flyway instances inactive, as the sidecar runs on SQLite). Both it and the sidecar are
# packaged on JDK 17 (aot-jar layout) and trained by the same script (bench/lib/aot-train.sh: an AppCDS archive on
# JDK 17, an AOT cache on JDK 25, the shipped flags). Then, in RUNS interleaved rounds (default 3), one fresh start of
# each of the floor and the sidecar on JDK 17 with its archive, JDK 25 with its cache and JDK 17 without either, live
# mode against an nginx stub, shipped flags: time from exec to the first 200 from /q/health/ready and RSS 2 s after.
# It prints the medians and what the sidecar's own code adds to the floor.
# Usage: bench/extension-floor.sh   (RUNS=3; MAVEN_ARGS=-o builds offline; JDK17_HOME, JDK25_HOME). Needs nginx,
#        curl, python3. About 6 minutes on a quiet 2-core machine.
source "$(dirname "$0")/common.sh"
source "$ROOT/bench/lib/jvm-flags.sh"
need nginx nginx
need python3 python3
jdk17=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
runs=${RUNS:-3}
floor=$WORK/floor-project

echo "== generating the floor application from pom.xml (every dependency, none of the code)"
source "$ROOT/bench/lib/floor-project.sh"
floor_project "$floor" extension-floor
cat >"$floor/src/main/java/floor/Hello.java" <<'JAVA'
package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("/hello")
public class Hello {

    public record Greeting(String text) {
    }

    @GET
    public Greeting hello() {
        return new Greeting("hello");
    }
}
JAVA
echo "== building the floor and the sidecar on JDK 17, training both (AppCDS archive on JDK 17, AOT cache on JDK 25)"
# shellcheck disable=SC2086 # MAVEN_ARGS is a list of flags
(cd "$floor" && JAVA_HOME=$jdk17 ./mvnw -B -q ${MAVEN_ARGS:-} package -DskipTests)
rm -rf "$ROOT/target/quarkus-app"
# shellcheck disable=SC2086
(cd "$ROOT" && JAVA_HOME=$jdk17 ./mvnw -B -q ${MAVEN_ARGS:-} package -DskipTests)
cp -r "$floor/target/quarkus-app" "$WORK/floor"
cp -r "$ROOT/target/quarkus-app" "$WORK/sidecar"
for app_dir in "$WORK/floor" "$WORK/sidecar"; do
    QUARKUS_HTTP_PORT=$(free_port) QUARKUS_MANAGEMENT_PORT=$(free_port) JDK17_HOME=$jdk17 CDS=1 \
        START_JAVA_OPTS=$SHIPPED_JAVA_OPTS "$ROOT/bench/lib/aot-train.sh" "$app_dir"
    QUARKUS_HTTP_PORT=$(free_port) QUARKUS_MANAGEMENT_PORT=$(free_port) JDK25_HOME=$jdk25 \
        START_JAVA_OPTS=$SHIPPED_JAVA_OPTS "$ROOT/bench/lib/aot-train.sh" "$app_dir"
done

stub=$(free_port)
start_nginx_stub "$stub"
mkdir -p "$WORK/store"
export SIDECAR_MODE=live PARTNERO_API_KEY=bench PARTNERO_URL=http://127.0.0.1:$stub
export REFERRAL_STORE_URL=jdbc:sqlite:$WORK/store/referrals.db QUARKUS_HTTP_HOST=127.0.0.1
export QUARKUS_HTTP_PORT=$(free_port) QUARKUS_MANAGEMENT_PORT=$(free_port)
ready_url=http://127.0.0.1:$QUARKUS_MANAGEMENT_PORT/q/health/ready
# shellcheck source=bench/lib/starts.sh
source "$ROOT/bench/lib/starts.sh"

variants=("JDK 17 + AppCDS archive" "JDK 25 + AOT cache" "JDK 17, neither")
flags=("$SHIPPED_ENV $jdk17/bin/java -XX:SharedArchiveFile=app.jsa $SHIPPED_JAVA_OPTS"
    "$SHIPPED_ENV $jdk25/bin/java -XX:AOTCache=app.aot $SHIPPED_JAVA_OPTS"
    "$SHIPPED_ENV $jdk17/bin/java $SHIPPED_JAVA_OPTS")
results=$WORK/floor.tsv
: >"$results"
machine_banner "$jdk17" "$jdk25"
# The sidecar's first start creates its store's schema; every timed start is a restart on it.
# shellcheck disable=SC2086
start_once "$WORK/sidecar" ${flags[0]}
for ((round = 0; round < runs; round++)); do
    for ((i = 0; i < ${#variants[@]}; i++)); do
        for app_name in floor sidecar; do
            # shellcheck disable=SC2086 # a command line with its flags, split on purpose
            start_once "$WORK/$app_name" ${flags[$i]}
            printf '%s\t%s\t%s\t%s\n' "${variants[$i]}" "$app_name" "$ready_ms" "$idle_rss" >>"$results"
        done
    done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "${variants[@]}" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def med(variant, app, col):
    return statistics.median(int(r[col]) for r in rows if r[0] == variant and r[1] == app)
print(f"{'median of the starts':26} {'floor: ready':>13} {'sidecar: ready':>15} {'added':>8} "
      f"{'floor: idle':>12} {'sidecar: idle':>14} {'added':>8}")
for v in sys.argv[2:]:
    fr, sr, fm, sm = med(v, "floor", 2), med(v, "sidecar", 2), med(v, "floor", 3), med(v, "sidecar", 3)
    print(f"{v:26} {fr:10.0f} ms {sr:12.0f} ms {sr - fr:5.0f} ms {fm:9.0f} MB {sm:11.0f} MB {sm - fm:5.0f} MB")
PY
