#!/usr/bin/env bash
# Ledger benchmark (issue 5): reserve+commit pairs through the running app (wrk + Lua, real HTTP, API keys) at 1, 16
# and 64 connections, for (a) 1,000 agents in 50 teams — budgets per agent and per team, no row shared by all — and
# (b) the same plus one hot org budget that every request hits; and, in the same run against the same PostgreSQL,
# pgbench running the minimal equivalent SQL (bench/ledger/pgbench-*.sql) as the physical reference. Ends with an
# overspend check and a JFR profile of the app during case (b) at 16 connections.
#
# The app is the packaged jar, -Xmx512m, on its zero-setup embedded PostgreSQL 18 in a temporary data directory,
# with rate limits off (tollgate.rate-limits.enabled=false) so the limiter does not throttle the load.
#
# Every run ends with the checks of issue 13: no hard window over its limit or negative, an audit event for every
# allowed and every committed reservation, the audit chain verifies (POST /v1/audit-chain/verify) and every window
# equals its ledger entries (POST /v1/ledger/verifications). A failed check makes the script exit 1.
#
# Usage: DURATION=30 bench/ledger.sh      (seconds per measurement; CONNECTIONS="1 16 64"; SKIP_BUILD=1;
#        POLICIES=100 publishes that many policy rules first, none matching, so every decision evaluates them all;
#        RESULTS=dir writes the report elsewhere)
# Writes bench/results/ledger.md (and prints it), the machine-readable summary bench/results/ledger.json and the
# profile to bench/results/ledger-profile.txt.
#
# SMOKE=1 bench/ledger.sh is the CI smoke (.ci/run): 100 agents, 8 connections, 5 s per case, no warm-up, no
# pgbench, no profile; results in target/bench-smoke/. It fails on errors and failed checks, never on speed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SMOKE=${SMOKE:-}
POLICIES=${POLICIES:-0}
if [[ -n "$SMOKE" ]]; then
    DURATION=${DURATION:-5}
    CONNECTIONS=${CONNECTIONS:-8}
    PROFILES=${PROFILES-}
    AGENTS=${AGENTS:-100}
    RESULTS=${RESULTS:-target/bench-smoke}
else
    DURATION=${DURATION:-30}
    CONNECTIONS=${CONNECTIONS:-"1 16 64"}
    PROFILES=${PROFILES-"distinct:16 hot:16"} # case:connections measured under JFR
    AGENTS=${AGENTS:-1000}
    RESULTS=${RESULTS:-bench/results}
fi
mkdir -p "$RESULTS"
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"

# Tools: Debian's wrk, and pgbench/psql from postgresql-client (Debian 12: postgresql-client-15 ships pgbench).
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v pgbench >/dev/null || need+=(postgresql-client)
command -v psql >/dev/null || need+=(postgresql-client)
if ((${#need[@]})); then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
fi

WORK=$(mktemp -d /tmp/tollgate-ledger-bench.XXXXXX)
APP_PID=""
cleanup() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true # SIGTERM: Boot stops the embedded PostgreSQL with it
        for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$APP_PID" 2>/dev/null || true
    fi
    if [[ -f "$WORK/pgdata/postmaster.pid" ]]; then
        kill "$(head -1 "$WORK/pgdata/postmaster.pid")" 2>/dev/null || true
        sleep 2
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); PGPORT=$(free_port); MPORT=$(free_port)
LOAD_AT_START=$(uptime)

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "== packaging (tests skipped)" >&2
    ./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
JAR=$(ls target/tollgate-*.jar | grep -v original | head -1)

echo "== starting the app (-Xmx512m, embedded PostgreSQL in $WORK/pgdata)" >&2
APP_CMD=("$JAVA" -Xmx512m -XX:+UseSerialGC -Dliquibase.duplicateFileMode=WARN -jar "$ROOT/$JAR"
    --tollgate.embedded-db.data-dir="$WORK/pgdata" --tollgate.embedded-db.clean=true
    --tollgate.embedded-db.port="$PGPORT" --tollgate.home="$WORK/home"
    --server.port="$PORT" --management.server.port="$MPORT"
    --tollgate.rate-limits.enabled=false --logging.level.root=WARN)
(cd "$WORK" && exec "${APP_CMD[@]}" >"$WORK/app.log" 2>&1) &
APP_PID=$!
for i in $(seq 1 240); do
    curl -s -o /dev/null "http://localhost:$PORT/" && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; echo "the app died" >&2; exit 1; }
    sleep 1
done
export PGHOST=localhost PGPORT PGUSER=postgres PGDATABASE=tollgate
PG_VERSION=$(psql -Atc "SHOW server_version")

echo "== seeding 1 org, $((AGENTS / 20)) teams, $AGENTS agents with keys and budgets" >&2
KEYS_FILE="$WORK/keys.txt"
TENANT=$("$JAVA" -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.tollgate.bench.LedgerBenchSeed "$PORT" "$PGPORT" "$KEYS_FILE" "$AGENTS" 2>"$WORK/seed.log" | tail -1)
[[ $(wc -l <"$KEYS_FILE") -eq $AGENTS ]] || { cat "$WORK/seed.log"; exit 1; }
ADMIN_KEY=$(cat "$KEYS_FILE.admin")
if (( POLICIES > 0 )); then
    echo "== publishing a bundle of $POLICIES policy rules (none matches the bench's requests)" >&2
    bench/ledger/publish-policies.sh "$PORT" "$ADMIN_KEY" "$POLICIES" >&2
fi

declare -A APP_RESULT PG_RESULT
run_wrk() { # case conns → "pairs/s p50 p99 denied errors"
    local case=$1 c=$2
    local out
    out=$(KEYS_FILE="$KEYS_FILE" CONNS=$c wrk -t "$c" -c "$c" -d "${DURATION}s" --timeout 10s \
        -s bench/ledger/pairs.lua "http://localhost:$PORT" | grep '^RESULT')
    echo "   $case c=$c $out" >&2
    APP_RESULT[$case,$c]=$(sed -E 's/.*denied=([0-9]+) errors=([0-9]+).*pairs_per_s=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+)/\3 \4 \5 \1 \2/' <<<"$out")
}
profile_start() {
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=ledger settings=profile \
        'jdk.SocketRead#threshold=0ms' 'jdk.ThreadPark#threshold=1ms' filename="$WORK/ledger-$1.jfr" >/dev/null
    psql -Atc "SELECT count(*) FROM reservations" >"$WORK/profiled-reservations-$1.txt"
}
profile_stop() {
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=ledger >/dev/null
    echo "$(( $(psql -Atc "SELECT count(*) FROM reservations") - $(cat "$WORK/profiled-reservations-$1.txt") ))" \
        >"$WORK/profiled-reservations-$1.txt"
}

if [[ -z "$SMOKE" ]]; then
    echo "== warm-up (${DURATION}s at 16 connections, not reported)" >&2
    KEYS_FILE="$KEYS_FILE" CONNS=16 wrk -t 16 -c 16 -d "${DURATION}s" -s bench/ledger/pairs.lua "http://localhost:$PORT" >/dev/null
fi

for case in distinct hot; do
    if [[ $case == hot ]]; then
        psql -qc "INSERT INTO budgets (tenant_id, id, name, scope_type, period, limit_nanos, hard)
                  VALUES ('$TENANT', uuidv7(), 'Org monthly (hot)', 'ORG', 'MONTHLY', 10000000 * 1000000000::bigint, true)"
    fi
    echo "== app, case $case" >&2
    for c in $CONNECTIONS; do
        profiled=false
        if [[ " $PROFILES " == *" $case:$c "* ]]; then profiled=true; profile_start "$case-$c"; fi
        run_wrk "$case" "$c"
        if $profiled; then profile_stop "$case-$c"; fi
    done
done

echo "== checks: overspend, audit events, audit chain, ledger" >&2
OVERSPEND=$(psql -Atc "SELECT count(*) FROM budget_windows WHERE hard AND reserved_nanos + committed_nanos > limit_nanos")
NEGATIVE=$(psql -Atc "SELECT count(*) FROM budget_windows WHERE reserved_nanos < 0 OR committed_nanos < 0")
ORG_WINDOW=$(psql -Atc "SELECT 'reserved=' || reserved_nanos || ' committed=' || committed_nanos || ' limit=' || limit_nanos
                        FROM budget_windows WHERE tenant_id = '$TENANT' AND budget_id IN
                        (SELECT id FROM budgets WHERE tenant_id = '$TENANT' AND scope_type = 'ORG')")

# One statement, so one snapshot: requests wrk left in flight may still commit while the checks run, and a change
# commits together with its audit event. The bench parks nothing for approval, so every reservation not DENIED was
# allowed.
read -r APP_PAIRS APP_ALLOWED AUDITED_ALLOWED AUDITED_COMMITTED < <(psql -AtF ' ' -c "SELECT
    (SELECT count(*) FROM reservations WHERE tenant_id = '$TENANT' AND state = 'COMMITTED'),
    (SELECT count(*) FROM reservations WHERE tenant_id = '$TENANT' AND state <> 'DENIED'),
    (SELECT count(*) FROM audit_events WHERE tenant_id = '$TENANT' AND action = 'reservation.allowed'),
    (SELECT count(*) FROM audit_events WHERE tenant_id = '$TENANT' AND action = 'reservation.committed')")
api_check() { # path → the JSON answer of POST path with the admin key
    curl -sf -X POST -H "Authorization: Bearer $ADMIN_KEY" -H "Accept: application/json" "http://localhost:$PORT$1"
}
json_field() { python3 -c 'import json,sys; print(str(json.load(sys.stdin)[sys.argv[1]]).lower())' "$1"; }
CHAIN_INTACT=$(api_check /v1/audit-chain/verify | json_field intact || echo error)
LEDGER_CONSISTENT=$(api_check /v1/ledger/verifications | json_field consistent || echo error)
ERRORS_TOTAL=0
for key in "${!APP_RESULT[@]}"; do read -r _ _ _ _ err <<<"${APP_RESULT[$key]}"; ERRORS_TOTAL=$((ERRORS_TOTAL + err)); done
FAILED_CHECKS=()
[[ $OVERSPEND -eq 0 ]] || FAILED_CHECKS+=("$OVERSPEND hard windows over their limit")
[[ $NEGATIVE -eq 0 ]] || FAILED_CHECKS+=("$NEGATIVE windows negative")
[[ $AUDITED_ALLOWED -eq $APP_ALLOWED ]] || FAILED_CHECKS+=("$APP_ALLOWED allowed reservations, $AUDITED_ALLOWED audited")
[[ $AUDITED_COMMITTED -eq $APP_PAIRS ]] || FAILED_CHECKS+=("$APP_PAIRS committed reservations, $AUDITED_COMMITTED audited")
[[ $CHAIN_INTACT == true ]] || FAILED_CHECKS+=("audit chain verification: $CHAIN_INTACT")
[[ $LEDGER_CONSISTENT == true ]] || FAILED_CHECKS+=("ledger verification: $LEDGER_CONSISTENT")
[[ $ERRORS_TOTAL -eq 0 ]] || FAILED_CHECKS+=("$ERRORS_TOTAL requests failed")

REF_OVERSPEND="not run"
if [[ -z "$SMOKE" ]]; then
echo "== pgbench reference on the same server" >&2
psql -qc "DROP DATABASE IF EXISTS bench_ref" -qc "CREATE DATABASE bench_ref" >/dev/null
for case in distinct hot; do
    PGDATABASE=bench_ref psql -q -f bench/ledger/reference.sql >/dev/null
    for c in $CONNECTIONS; do
        j=$((c < 2 ? 1 : 2))
        out=$(PGDATABASE=bench_ref pgbench -n -M prepared -c "$c" -j "$j" -T "$DURATION" -f "bench/ledger/pgbench-$case.sql" 2>&1)
        tps=$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | head -1)
        lat=$(grep -oP 'latency average = \K[0-9.]+' <<<"$out" | head -1)
        failed=$(grep -oP "number of failed transactions: \K[0-9]+" <<<"$out" || echo "?")
        echo "   pgbench $case c=$c tps=$tps latency_avg_ms=$lat failed=$failed" >&2
        PG_RESULT[$case,$c]="$tps $lat"
    done
    REF_OVERSPEND=$(PGDATABASE=bench_ref psql -Atc "SELECT count(*) FROM ref_windows WHERE reserved_nanos + committed_nanos > limit_nanos")
done
fi

if [[ -n "$PROFILES" ]]; then
echo "== profile summary" >&2
PROFILE="$RESULTS/ledger-profile.txt"
for p in $PROFILES; do
    name=${p/:/-}
    rec="$WORK/ledger-$name.jfr"
    echo "## JFR of the app during case ${p%%:*} at ${p##*:} connections (${DURATION}s), bench/ledger.sh"
    echo "Reservations inserted while recording: $(cat "$WORK/profiled-reservations-$name.txt")"
    echo; echo "### where requests wait: JDBC round trips (jdk.SocketRead, every one) and parks >= 1 ms, by first app frame"
    "$JAVA_HOME/bin/jfr" print --events jdk.SocketRead,jdk.ThreadPark --stack-depth 64 "$rec" \
        | python3 bench/ledger/jfr-waits.py || true
    for view in hot-methods thread-cpu-load contention-by-site pinned-threads latencies-by-type gc; do
        echo; echo "### jfr view $view"
        "$JAVA_HOME/bin/jfr" view --width 180 "$view" "$rec" 2>&1 | head -40 || true
    done
    echo; echo "### execution samples: frames on the stack (application, JDBC, pool, Spring), top 25"
    "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 30 "$rec" \
        | grep -E '^\s+(io\.tollgate|org\.postgresql|com\.zaxxer|org\.hibernate|org\.springframework)' \
        | sed -E 's/line:.*//' | sort | uniq -c | sort -rn | head -25 || true
    echo
done >"$PROFILE" 2>&1
fi

ratio() { python3 -c "import sys; a,b=float(sys.argv[1] or 0),float(sys.argv[2] or 0); print(f'{a/b*100:.1f} %' if b else 'n/a')" "$1" "$2"; }
JDK=$("$JAVA" -version 2>&1 | head -1)
REPORT=$RESULTS/ledger.md
{
    echo "# Ledger benchmark: reserve+commit pairs"
    echo
    if [[ -n "$SMOKE" ]]; then
        echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`SMOKE=1 bench/ledger.sh\` ($DURATION s per measurement, no warm-up, no pgbench): a check, not a measurement."
    else
        echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`DURATION=$DURATION POLICIES=$POLICIES bench/ledger.sh\` ($DURATION s per measurement, one unreported warm-up; $POLICIES policy rules published)."
    fi
    echo
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
    echo "- JDK: $JDK; app: \`java -Xmx512m -XX:+UseSerialGC -jar $JAR\`, embedded PostgreSQL $PG_VERSION (same server for pgbench), rate limits off"
    echo "- Load at start: \`$LOAD_AT_START\` (other builds share these cores; compare runs of one machine only)"
    echo "- wrk runs one thread per connection on the same 2 cores; a pair is reserve (201 ALLOWED) then commit (200)."
    echo "  p50/p99 are per HTTP request (wrk's latency histogram, reserves and commits together): a pair takes about twice."
    echo "- Case **distinct**: $AGENTS agents in $((AGENTS / 20)) teams, each request from the next agent key of its connection; every"
    echo "  reservation holds in its agent's daily and its team's monthly window (no row shared by all requests)."
    echo "- Case **hot**: the same plus one org monthly budget, so every reservation and commit also locks that one row."
    echo "- pgbench: \`pgbench -n -M prepared -c C -j min(C,2) -T $DURATION -f bench/ledger/pgbench-<case>.sql\` on the same"
    echo "  server: the reserve transaction (limit-checked UPDATE of the 2 or 3 window rows, INSERT of the reservation) and"
    echo "  the commit transaction (UPDATE of the windows and the reservation) — one pgbench transaction = one pair."
    echo
    echo "| case | conns | app pairs/s | app p50 ms | app p99 ms | denied | errors | pgbench pairs/s | pgbench avg ms | app ÷ pgbench |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for case in distinct hot; do
        for c in $CONNECTIONS; do
            read -r pps p50 p99 den err <<<"${APP_RESULT[$case,$c]}"
            read -r tps lat <<<"${PG_RESULT[$case,$c]:-}"
            echo "| $case | $c | $pps | $p50 | $p99 | $den | $err | $tps | $lat | $(ratio "$pps" "$tps") |"
        done
    done
    echo
    echo "Hot ÷ distinct (app pairs/s): $(for c in $CONNECTIONS; do read -r a _ <<<"${APP_RESULT[hot,$c]}"; read -r b _ <<<"${APP_RESULT[distinct,$c]}"; printf '%s conns %s; ' "$c" "$(ratio "$a" "$b")"; done)"
    echo
    echo "Hot ÷ distinct (pgbench): $(for c in $CONNECTIONS; do read -r a _ <<<"${PG_RESULT[hot,$c]:-}"; read -r b _ <<<"${PG_RESULT[distinct,$c]:-}"; printf '%s conns %s; ' "$c" "$(ratio "$a" "$b")"; done)"
    echo
    echo "Target: app ≥ 50 % of pgbench in both cases."
    echo
    echo "Overspend check (\`SELECT count(*) FROM budget_windows WHERE hard AND reserved_nanos + committed_nanos > limit_nanos\`):"
    echo "**$OVERSPEND** windows over their limit, $NEGATIVE negative; reference tables: $REF_OVERSPEND over. Committed pairs in the"
    echo "app: $APP_PAIRS; the org window after the run: $ORG_WINDOW."
    echo
    echo "Audit: $AUDITED_ALLOWED of $APP_ALLOWED allowed and $AUDITED_COMMITTED of $APP_PAIRS committed reservations have"
    echo "their event; chain verifies: **$CHAIN_INTACT**; ledger verification consistent: **$LEDGER_CONSISTENT**;"
    echo "failed requests: $ERRORS_TOTAL."
    echo
    if ((${#FAILED_CHECKS[@]})); then echo "**Failed checks:** $(IFS=';'; echo "${FAILED_CHECKS[*]}")"; else echo "All checks passed."; fi
    echo
    echo "JFR profiles of the app (${PROFILES:-none} as case:connections): \`$RESULTS/ledger-profile.txt\`."
} >"$REPORT"
cat "$REPORT"

export BENCH_RUN_AT="$(date -u +%Y-%m-%dT%H:%MZ)" BENCH_DURATION="$DURATION" BENCH_LOAD="$LOAD_AT_START" BENCH_SMOKE="${SMOKE:-}"
{
    for case in distinct hot; do
        for c in $CONNECTIONS; do
            echo "$case $c ${APP_RESULT[$case,$c]} ${PG_RESULT[$case,$c]:-- -}"
        done
    done
} | python3 bench/ledger/summary.py "$OVERSPEND" "$NEGATIVE" "$ERRORS_TOTAL" "$CHAIN_INTACT" "$LEDGER_CONSISTENT" \
    "$APP_ALLOWED" "$AUDITED_ALLOWED" "$APP_PAIRS" "$AUDITED_COMMITTED" >"$RESULTS/ledger.json"
echo "summary: $RESULTS/ledger.json" >&2
if ((${#FAILED_CHECKS[@]})); then
    printf 'bench: check failed: %s\n' "${FAILED_CHECKS[@]}" >&2
    exit 1
fi
