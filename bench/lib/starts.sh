# Start helpers of bench/footprint.sh and bench/extension-floor.sh (sourced after bench/common.sh): launch an app,
# wait for its readiness, time one start. The caller sets ready_url (the management port's /q/health/ready).

rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

# launch DIR [taskset...] -- JAVA FLAGS...: starts the app in the background, its pid in $app.
launch() {
    local dir=$1
    shift
    (cd "$dir" && exec "$@" -jar quarkus-run.jar >>"$WORK/app.log" 2>&1) &
    app=$!
    PIDS+=("$app")
}

await_ready() {
    local deadline=$((SECONDS + 120))
    until curl -sf -o /dev/null --max-time 1 "$ready_url"; do
        kill -0 "$app" 2>/dev/null || { echo "the app exited:" >&2; tail -30 "$WORK/app.log" >&2; exit 1; }
        ((SECONDS < deadline)) || { echo "not ready after 120 s" >&2; exit 1; }
        sleep 0.01
    done
}

stop_app() {
    kill -TERM "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    unset 'PIDS[-1]'
}

# One start: sets ready_ms and idle_rss (MB, 2 s after ready).
start_once() {
    local t0 t1
    t0=$(date +%s%N)
    launch "$@"
    await_ready
    t1=$(date +%s%N)
    ready_ms=$(((t1 - t0) / 1000000))
    sleep 2
    idle_rss=$(rss_mb "$app")
    stop_app
}

# machine_banner JDK17_HOME JDK25_HOME: the JDKs, the CPUs and the load average before a run.
machine_banner() {
    echo "== $("$1/bin/java" -version 2>&1 | head -1); $("$2/bin/java" -version 2>&1 | head -1); $(nproc) CPUs"
    echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
}
