# build_stack_floor DIR: generates the stack floor's project in DIR (bench/lib/floor-project.sh, with the sources of
# bench/lib/stack-floor/) and packages it; sets STACK_APP to its quarkus-app directory. Its only endpoint is
# POST /purchase-hook, forwarded to PARTNERO_URL (POST /transactions), so bench/thread-cpu.sh and bench/perf-profile.sh
# run it as SIDECAR_APP for /purchase-hook. It stores in the sidecar's SQLite settings (REFERRAL_STORE_URL) unless
# QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE=true (with QUARKUS_DATASOURCE_SQLITE_ACTIVE=false and the PostgreSQL
# datasource's URL, user and password). MAVEN_ARGS=-o builds offline. Sourced after bench/common.sh.
build_stack_floor() {
    local dir=$1
    # shellcheck source=bench/lib/floor-project.sh
    source "$ROOT/bench/lib/floor-project.sh"
    floor_project "$dir" stack-floor
    cp "$ROOT"/bench/lib/stack-floor/*.java "$dir/src/main/java/floor/"
    echo 'quarkus.rest-client.stub.url=${PARTNERO_URL:http://127.0.0.1:9}' >> "$dir/src/main/resources/application.properties"
    echo "building the stack floor (bench/lib/stack-floor/) in $dir"
    # shellcheck disable=SC2086 # MAVEN_ARGS is a list of flags
    (cd "$dir" && ./mvnw -B -q ${MAVEN_ARGS:-} package -DskipTests)
    STACK_APP=$dir/target/quarkus-app
}
