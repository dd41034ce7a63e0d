# floor_project DIR ARTIFACT: a Quarkus project in DIR built from this project's pom.xml (every dependency, so every
# extension, none of the sidecar's code; artifactId ARTIFACT, no profiles), with the sidecar's run-time settings that
# decide what its extensions start and how a request is served (src/main/resources/application.properties): one event
# loop, SQLite active with PostgreSQL and both Flyway instances inactive, the management port, Jackson's naming,
# fault tolerance's own meters off. The caller adds its classes under DIR/src/main/java and may append settings.
# Sourced by bench/extension-floor.sh and bench/durable-floor.sh (STACK=1); needs python3. Sets nothing else.
floor_project() {
    local dir=$1 artifact=$2
    mkdir -p "$dir/src/main/java/floor" "$dir/src/main/resources"
    cp -r "$ROOT/.mvn" "$ROOT/mvnw" "$dir/"
    python3 - "$ROOT/pom.xml" "$dir/pom.xml" "$artifact" <<'PY'
import re, sys
pom = open(sys.argv[1]).read()
pom = pom.replace("<artifactId>referral-sidecar</artifactId>", f"<artifactId>{sys.argv[3]}</artifactId>", 1)
pom = re.sub(r"<profiles>.*?</profiles>", "", pom, flags=re.S)
open(sys.argv[2], "w").write(pom)
PY
    cat >"$dir/src/main/resources/application.properties" <<'PROPS'
quarkus.datasource.sqlite.db-kind=sqlite
quarkus.datasource.sqlite.jdbc.url=${REFERRAL_STORE_URL:jdbc:sqlite:floor.db}
quarkus.datasource.sqlite.jdbc.min-size=0
quarkus.datasource.sqlite.jdbc.max-size=8
quarkus.datasource.sqlite.jdbc.transactions=disabled
quarkus.datasource.postgresql.db-kind=postgresql
quarkus.datasource.postgresql.active=false
quarkus.datasource.postgresql.jdbc.transactions=disabled
quarkus.flyway.sqlite.active=false
quarkus.flyway.postgresql.active=false
quarkus.flyway.sqlite.migrate-at-start=false
quarkus.flyway.postgresql.migrate-at-start=false
quarkus.package.jar.type=aot-jar
quarkus.vertx.event-loops-pool-size=1
quarkus.thread-pool.max-threads=64
quarkus.management.enabled=true
quarkus.management.port=9000
quarkus.smallrye-health.root-path=health
quarkus.micrometer.export.prometheus.path=metrics
quarkus.jackson.property-naming-strategy=SNAKE_CASE
quarkus.jackson.fail-on-unknown-properties=false
quarkus.fault-tolerance.metrics.enabled=false
quarkus.log.console.json.enabled=false
quarkus.devservices.enabled=false
PROPS
}
