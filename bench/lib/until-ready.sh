#!/usr/bin/env bash
# Starts the sidecar, waits until readiness answers 200 on the management port, then kills it (SIGKILL, so shutdown
# time is not counted). The wall time of one call is the time to ready; bench/lib/start-time.sh times it. With
# CPU_MS_FILE set, the CPU milliseconds the process used until ready are written there.
# Usage: until-ready.sh DIR COMMAND...   (runs COMMAND in DIR, the quarkus-app directory with its app.aot if any;
#        polls the management port QUARKUS_MANAGEMENT_PORT, 9000 unless set)
set -euo pipefail

dir=$1
shift
url=http://127.0.0.1:${QUARKUS_MANAGEMENT_PORT:-9000}/q/health/ready
cd "$dir"
"$@" >/dev/null 2>&1 &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
deadline=$((SECONDS + ${READY_TIMEOUT:-60}))
until curl -sf -o /dev/null --max-time 1 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "until-ready: the process exited before it was ready" >&2
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "until-ready: not ready after ${READY_TIMEOUT:-60}s" >&2
        exit 1
    fi
    sleep 0.01
done
# CPU time the JVM used to get ready (utime + stime, fields 14 and 15 of /proc/PID/stat): unlike wall time, it
# hardly changes when a neighbour loads the machine.
if [[ -n ${CPU_MS_FILE:-} ]]; then
    read -r -a stat <"/proc/$pid/stat"
    echo $(((stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK))) >"$CPU_MS_FILE"
fi
