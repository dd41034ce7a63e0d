# build_stack_floor DIR: generates the stack floor's project in DIR (bench/lib/floor-project.sh, with the sources of
# bench/lib/stack-floor/) and packages it; sets STACK_APP to its quarkus-app directory. Its only endpoint is
# POST /purchase-hook, forwarded to PARTNERO_URL (POST /transactions), so bench/thread-cpu.sh and bench/perf-profile.sh
# run it as SIDECAR_APP for /purchase-hook, and so does bench/ab.sh (STORE=postgresql too). It stores where the sidecar
# would (REFERRAL_STORE_URL, _USERNAME, _PASSWORD: SQLite or PostgreSQL) in a table stack_floor it creates anew at
# start; FLOOR_MARK=true also marks each row delivered after the stub's answer, as the sidecar does, and
# FLOOR_OUTBOX=true (PostgreSQL) gives that table the outbox's columns and indexes and takes the lane's lock with each
# insert (FloorWriter.java). MAVEN_ARGS=-o builds offline. Sourced after bench/common.sh.
build_stack_floor() {
    local dir=$1
    # shellcheck source=bench/lib/floor-project.sh
    source "$ROOT/bench/lib/floor-project.sh"
    floor_project "$dir" stack-floor
    cp "$ROOT"/bench/lib/stack-floor/*.java "$dir/src/main/java/floor/"
    # The writer opens its own connection to REFERRAL_STORE_URL; the extensions' SQLite datasource (a PostgreSQL URL
    # would not start it) gets a file of its own.
    cat >> "$dir/src/main/resources/application.properties" <<'PROPS'
quarkus.rest-client.stub.url=${PARTNERO_URL:http://127.0.0.1:9}
quarkus.datasource.sqlite.jdbc.url=jdbc:sqlite:${java.io.tmpdir}/stack-floor-datasource.db
PROPS
    echo "building the stack floor (bench/lib/stack-floor/) in $dir"
    # shellcheck disable=SC2086 # MAVEN_ARGS is a list of flags
    (cd "$dir" && ./mvnw -B -q ${MAVEN_ARGS:-} package -DskipTests)
    STACK_APP=$dir/target/quarkus-app
}
