#!/usr/bin/env bash
# Per-request overhead (issue 13 item 3): what one API request costs the app in CPU and allocations, measured while
# wrk drives it through real HTTP. CPU time of the JVM (and, apart, of PostgreSQL) per request and bytes allocated
# per request do not depend much on what else runs on the machine, unlike throughput, so they are what this bench
# reports first. Cases, each at 1 connection (and the reserve+commit pairs also at 16):
#   pair      POST /v1/reservations then POST /v1/reservations/{id}/commit (bench/ledger/pairs.lua, API keys)
#   read      GET /v1/organization with an API key (authentication from the key cache, one small transaction)
#   refused   POST /v1/reservations without credentials (401: the filter chains and a problem body, no database)
# With POOL_SIZES (e.g. "10 20 40") it also restarts the app once per Hikari pool size and measures reserve+commit
# pairs/s, p50 and p99 at POOL_CONNECTIONS (default "16 64") connections, with optional extra app arguments
# (POOL_ARGS, where {size} stands for the pool size, e.g. --tollgate.api.concurrency.max-requests={size}).
# SKIP_CPU=1 leaves out the CPU cases (for a second pool run).
#
# The app is the packaged jar as bench/ledger.sh runs it (-Xmx512m, SerialGC, embedded PostgreSQL in a temporary
# directory, rate limits off), seeded by LedgerBenchSeed with AGENTS (default 100) agents.
#
# Usage: LABEL=after DURATION=20 bench/overhead.sh     (SKIP_BUILD=1, JFR=1 profiles the pair and refused cases
#        at 1 connection after the measurements,
#        APP_ARGS="--some.property=x" adds arguments to every start)
# Writes bench/results/overhead-$LABEL.md (and prints it); with JFR=1 also bench/results/overhead-$LABEL-profile.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
LABEL=${LABEL:-run}
DURATION=${DURATION:-20}
AGENTS=${AGENTS:-100}
POOL_SIZES=${POOL_SIZES:-}
POOL_CONNECTIONS=${POOL_CONNECTIONS:-"16 64"}
POOL_ARGS=${POOL_ARGS:-}
APP_ARGS=${APP_ARGS:-}
RESULTS=${RESULTS:-bench/results}
mkdir -p "$RESULTS"
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/tollgate-overhead-bench.XXXXXX)
APP_PID=""
stop_app() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true # SIGTERM: Boot stops the embedded PostgreSQL with it
        for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$APP_PID" 2>/dev/null || true
    fi
    APP_PID=""
    if [[ -f "$WORK/pgdata/postmaster.pid" ]]; then
        kill "$(head -1 "$WORK/pgdata/postmaster.pid")" 2>/dev/null || true
        for _ in $(seq 1 30); do [[ -f "$WORK/pgdata/postmaster.pid" ]] || break; sleep 1; done
    fi
}
cleanup() { stop_app; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); PGPORT=$(free_port); MPORT=$(free_port)
LOAD_AT_START=$(uptime)

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "== packaging (tests skipped)" >&2
    ./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
JAR=$(realpath "${JAR:-$(ls target/tollgate-*.jar | grep -v original | head -1)}")

start_app() { # extra arguments… (the data directory is kept across restarts: a clean one would be deleted on stop)
    (cd "$WORK" && exec "$JAVA" -Xmx512m -XX:+UseSerialGC -Dliquibase.duplicateFileMode=WARN -jar "$JAR" \
        --tollgate.embedded-db.data-dir="$WORK/pgdata" --tollgate.embedded-db.clean=false \
        --tollgate.embedded-db.port="$PGPORT" --tollgate.home="$WORK/home" \
        --server.port="$PORT" --management.server.port="$MPORT" \
        --tollgate.rate-limits.enabled=false --logging.level.root=WARN $APP_ARGS "$@" >>"$WORK/app.log" 2>&1) &
    APP_PID=$!
    for _ in $(seq 1 300); do
        curl -s -o /dev/null "http://localhost:$PORT/" && return 0
        kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; echo "the app died" >&2; exit 1; }
        sleep 1
    done
    echo "the app did not start" >&2; exit 1
}

# Clock ticks of user + system CPU: the JVM's, and PostgreSQL's (postmaster, its live backends, and the backends
# that ended, which the kernel adds to the postmaster's children's time).
jvm_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
pg_ticks() {
    local master; master=$(head -1 "$WORK/pgdata/postmaster.pid")
    local total; total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat")
    for child in $(pgrep -P "$master"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
# Bytes allocated so far: Micrometer's jvm.gc.memory.allocated counts young-generation growth up to each GC, so the
# young generation's current use is added for the part since the last one.
allocated() {
    curl -s "http://localhost:$MPORT/actuator/prometheus" | awk '
        /^jvm_gc_memory_allocated_bytes_total/ {a = $2}
        /^jvm_memory_used_bytes\{.*id="(Eden Space|Survivor Space)"/ {e += $2}
        END {printf "%.0f\n", a + e}'
}
TICKS=$(getconf CLK_TCK)

ROWS=()
measure() { # name conns script [env assignments…] → a row of the CPU table
    local name=$1 c=$2 script=$3; shift 3
    local j0 p0 a0 j1 p1 a1 out requests result
    j0=$(jvm_ticks); p0=$(pg_ticks); a0=$(allocated)
    out=$(env "$@" CONNS="$c" wrk -t "$c" -c "$c" -d "${DURATION}s" --timeout 10s -s "$script" "http://localhost:$PORT")
    j1=$(jvm_ticks); p1=$(pg_ticks); a1=$(allocated)
    requests=$(grep -oP '^\s*\K[0-9]+(?= requests in)' <<<"$out")
    result=$(grep '^RESULT' <<<"$out")
    local p50 p99 errors
    p50=$(grep -oP 'p50_ms=\K[0-9.]+' <<<"$result"); p99=$(grep -oP 'p99_ms=\K[0-9.]+' <<<"$result")
    errors=$(grep -oP 'errors=\K[0-9]+' <<<"$result")
    local row
    row=$(python3 -c '
import sys
name, c, req, dur, j, p, a, tick, p50, p99, err = sys.argv[1:12]
req = int(req); dur = float(dur); tick = int(tick)
idle_cpu, idle_kb = int(sys.argv[12]), int(sys.argv[13])
cpu = int(j) * 1e6 / tick
print(f"| {name} | {c} | {req} | {req / dur:.0f} | {p50} | {p99} | {cpu / req:.0f} | {(cpu - idle_cpu * dur) / req:.0f} | "
      f"{int(p) * 1e6 / tick / req:.0f} | {int(a) / 1024 / req:.0f} | {(int(a) / 1024 - idle_kb * dur) / req:.0f} | {err} |")' \
        "$name" "$c" "$requests" "$DURATION" "$((j1 - j0))" "$((p1 - p0))" "$((a1 - a0))" "$TICKS" "$p50" "$p99" "$errors" \
        "$IDLE_CPU_US_PER_S" "$IDLE_KB_PER_S")
    echo "   $row" >&2
    ROWS+=("$row")
}

echo "== starting the app (-Xmx512m, embedded PostgreSQL in $WORK/pgdata)" >&2
start_app
echo "== seeding 1 org, $((AGENTS / 20)) teams, $AGENTS agents with keys and budgets" >&2
KEYS_FILE="$WORK/keys.txt"
"$JAVA" -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.tollgate.bench.LedgerBenchSeed "$PORT" "$PGPORT" "$KEYS_FILE" "$AGENTS" >"$WORK/seed.out" 2>"$WORK/seed.log" \
    || { cat "$WORK/seed.log"; exit 1; }
ADMIN_KEY=$(cat "$KEYS_FILE.admin")

PAIRS=(bench/ledger/pairs.lua KEYS_FILE="$KEYS_FILE")
READ=(bench/overhead/request.lua METHOD=GET URL_PATH=/v1/organization KEY="$ADMIN_KEY" EXPECT=200)
REFUSED=(bench/overhead/request.lua METHOD=POST URL_PATH=/v1/reservations BODY='{}' EXPECT=401)

LOAD_AT_MEASURE="not measured"; LOAD_AFTER_MEASURE="not measured"
if [[ -z "${SKIP_CPU:-}" ]]; then
echo "== warm-up (${DURATION}s of each case, not reported)" >&2
KEYS_FILE="$KEYS_FILE" CONNS=4 wrk -t 4 -c 4 -d "${DURATION}s" -s bench/ledger/pairs.lua "http://localhost:$PORT" >/dev/null
env "${READ[@]:1}" wrk -t 2 -c 2 -d "$((DURATION / 2))s" -s "${READ[0]}" "http://localhost:$PORT" >/dev/null
env "${REFUSED[@]:1}" wrk -t 2 -c 2 -d "$((DURATION / 2))s" -s "${REFUSED[0]}" "http://localhost:$PORT" >/dev/null

echo "== idle: the app's own background work (schedulers, sealer, pool housekeeping) over ${DURATION}s" >&2
j0=$(jvm_ticks); a0=$(allocated); sleep "$DURATION"; j1=$(jvm_ticks); a1=$(allocated)
IDLE_CPU_US_PER_S=$(( (j1 - j0) * 1000000 / TICKS / DURATION ))
IDLE_KB_PER_S=$(( (a1 - a0) / 1024 / DURATION ))
echo "   idle: $IDLE_CPU_US_PER_S µs CPU/s, $IDLE_KB_PER_S KB allocated/s" >&2

echo "== CPU and allocations per request" >&2
LOAD_AT_MEASURE=$(uptime)
measure "pair (reserve, commit)" 1 "${PAIRS[@]}"
measure "read (GET /v1/organization)" 1 "${READ[@]}"
measure "refused (401, no credentials)" 1 "${REFUSED[@]}"
measure "pair (reserve, commit)" 16 "${PAIRS[@]}"
LOAD_AFTER_MEASURE=$(uptime)

if [[ -n "${JFR:-}" ]]; then # after the measurements, which the recording would slow down
    for profiled in pair refused; do
        echo "== JFR of the $profiled case at 1 connection" >&2
        "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=$profiled settings=profile filename="$WORK/$profiled.jfr" >/dev/null
        if [[ $profiled == pair ]]; then set -- "${PAIRS[@]}"; else set -- "${REFUSED[@]}"; fi
        script=$1; shift
        env "$@" CONNS=1 wrk -t 1 -c 1 -d "${DURATION}s" -s "$script" "http://localhost:$PORT" >/dev/null
        "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=$profiled >/dev/null
    done
fi
fi

POOL_ROWS=()
if [[ -n "$POOL_SIZES" ]]; then
    for size in $POOL_SIZES; do
        stop_app
        args=${POOL_ARGS//\{size\}/$size}
        echo "== pool size $size $args" >&2
        start_app --spring.datasource.hikari.maximum-pool-size="$size" $args
        KEYS_FILE="$KEYS_FILE" CONNS=16 wrk -t 16 -c 16 -d "${DURATION}s" -s bench/ledger/pairs.lua "http://localhost:$PORT" >/dev/null
        for c in $POOL_CONNECTIONS; do
            out=$(KEYS_FILE="$KEYS_FILE" CONNS=$c wrk -t "$c" -c "$c" -d "${DURATION}s" --timeout 10s \
                -s bench/ledger/pairs.lua "http://localhost:$PORT" | grep '^RESULT')
            row=$(sed -E "s/.*errors=([0-9]+).*pairs_per_s=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+)/| $size | $c | \2 | \3 | \4 | \1 | $(uptime | grep -oP 'load average: \K.*')/" <<<"$out")
            echo "   $row" >&2
            POOL_ROWS+=("$row |")
        done
    done
fi

REPORT="$RESULTS/overhead-$LABEL.md"
{
    echo "# Per-request overhead: $LABEL"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`LABEL=$LABEL DURATION=$DURATION${POOL_SIZES:+ POOL_SIZES=\"$POOL_SIZES\"}${APP_ARGS:+ APP_ARGS=\"$APP_ARGS\"} bench/overhead.sh\` at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (with uncommitted changes)')."
    echo
    echo "- Machine: $(nproc) CPUs, load at start \`$LOAD_AT_START\`, before measuring \`$LOAD_AT_MEASURE\`, after \`$LOAD_AFTER_MEASURE\`"
    echo "- App: \`java -Xmx512m -XX:+UseSerialGC -jar $JAR\`, embedded PostgreSQL, rate limits off, $AGENTS agents; ${DURATION} s per case after a warm-up"
    echo "- CPU µs/request: user + system CPU of the process over the case ÷ requests (clock ticks of 1/$TICKS s);"
    echo "  KB/request: bytes the JVM allocated over the case ÷ requests (jvm.gc.memory.allocated + young generation in use)."
    echo "  A pair counts as two requests."
    echo
    echo "- Idle app (no requests, measured before the cases): ${IDLE_CPU_US_PER_S:-?} µs CPU/s, ${IDLE_KB_PER_S:-?} KB allocated/s; the net"
    echo "  columns subtract it (idle rate × case duration) before dividing by the requests."
    echo
    echo "| case | conns | requests | req/s | p50 ms | p99 ms | app CPU µs/req | net of idle | PostgreSQL CPU µs/req | app KB/req | net of idle | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if ((${#ROWS[@]})); then printf '%s\n' "${ROWS[@]}"; fi
    if ((${#POOL_ROWS[@]})); then
        echo
        echo "## Hikari pool size (reserve+commit pairs${POOL_ARGS:+, app started with \`$POOL_ARGS\`})"
        echo
        echo "| pool size | conns | pairs/s | p50 ms | p99 ms | errors | load average after |"
        echo "|---:|---:|---:|---:|---:|---:|---|"
        printf '%s\n' "${POOL_ROWS[@]}"
    fi
} >"$REPORT"
cat "$REPORT"

if [[ -n "${JFR:-}" && -z "${SKIP_CPU:-}" ]]; then
    for profiled in pair refused; do
        rec="$WORK/$profiled.jfr"
        echo "# JFR of the $profiled case at 1 connection: $LABEL"
        for view in hot-methods allocation-by-site allocation-by-class; do
            echo; echo "## jfr view $view"
            "$JAVA_HOME/bin/jfr" view --width 200 "$view" "$rec" 2>&1 | head -45 || true
        done
        echo; echo "## inclusive share of CPU samples: filters, security, observation, logging, Jackson, validation, app"
        "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 200 "$rec" \
            | python3 bench/overhead/inclusive.py '^(io\.tollgate|org\.springframework\.(security|web|transaction|orm|jdbc)|io\.micrometer|io\.opentelemetry|ch\.qos|org\.slf4j|tools\.jackson|com\.fasterxml|org\.hibernate|org\.apache\.catalina|org\.postgresql|com\.zaxxer)' 70 || true
        echo
        cp "$rec" "target/overhead-$LABEL-$profiled.jfr" 2>/dev/null || true
    done >"$RESULTS/overhead-$LABEL-profile.txt" 2>&1
fi
