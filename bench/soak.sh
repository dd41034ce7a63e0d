#!/usr/bin/env bash
# Soak (not in CI): the emulator in its own process (SIDECAR_MODE=sandbox-only, state file) as Partnero with about
# 30 % injected faults (5xx before and after commit, 429 with Retry-After, hangs past the read timeout), the sidecar
# jar in live mode against it, 10,000 purchases over 500 customers (sign-ups first, 5 % refunds) from 16
# connections, two kill -9 of the sidecar at random moments, each followed by a restart on the same store.
# Afterwards (bench/soak.py): every purchase answered 2xx is in the emulator exactly once unless refunded, none
# twice, each customer's in acceptance order, no dead letters. Sizes: PURCHASES, CUSTOMERS, CONNECTIONS, KILLS.
# KILL_AT="min,max": each kill once a random share of the purchases in that window is answered (default 0.1,0.9).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need python3 python3
need curl curl
build_jar

emu=$(free_port); emu_mgmt=$(free_port); port=$(free_port); mgmt=$(free_port)
TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
start_sidecar emulator "$emu" "$emu_mgmt" SIDECAR_MODE=sandbox-only SANDBOX_STATE_FILE="$WORK/emulator.json"

# Faults rotate every 3 s, so that about 30 % of the time Partnero misbehaves in one of four ways.
faults() {
    local sets=(
        '{"seed":1,"rules":[{"match":{"method":"POST"},"error_status":503,"error_rate":0.5}]}'
        '{"rules":[{"match":{"method":"POST","path_prefix":"/v1/transactions"},"after_commit":{"status":503},"count":15}]}'
        '{"rules":[{"rate_limit":{"status":429,"retry_after_s":1},"count":20}]}'
        '{"rules":[{"match":{"method":"POST","path_prefix":"/v1/transactions"},"hang":true,"count":3}]}'
    )
    # Until the load has ended (soak.py creates load-done): the drain afterwards is against a recovered Partnero.
    while [[ ! -e "$WORK/load-done" ]]; do
        for set in "${sets[@]}"; do
            [[ -e "$WORK/load-done" ]] && break
            curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$set" \
                "http://127.0.0.1:$emu/sandbox/faults"
            sleep 1
            curl -s -o /dev/null -X DELETE "http://127.0.0.1:$emu/sandbox/faults"
            sleep 2.3
        done
    done
}

SIDECAR_ENV=(SIDECAR_MODE=live PARTNERO_API_KEY=soak PARTNERO_URL="http://127.0.0.1:$emu/sandbox/v1"
    SIDECAR_TOKEN="$TOKEN" REFERRAL_STORE_URL="jdbc:sqlite:$WORK/soak.db" SIDECAR_PARTNERO_READ_TIMEOUT=2s
    SIDECAR_DELIVERY_BACKOFF_MAX=2s SIDECAR_DELIVERY_MAX_ATTEMPTS=1000)
start_sidecar sidecar "$port" "$mgmt" "${SIDECAR_ENV[@]}"
echo "${PIDS[-1]}" > "$WORK/sidecar.pid"
# A sidecar restarted after a kill is not our child: stop it too, however this script ends.
trap 'kill "$(cat "$WORK/sidecar.pid")" 2>/dev/null || true; cleanup' EXIT

# The restart command soak.py runs after each kill -9: same store, same ports.
cat > "$WORK/restart.sh" <<RESTART
#!/usr/bin/env bash
env ${SIDECAR_ENV[*]} QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mgmt QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_LOG_LEVEL=WARN nohup java -jar "$ROOT/target/quarkus-app/quarkus-run.jar" >> "$WORK/sidecar.log" 2>&1 &
echo \$! > "$WORK/sidecar.pid"
until curl -sf -o /dev/null "http://127.0.0.1:$mgmt/q/health/ready"; do sleep 0.2; done
RESTART
chmod +x "$WORK/restart.sh"

faults &
PIDS+=($!)
export SIDECAR_PORT=$port SIDECAR_MGMT_PORT=$mgmt EMULATOR_PORT=$emu RESTART_CMD="$WORK/restart.sh" \
    PID_FILE="$WORK/sidecar.pid" SOAK_TOKEN=$TOKEN SOAK_DB="$WORK/soak.db" LOAD_DONE="$WORK/load-done"
status=0
python3 "$ROOT/bench/soak.py" || status=$?
kill "$(cat "$WORK/sidecar.pid")" 2>/dev/null || true
exit $status
