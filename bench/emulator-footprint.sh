#!/usr/bin/env bash
# Whether the built-in emulator fits the shipped heap when full: sandbox mode with the shipped JVM flags
# (bench/lib/jvm-flags.sh: -Xmx64m, serial GC), customers and then transactions created through /sandbox/v1 until the
# emulator answers 507 (its SANDBOX_LIMITS_* caps; "refused" counts those answers, 0 when the run ended first; 49 of 50 buyers are referred, so their transactions carry a
# reward), then the live heap (jcmd GC.class_histogram, which collects first), the old generation's occupancy and the
# full collections so far (jstat). A heap that does not hold the emulator shows as an old generation near 100 % and
# full collections without end. Prints one line per stage and writes bench/results/emulator-footprint.txt.
# Usage: bench/emulator-footprint.sh   (about a minute and a half)   CUSTOMER_SECONDS=15 TRANSACTION_SECONDS=25;
# any SANDBOX_LIMITS_* in the environment is passed on (e.g. SANDBOX_LIMITS_TRANSACTIONS=100000, the old default).
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/lib/jvm-flags.sh"
need wrk wrk
build_jar
OUT="$ROOT/bench/results/emulator-footprint.txt"
mkdir -p "$(dirname "$OUT")"
port=$(free_port); mgmt=$(free_port)
limits=()
while IFS= read -r var; do limits+=("$var"); done < <(env | grep '^SANDBOX_LIMITS_' || true)
# shellcheck disable=SC2086 # the flags are words
$SHIPPED_ENV "${limits[@]}" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$mgmt" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_LOG_LEVEL=WARN REFERRAL_STORE_URL="jdbc:sqlite:$WORK/store.db" \
    java $SHIPPED_JAVA_OPTS -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$WORK/sidecar.log" 2>&1 &
pid=$!
PIDS+=("$pid")
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$mgmt/q/health/ready" && break; sleep 0.2; done
api="http://127.0.0.1:$port/sandbox/v1"

# One wrk script for both: KIND=customers or transactions picks the body; each request creates a new one.
cat > "$WORK/create.lua" <<'LUA'
local n = 0
local kind = os.getenv("KIND")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sandbox"
function request()
  n = n + 1
  local body
  if kind == "customers" then
    body = string.format('{"key":"cust_%d_%d","email":"cust_%d@example.com","name":"Customer Number %d",'
      .. '"surname":"Surname"}', math.random(1e9), n, n, n)
  else
    body = string.format('{"customer":{"key":"buyer_%d"},"key":"tx_%d_%d","amount":%d.50,"action":"sale"}',
      n % 50, math.random(1e9), n, n % 300 + 1)
  end
  return wrk.format(nil, nil, nil, body)
end
LUA

stage() {
    local live old fgc
    live=$(jcmd "$pid" GC.class_histogram | tail -1 | awk '{printf "%.1f", $3 / 1048576}')
    read -r old fgc <<< "$(jstat -gcutil "$pid" | awk 'NR == 2 {print $4, $9}')"
    printf '%-40s live heap %6s MB, old generation %5s %% full, full GCs %4s, RSS %s\n' "$1" "$live" "$old" "$fgc" \
        "$(awk '/VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status")" | tee -a "$OUT"
}

: > "$OUT"
echo "emulator footprint, $(date -u +%FT%TZ), shipped flags: $SHIPPED_JAVA_OPTS ${limits[*]}" | tee -a "$OUT"
for i in $(seq 0 49); do
    referrer=""
    ((i > 0)) && referrer=',"referring_customer":{"key":"buyer_0"}'
    curl -s -o /dev/null -X POST "$api/customers" -H 'Authorization: Bearer sandbox' -H 'Content-Type: application/json' \
        -d "{\"key\":\"buyer_$i\",\"email\":\"buyer$i@example.com\",\"name\":\"Buyer\"$referrer}"
done
stage "started, 50 buyers"
KIND=customers wrk -t1 -c4 -d"${CUSTOMER_SECONDS:-15}s" -s "$WORK/create.lua" "$api/customers" \
    | awk '/requests in/ {n = $1} /Non-2xx/ {r = $5} END {printf "customers: %d requests, %d refused (507 once full)\n", n, r}' \
    | tee -a "$OUT"
stage "after the customers"
KIND=transactions wrk -t1 -c4 -d"${TRANSACTION_SECONDS:-25}s" -s "$WORK/create.lua" "$api/transactions" \
    | awk '/requests in/ {n = $1} /Non-2xx/ {r = $5} END {printf "transactions: %d requests, %d refused (507 once full)\n", n, r}' \
    | tee -a "$OUT"
stage "after the transactions"
