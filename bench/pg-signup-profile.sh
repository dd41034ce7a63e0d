#!/usr/bin/env bash
# Where a PostgreSQL sign-up's CPU goes (issue 9's PostgreSQL sign-up row), on a new store and again after the store
# has grown: one sidecar (JVM jar, PostgreSQL store) in front of an nginx stub answering like Partnero, wrk with 16
# connections on POST /signup-hook. For each of the two measurements it prints, per request served: the sidecar's
# CPU by thread (utime+stime from /proc/<pid>/task/*/stat), PostgreSQL's CPU by process (backends, WAL writer,
# checkpointer, autovacuum; from /proc/<pid>/stat of the server's processes, so run it as root or as postgres), the
# WAL records and bytes (pg_stat_wal), the transactions committed (pg_stat_database), and the outbox's and its
# indexes' sizes. If the server loads pg_stat_statements and the database has the extension, the statements' calls
# and execution time per request too (it is reset before each measurement, which needs a superuser: it is skipped
# otherwise).
# Usage: bench/pg-signup-profile.sh [seconds measured, default 10]
# WARM=seconds of sign-ups before the first measurement (default 60: the JIT compiles the path first),
# GROW=seconds of purchases and sign-ups between the two (default 120). PostgreSQL: SIDECAR_TEST_PG_URL / _USER /
# _PASSWORD (defaults: the .ci/run database). Its outbox, customers and flyway_schema_history tables (and V7's function) are dropped.
source "$(dirname "$0")/common.sh"
need wrk wrk
need nginx nginx
need psql postgresql-client
DURATION=${1:-10}
build_jar

q() {
    pg_sql -X -Atqc "$1"
}
q 'select 1' > /dev/null || { echo "PostgreSQL not reachable at $PG_URL" >&2; exit 1; }
pg_empty_store 2> /dev/null
statements=0
[[ $(q "select count(*) from pg_extension where extname = 'pg_stat_statements'") == 1 ]] \
    && q 'select pg_stat_statements_reset()' > /dev/null 2>&1 && statements=1

stub=$(free_port)
start_nginx_stub "$stub"
port=$(free_port)
mgmt=$(free_port)
start_sidecar pg "$port" "$mgmt" PARTNERO_API_KEY=bench PARTNERO_URL="http://127.0.0.1:$stub" \
    REFERRAL_STORE_URL="$PG_URL" REFERRAL_STORE_USERNAME="$PG_USER" REFERRAL_STORE_PASSWORD="$PG_PASSWORD"
pid=${PIDS[-1]}
url="http://127.0.0.1:$port"

# ticks FILE: one line per thread of the sidecar ("name ticks") and per PostgreSQL process ("pg:kind ticks").
ticks() {
    local t p kind
    for t in /proc/"$pid"/task/*; do
        echo "$(tr -d '\n' < "$t/comm" | tr ' ' '_' | sed 's/[0-9]\+/N/g') $(awk '{print $14 + $15}' "$t/stat")"
    done
    for p in $(pgrep -u postgres); do
        # "postgres: 15/main: sidecar sidecar_test 127.0.0.1(…)" is a backend of user sidecar; others name their role.
        kind=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | awk '{print ($3 == "" ? "postmaster" : $3)}')
        echo "pg:${kind%:} $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)"
    done
}

counters() {
    q "select (select wal_records from pg_stat_wal), (select wal_bytes from pg_stat_wal),
        (select xact_commit from pg_stat_database where datname = current_database())" | tr '|' ' '
}

# measure TAG LABEL: one wrk run of DURATION seconds (keys start with TAG) and its figures per request.
measure() {
    local tag=$1 label=$2 out n
    ((statements)) && q 'select pg_stat_statements_reset()' > /dev/null 2>&1
    ticks > "$WORK/t0"; local c0; c0=$(counters)
    out=$(BENCH_TAG="$tag" wrk -t1 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/purchase-unique.lua" "$url/signup-hook")
    ticks > "$WORK/t1"; local c1; c1=$(counters)
    n=$(awk '/requests in/ {print $1}' <<< "$out")
    local non2xx; non2xx=$(awk '/Non-2xx/ {print $5}' <<< "$out")
    echo "== $label: $(awk '/Requests\/sec/ {print $2}' <<< "$out") req/s, p50 $(awk '$1 == "50%" {print $2}' <<< "$out"), p99 $(awk '$1 == "99%" {print $2}' <<< "$out"), $n requests, ${non2xx:-0} not 2xx"
    awk -v n="$n" -v hz="$(getconf CLK_TCK)" 'FNR == NR {a[$1] += $2; next} {b[$1] += $2}
        END {for (k in b) if (b[k] - a[k] > 0) printf "%s %.3f\n", k, (b[k] - a[k]) / hz * 1000 / n}' \
        "$WORK/t0" "$WORK/t1" | sort -k2 -rn | awk '
        $1 ~ /^pg:/ {pg = pg sprintf(" %s %s", substr($1, 4), $2); pt += $2; next}
        {if (++j <= 6) jv = jv sprintf(" %s %s", $1, $2); st += $2}
        END {printf "   sidecar CPU ms/request %.3f:%s\n   PostgreSQL CPU ms/request %.3f:%s\n", st, jv, pt, pg}'
    awk -v n="$n" -v a="$c0" -v b="$c1" 'BEGIN {split(a, x, " "); split(b, y, " ")
        printf "   per request: %.2f WAL records, %.0f WAL bytes, %.2f transactions\n", (y[1] - x[1]) / n, (y[2] - x[2]) / n, (y[3] - x[3]) / n}'
    echo "   outbox: $(q "select n_live_tup || ' live rows, ' || n_dead_tup || ' dead, ' || pg_size_pretty(pg_total_relation_size(relid)) || ' with indexes' from pg_stat_user_tables where relname = 'outbox'")"
    echo "   indexes: $(q "select string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ') from pg_stat_user_indexes where relname = 'outbox'")"
    if ((statements)); then
        q "select round(calls::numeric / $n, 2) || ' calls, ' || round((total_exec_time / $n)::numeric, 3) || ' ms: '
            || left(regexp_replace(query, '\s+', ' ', 'g'), 90) from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and calls >= $n / 2
            order by calls desc" | sed 's/^/   /'
    fi
}

BENCH_TAG=w wrk -t1 -c16 -d"${WARM:-60}s" -s "$ROOT/bench/purchase-unique.lua" "$url/signup-hook" > /dev/null
measure m1 "new store, after ${WARM:-60} s of sign-ups"
grow=${GROW:-120}
if ((grow > 0)); then
    BENCH_TAG=gp wrk -t1 -c8 -d"${grow}s" -s "$ROOT/bench/purchase-unique.lua" "$url/purchase-hook" > /dev/null &
    purchases=$!
    BENCH_TAG=gs wrk -t1 -c8 -d"${grow}s" -s "$ROOT/bench/purchase-unique.lua" "$url/signup-hook" > /dev/null
    wait "$purchases"
    measure m2 "after ${grow} s more of purchases and sign-ups"
fi
stop_last
