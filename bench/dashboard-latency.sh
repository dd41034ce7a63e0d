#!/usr/bin/env bash
# Dashboard latency against an upstream whose every GET takes DELAY ms (WireMock standalone): the one call fetches
# customer, stats, balance and referrals in parallel, so its latency should be close to ONE slow call, not four.
# Prints the ratio "dashboard latency / slowest single upstream call" (sequential fetching would be about 4),
# then the same for a cached answer. Usage: bench/dashboard-latency.sh [delay ms, default 300] [runs, default 20]
# (WARM_SECONDS=15 and WARM_CONNECTIONS=64 of unmeasured misses first; needs wrk and hyperfine)
source "$(dirname "$0")/common.sh"
need hyperfine hyperfine
need wrk wrk
DELAY=${1:-300}
RUNS=${2:-20}
build_jar
(cd "$ROOT" && ./mvnw -B -q dependency:copy -Dartifact=org.wiremock:wiremock-standalone:3.13.2 \
    -DoutputDirectory="$WORK" > /dev/null)

upstream=$(free_port)
mkdir -p "$WORK/wm/mappings"
json='"headers":{"Content-Type":"application/json"},"fixedDelayMilliseconds":'$DELAY
cat > "$WORK/wm/mappings/dashboard.json" <<JSON
{"mappings":[
 {"request":{"method":"GET","urlPathPattern":"/customers/[^/]+"},"response":{"status":200,$json,
  "jsonBody":{"data":{"id":"alice","name":"Alice","status":"active","referrals_count":1,
  "referral_link":"https://example.com/?ref=alice","referral_links":["https://example.com/?ref=alice"]},"status":1}}},
 {"request":{"method":"GET","urlPathPattern":"/customers/[^/]+/stats"},"response":{"status":200,$json,
  "jsonBody":{"data":{"clicks":0,"referrals_count":1},"status":1}}},
 {"request":{"method":"GET","urlPathPattern":"/customers/[^/]+/balance"},"response":{"status":200,$json,
  "jsonBody":{"data":{"balance":{"currency":[{"amount":10,"amount_units":"USD","is_currency":true}]}},"status":1}}},
 {"request":{"method":"GET","urlPathPattern":"/customers/[^/]+/referrals"},"response":{"status":200,$json,
  "jsonBody":{"data":[{"id":"bob","name":"Bob","status":"active","created_at":"2026-11-25T10:00:00.000000Z"}],
  "links":{"next":null},"meta":{"current_page":1},"status":1}}}
]}
JSON
java -jar "$WORK/wiremock-standalone-3.13.2.jar" --port "$upstream" --bind-address 127.0.0.1 \
    --root-dir "$WORK/wm" --disable-banner --no-request-journal > "$WORK/wiremock.log" 2>&1 &
PIDS+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$upstream/__admin/health"; do sleep 0.2; done

port=$(free_port); mgmt=$(free_port)
start_sidecar dashboard "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$upstream" \
    REFERRAL_STORE_URL="jdbc:sqlite:$WORK/bench.db" SIDECAR_DASHBOARD_CACHE_TTL=1ms

# A sidecar that has been up a while, as in bench/hot-path.sh: the JIT has compiled the dashboard's path first.
# Cold, each miss costs about 20 ms more whatever the upstream's delay (measured: 0 ms delay, 54 ms against a single
# GET's 29 ms). The warm-up's pages (above 10^6) are not the measured runs' pages.
wrk -t1 -c"${WARM_CONNECTIONS:-64}" -d"${WARM_SECONDS:-15}s" -s "$ROOT/bench/get.lua" \
    "http://127.0.0.1:$port/referrals/alice?page=100000%d" > /dev/null
# Each run asks for another page, so every run misses the cache and goes upstream.
# The single GET runs the same command shape (a shell reading the page file, then curl), so the harness's own cost
# (two process starts, tens of ms on a busy machine) is the same on both sides of the ratio.
echo 0 > "$WORK/page"
hyperfine --runs "$RUNS" --warmup 3 --export-json "$WORK/single.json" \
    --prepare "echo \$((\$(cat $WORK/page) + 1)) > $WORK/page" \
    "curl -sf -o /dev/null \"http://127.0.0.1:$upstream/customers/alice?page=\$(cat $WORK/page)\"" > /dev/null
hyperfine --runs "$RUNS" --warmup 3 --export-json "$WORK/dashboard.json" \
    --prepare "echo \$((\$(cat $WORK/page) + 1)) > $WORK/page" \
    "curl -sf -o /dev/null \"http://127.0.0.1:$port/referrals/alice?page=\$(cat $WORK/page)\"" > /dev/null
stop_last
port=$(free_port); mgmt=$(free_port)
start_sidecar dashboard-cached "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$upstream" \
    REFERRAL_STORE_URL="jdbc:sqlite:$WORK/bench2.db"
curl -sf -o /dev/null "http://127.0.0.1:$port/referrals/alice"
hyperfine --runs "$RUNS" --warmup 3 --export-json "$WORK/cached.json" \
    "curl -sf -o /dev/null http://127.0.0.1:$port/referrals/alice" > /dev/null

python3 - "$WORK" "$DELAY" <<'PY'
import json, sys
work, delay = sys.argv[1], int(sys.argv[2])
def stats(name):
    r = json.load(open(f"{work}/{name}.json"))["results"][0]
    return r["median"] * 1000, max(r["times"]) * 1000
single, single_max = stats("single")
dash, dash_max = stats("dashboard")
cached, _ = stats("cached")
print(f"upstream delay per GET            {delay} ms")
print(f"one upstream GET (median)         {single:7.1f} ms")
print(f"dashboard, 4 GETs (median)        {dash:7.1f} ms   (max {dash_max:.1f} ms)")
print(f"dashboard from cache (median)     {cached:7.1f} ms")
print(f"ratio dashboard / one slow GET    {dash / single:7.2f}   (sequential would be ~4.00)")
print(f"ratio cached / uncached           {cached / dash:7.3f}")
PY
