#!/usr/bin/env bash
# Start-up benchmark (issue 12 item 12): how long a restart after kill -9 under load takes on an existing, populated
# database, from launching the JVM to the readiness probe answering UP, and where the time goes.
#
# The app is the packaged jar (-Xmx512m) on its zero-setup embedded PostgreSQL 18 in a temporary data directory,
# rate limits off, seeded like bench/ledger.sh (1 org, 50 teams, 1,000 agents, one hot org budget). Then RESTARTS
# times: reserve+commit pairs (16 connections) and abandoned holds (2 connections) run for LOAD_SECONDS, the JVM is
# killed with SIGKILL while the load goes on (its embedded PostgreSQL is orphaned, as in production with kill -9,
# and a bystander's psql session stays connected to it, as a monitoring session would),
# and the app is started again on the same data while the load keeps arriving. Each restart is timed from the JVM
# launch to /actuator/health/readiness = 200, and to the first reservation answered 201. The load pauses from the
# kill until the new process's HTTP port accepts connections (see below), then goes on through the rest of start-up. Spring Boot's start-up
# steps (BufferingApplicationStartup, -Dtollgate.startup.record-steps=true, /actuator/startup) give the breakdown.
#
# Usage: bench/startup.sh   (env: AOT=1 to run with a JDK AOT cache, RESTARTS=3 LOAD_SECONDS=30 SKIP_BUILD=1 JAR=other.jar LABEL=text REPORT=file
#                            KEEP=dir to keep each restart's /actuator/startup JSON)
# Writes bench/results/startup.md (or $REPORT) and prints it. Target: every restart under 15 s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RESTARTS=${RESTARTS:-3}
LOAD_SECONDS=${LOAD_SECONDS:-30}
REPORT=${REPORT:-bench/results/startup.md}
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v psql >/dev/null || need+=(postgresql-client)
if ((${#need[@]})); then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
fi

WORK=$(mktemp -d /tmp/tollgate-startup-bench.XXXXXX)
APP_PID=""; LOAD_PIDS=()
stop_load() {
    for p in "${LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${LOAD_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    LOAD_PIDS=()
}
cleanup() {
    stop_load
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$APP_PID" 2>/dev/null || true
    fi
    if [[ -f "$WORK/pgdata/postmaster.pid" ]]; then
        kill -INT "$(head -1 "$WORK/pgdata/postmaster.pid")" 2>/dev/null || true
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
JAR=${JAR:-$(ls target/tollgate-*.jar | grep -v original | head -1)}
[[ "$JAR" = /* ]] || JAR="$ROOT/$JAR"

# AOT=1: run from the extracted jar with a JDK AOT cache (JEP 483/514), trained once by a start that exits after
# the context refresh (-Dspring.context.exit=onRefresh) on a throwaway database. The cache only fits the same JDK
# and the same class path, so the app is run from the extracted folder with the jar's relative name.
RUN_DIR="$WORK"; RUN_JAR="$JAR"; JVM_EXTRA=()
if [[ "${AOT:-0}" == 1 ]]; then
    echo "== extracting the jar and training the AOT cache" >&2
    "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
    RUN_DIR="$WORK/app"; RUN_JAR=$(basename "$JAR")
    AOT_TRAIN_START=$(date +%s)
    (cd "$RUN_DIR" && "$JAVA" -Xmx512m -XX:+UseSerialGC -XX:AOTCacheOutput="$WORK/app.aot" \
        -Dspring.context.exit=onRefresh -Dliquibase.duplicateFileMode=WARN -jar "$RUN_JAR" \
        --tollgate.embedded-db.data-dir="$WORK/train-pgdata" --tollgate.embedded-db.clean=true \
        --tollgate.embedded-db.stop-on-close=true --tollgate.home="$WORK/train-home" \
        --server.port=0 --management.server.port=0 --logging.level.root=WARN >"$WORK/aot-training.log" 2>&1)
    [[ -f "$WORK/app.aot" ]] || { tail -30 "$WORK/aot-training.log"; echo "no AOT cache was written" >&2; exit 1; }
    AOT_TRAINING="trained in $(( $(date +%s) - AOT_TRAIN_START )) s, $(du -m "$WORK/app.aot" | cut -f1) MB"
    JVM_EXTRA=(-XX:AOTCache="$WORK/app.aot")
fi

LAUNCHED=0
start_app() { # clean → launches the JVM, records the launch time
    LAUNCHED=$(date +%s.%N)
    (cd "$RUN_DIR" && exec "$JAVA" -Xmx512m -XX:+UseSerialGC "${JVM_EXTRA[@]}" -Dliquibase.duplicateFileMode=WARN \
        -Dtollgate.startup.record-steps=true -jar "$RUN_JAR" \
        --tollgate.embedded-db.data-dir="$WORK/pgdata" --tollgate.embedded-db.clean="$1" \
        --tollgate.embedded-db.port="$PGPORT" --tollgate.home="$WORK/home" \
        --server.port="$PORT" --management.server.port="$MPORT" --tollgate.ops.password=bench-ops \
        --management.endpoints.web.exposure.include=health,startup \
        --tollgate.rate-limits.enabled=false --logging.level.root=WARN >>"$WORK/app.log" 2>&1) &
    APP_PID=$!
}
READY=0
wait_ready() { # sets READY (epoch seconds at which readiness answered 200); $1=resume → restarts the load as soon
               # as the HTTP port accepts connections
    local resumed=false
    for _ in $(seq 1 1500); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$MPORT/actuator/health/readiness") == 200 ]]; then
            READY=$(date +%s.%N); return
        fi
        if [[ ${1:-} == resume && $resumed == false \
              && $(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/") != 000 ]]; then
            start_load; resumed=true
        fi
        kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log" >&2; echo "the app died" >&2; exit 1; }
        sleep 0.2
    done
    echo "not ready after 300 s" >&2; exit 1
}
first_reservation() { # → epoch seconds of the first 201
    for _ in $(seq 1 600); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://localhost:$PORT/v1/reservations" \
            -H "Authorization: Bearer $(head -1 "$KEYS_FILE")" -H 'Content-Type: application/json' \
            -d '{"provider":"openai","model":"gpt-4o-mini","estimated_cost_usd":"0.001","ttl_seconds":60}')
        [[ $code == 201 ]] && { date +%s.%N; return; }
        sleep 0.1
    done
    echo "no reservation answered 201" >&2; exit 1
}
start_load() {
    KEYS_FILE="$KEYS_FILE" CONNS=16 wrk -t 16 -c 16 -d 3600s --timeout 2s -s bench/ledger/pairs.lua \
        "http://localhost:$PORT" >/dev/null 2>&1 &
    LOAD_PIDS+=($!)
    KEYS_FILE="$KEYS_FILE" CONNS=2 TTL=5 DELAY_MS=80 wrk -t 2 -c 2 -d 3600s --timeout 2s -s bench/expiry/abandon.lua \
        "http://localhost:$PORT" >/dev/null 2>&1 &
    LOAD_PIDS+=($!)
}

echo "== first start on a new database, seeding" >&2
start_app true
wait_ready
FIRST_START=$(python3 -c "print(f'{$READY - $LAUNCHED:.1f}')")
export PGHOST=localhost PGPORT PGUSER=postgres PGDATABASE=tollgate
KEYS_FILE="$WORK/keys.txt"
TENANT=$("$JAVA" -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.tollgate.bench.LedgerBenchSeed "$PORT" "$PGPORT" "$KEYS_FILE" 2>"$WORK/seed.log" | tail -1)
[[ $(wc -l <"$KEYS_FILE") -eq 1000 ]] || { cat "$WORK/seed.log"; exit 1; }
psql -qc "INSERT INTO budgets (tenant_id, id, name, scope_type, period, limit_nanos, hard)
          VALUES ('$TENANT', uuidv7(), 'Org monthly (hot)', 'ORG', 'MONTHLY', 10000000 * 1000000000::bigint, true)"

ROWS=(); BREAKDOWN=""
for i in $(seq 1 "$RESTARTS"); do
    echo "== restart $i: ${LOAD_SECONDS}s of load, kill -9 under load, start again" >&2
    start_load
    sleep "$LOAD_SECONDS"
    SIZE=$(psql -Atc "SELECT (SELECT count(*) FROM reservations) || ' reservations, ' ||
                             (SELECT count(*) FROM ledger_entries) || ' ledger entries, ' ||
                             (SELECT count(*) FROM audit_events) || ' audit events, ' ||
                             pg_size_pretty(pg_database_size('tollgate'))")
    # A bystander's session (monitoring, an operator's psql) stays open across the kill; it ends when its server
    # stops.
    psql -qc "SELECT pg_sleep(3600)" >/dev/null 2>&1 &
    BYSTANDER=$!
    sleep 1
    kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
    # wrk reconnects in a busy loop while nothing listens, which would take this 2-core machine's CPU from the
    # starting JVM (clients elsewhere cost it nothing): the load pauses until the HTTP port accepts again.
    stop_load
    start_app false
    wait_ready resume
    # CPU the JVM had used by then (user + system, all threads): what start-up costs, whatever the machine's load.
    CPU=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$APP_PID/stat")
    LOADAVG=$(cut -d' ' -f1 /proc/loadavg)
    FIRST=$(first_reservation)
    DUE=$(psql -Atc "SELECT count(*) FROM reservations WHERE state = 'ACTIVE' AND expires_at <= now()")
    stop_load
    kill "$BYSTANDER" 2>/dev/null || true
    curl -s -u ops:bench-ops "http://localhost:$MPORT/actuator/startup" >"$WORK/startup-$i.json"
    [[ -n "${KEEP:-}" ]] && cp "$WORK/startup-$i.json" "$KEEP/"
    T_READY=$(python3 -c "print(f'{$READY - $LAUNCHED:.1f}')")
    T_FIRST=$(python3 -c "print(f'{$FIRST - $LAUNCHED:.1f}')")
    echo "   ready after $T_READY s, first 201 after $T_FIRST s" >&2
    ROWS+=("| $i | $SIZE | $T_READY | $T_FIRST | $CPU | $LOADAVG | $DUE |")
    STEPS=$(python3 bench/startup/steps.py "$WORK/startup-$i.json" "$LAUNCHED" "$READY" 2>/dev/null \
        || echo "No start-up steps recorded (a jar without tollgate.startup.record-steps).")
    BREAKDOWN+="### Restart $i"$'\n\n'"$STEPS"$'\n\n'
done

WORST=$(printf '%s\n' "${ROWS[@]}" | awk -F'|' '{gsub(/ /,"",$4); print $4}' | sort -n | tail -1)
VERDICT=$(python3 -c "print('met' if $WORST < 15 else 'MISSED')")
mkdir -p "$(dirname "$REPORT")"
{
    echo "# Start-up benchmark: restart after kill -9 under load${LABEL:+ ($LABEL)}"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`AOT=${AOT:-0} RESTARTS=$RESTARTS LOAD_SECONDS=$LOAD_SECONDS bench/startup.sh\`."
    echo
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; load at start: \`$LOAD_AT_START\`"
    if [[ "${AOT:-0}" == 1 ]]; then
        echo "- App: \`java -Xmx512m -XX:+UseSerialGC -XX:AOTCache=app.aot -jar $(basename "$JAR")\` from the extracted jar (\`-Djarmode=tools extract\`); AOT cache $AOT_TRAINING; embedded PostgreSQL, rate limits off"
    else
        echo "- App: \`java -Xmx512m -XX:+UseSerialGC -jar $(basename "$JAR")\`, embedded PostgreSQL, rate limits off"
    fi
    echo "- A psql session (a bystander running \`SELECT pg_sleep(3600)\`) is connected to PostgreSQL at each kill"
    echo "- Load during each cycle, paused from the kill until the new HTTP port accepts: reserve+commit pairs at 16 connections, abandoned holds (TTL 5 s) at 2"
    echo "- First start on an empty database (initdb, all migrations): $FIRST_START s"
    echo
    echo "| restart | database at the kill | JVM launch → ready (s) | → first 201 (s) | JVM CPU to ready (s) | load average at ready | holds past due at first 201 |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Target: under 15 s on this machine — worst restart $WORST s: **$VERDICT**."
    echo
    echo "## Where the time goes"
    echo
    echo "$BREAKDOWN"
} >"$REPORT"
cat "$REPORT"
