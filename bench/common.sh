# Shared helpers for the bench scripts: build the jar once, free ports, start/stop the sidecar and an nginx stub.
# Everything listens on 127.0.0.1 only; every process started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/sidecar-bench.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

need() {
    command -v "$1" >/dev/null || { echo "bench needs $1: apt-get install -y $2" >&2; exit 1; }
}

build_jar() {
    [[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
}

# floor_setup: what the floor scripts (p99-floor.sh, durable-floor.sh) need: wrk, nginx and javac (for bench/lib's
# servers), the jar built; sets APP (SIDECAR_APP or this project's quarkus-app), ROUNDS (3) and SECS
# (SECONDS_PER_WINDOW, 8).
floor_setup() {
    need wrk wrk
    need nginx nginx
    need javac openjdk-17-jdk-headless
    build_jar
    APP=${SIDECAR_APP:-$ROOT/target/quarkus-app}
    ROUNDS=${ROUNDS:-3}
    SECS=${SECONDS_PER_WINDOW:-8}
}

# run_test_main CLASS RESULT ARGS...: a bench's main class from the test sources (compiled first if missing), run
# on the packaged jar's libraries; its output (without the logging backend's noise) is also written to
# bench/results/RESULT.txt.
run_test_main() {
    local class=$1 result=$2
    shift 2
    build_jar
    [[ -f "$ROOT/target/test-classes/${class//.//}.class" ]] || (cd "$ROOT" && ./mvnw -B -q test-compile)
    mkdir -p "$ROOT/bench/results"
    java -cp "$ROOT/target/test-classes:$ROOT/target/classes:$ROOT/target/quarkus-app/lib/main/*" "$class" "$@" 2>&1 \
        | grep -iv 'slf4j\|INFO' | tee "$ROOT/bench/results/$result.txt"
}

# PostgreSQL for the scripts that measure it: SIDECAR_TEST_PG_URL / _USER / _PASSWORD (defaults: the .ci/run database).
PG_URL=${SIDECAR_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/sidecar_test}
PG_USER=${SIDECAR_TEST_PG_USER:-sidecar}
PG_PASSWORD=${SIDECAR_TEST_PG_PASSWORD:-sidecar}

# pg_sql PSQL-ARGS...: psql on that database (the JDBC URL without its prefix), e.g. pg_sql -qc 'select 1'.
pg_sql() {
    PGPASSWORD=$PG_PASSWORD psql "${PG_URL#jdbc:}" -U "$PG_USER" "$@"
}

# pg_empty_store: drops the sidecar's tables and V7's trigger function, so the next start migrates a new store
# (Flyway refuses a schema holding objects but no history table).
pg_empty_store() {
    pg_sql -qc 'DROP TABLE IF EXISTS outbox, customers, flyway_schema_history' -c \
        'DROP FUNCTION IF EXISTS outbox_unpark()' > /dev/null
}

# fsync_probe DIR: one fsync of DIR's disk (issue 9's one-purchase-at-a-time target allows one): the median of 1,000
# appends of 4 KB, each followed by fsync; with its p99 and maximum, which every durable commit, and so every hook
# answer waiting for one, can meet. Sets FSYNC_MS, FSYNC_P99 and FSYNC_MAX (ms).
fsync_probe() {
    read -r FSYNC_MS FSYNC_P99 FSYNC_MAX <<< "$(python3 - "$1" <<'PY'
import os, statistics, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
times = []
for _ in range(1000):
    os.write(fd, b"x" * 4096)
    t = time.perf_counter()
    os.fsync(fd)
    times.append((time.perf_counter() - t) * 1000)
os.close(fd)
os.unlink(path)
times.sort()
print(f"{statistics.median(times):.3f} {times[989]:.3f} {times[-1]:.3f}")
PY
)"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# nginx answering every request with a fixed Partnero-shaped transaction: a "healthy upstream" at loopback speed.
# start_nginx_stub PORT [PROXY_PORT]: with a second port, nginx also proxies it to the stub (the reference proxy).
start_nginx_stub() {
    local port=$1 proxy=${2:-}
    local proxy_server=""
    [[ -n $proxy ]] && proxy_server="upstream stub { server 127.0.0.1:$port; keepalive 32; }
    server { listen 127.0.0.1:$proxy; location / { proxy_pass http://stub; proxy_http_version 1.1;
        proxy_set_header Connection \"\"; } }"
    mkdir -p "$WORK/nginx"
    cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $WORK/nginx/error.log;
pid $WORK/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx;
    server {
        listen 127.0.0.1:$port;
        location ~ ^/customers/[^/]+/referrals\$ {
            default_type application/json;
            return 200 '{"data":[],"links":{"next":null},"meta":{"current_page":1},"status":1}';
        }
        location ~ ^/customers/[^/]+/balance\$ {
            default_type application/json;
            return 200 '{"data":{"balance":{"currency":[{"amount":10,"amount_units":"USD","is_currency":true}]}},"status":1}';
        }
        location / {
            default_type application/json;
            return 200 '{"data":{"key":"k","id":"k","action":"sale","amount":10,"rewards":[]},"status":1}';
        }
    }
    $proxy_server
}
CONF
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
    PIDS+=($!)
    until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.1; done
}

# start_sidecar NAME PORT MGMT_PORT [ENV=VALUE ...]: the packaged jar (SIDECAR_APP, a quarkus-app directory, or this
# project's), waited for until ready.
start_sidecar() {
    local name=$1 port=$2 mgmt=$3
    shift 3
    env "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$mgmt" QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_LOG_LEVEL=WARN java -jar "${SIDECAR_APP:-$ROOT/target/quarkus-app}/quarkus-run.jar" > "$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null "http://127.0.0.1:$mgmt/q/health/ready" && return 0
        sleep 0.2
    done
    echo "sidecar $name did not become ready:" >&2
    cat "$WORK/$name.log" >&2
    exit 1
}

# drain_outbox MGMT: waits (at most 5 minutes) until the sidecar with management port MGMT has no pending outbox row.
drain_outbox() {
    for _ in $(seq 1 300); do
        curl -s "http://127.0.0.1:$1/q/metrics" | grep -q '^sidecar_outbox_depth{state="pending"} 0.0' && return 0
        sleep 1
    done
    echo "outbox did not drain within 5 minutes" >&2
}

# answered MGMT PATH: "202s all", how many requests to PATH the sidecar with management port MGMT answered 202, and
# how many it answered at all, so far (http_server_requests_seconds_count): a hook answered 202 "queued" did not wait
# for Partnero's outcome, and costs less than one that did. Requests the client reset before their answer (wrk
# closes its connections with requests in flight when its run ends; status "RESET" in the metrics) were answered
# nothing and are not counted.
answered() {
    curl -s "http://127.0.0.1:$1/q/metrics" | awk -v uri="uri=\"$2\"" '
        /^http_server_requests_seconds_count/ && index($0, uri) && !index($0, "status=\"RESET\"") {
            all += $NF; if (index($0, "status=\"202\"")) q += $NF }
        END { printf "%d %d", q, all }'
}

# queued_share BEFORE AFTER: the share of 202s between two readings of answered, e.g. "12.5%".
queued_share() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); n = y[2] - x[2]
        printf "%.1f%%", (n > 0 ? 100 * (y[1] - x[1]) / n : 0) }'
}

stop_last() {
    local pid=${PIDS[-1]}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset 'PIDS[-1]'
}
