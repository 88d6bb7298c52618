#!/usr/bin/env bash
# Expiry benchmark (issue 12 item 11): how long after expires_at an abandoned hold is really expired, under load.
#
# The app (packaged jar, -Xmx512m, zero-setup embedded PostgreSQL 18 in a temporary directory, rate limits off) is
# seeded like bench/ledger.sh (1 org, 50 teams, 1,000 agents with keys, agent and team budgets) plus one hot org
# budget every request locks. Then for DURATION seconds:
#   - LOAD_CONNECTIONS wrk connections run reserve+commit pairs (bench/ledger/pairs.lua), the bench's load;
#   - ABANDON_CONNECTIONS connections reserve with ttl_seconds=TTL and walk away (bench/expiry/abandon.lua), paced
#     by DELAY_MS between requests;
#   - once a second, psql counts the holds that are past due but still ACTIVE (the sweeper's backlog).
# After the load, it waits until no hold is past due. The expiry delay of each abandoned hold is
# finished_at - expires_at (both from the database clock); target: p99 <= 2 x the sweep interval.
#
# Usage: bench/expiry.sh   (env: DURATION=60 LOAD_CONNECTIONS=16 ABANDON_CONNECTIONS=2 DELAY_MS=80 TTL=5
#                           SWEEP_INTERVAL=5 SKIP_BUILD=1 JAR=path/to/other.jar LABEL=text REPORT=file)
# Writes bench/results/expiry.md (or $REPORT) and prints it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
DURATION=${DURATION:-60}
LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-16}
ABANDON_CONNECTIONS=${ABANDON_CONNECTIONS:-2}
DELAY_MS=${DELAY_MS:-80}
TTL=${TTL:-5}
SWEEP_INTERVAL=${SWEEP_INTERVAL:-5}
REPORT=${REPORT:-bench/results/expiry.md}
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

WORK=$(mktemp -d /tmp/tollgate-expiry-bench.XXXXXX)
APP_PID=""; SAMPLER_PID=""
cleanup() {
    [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
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
JAR=${JAR:-$(ls target/tollgate-*.jar | grep -v original | head -1)}
[[ "$JAR" = /* ]] || JAR="$ROOT/$JAR"

echo "== starting the app ($JAR)" >&2
(cd "$WORK" && exec "$JAVA" -Xmx512m -XX:+UseSerialGC -Dliquibase.duplicateFileMode=WARN -jar "$JAR" \
    --tollgate.embedded-db.data-dir="$WORK/pgdata" --tollgate.embedded-db.clean=true \
    --tollgate.embedded-db.port="$PGPORT" --tollgate.home="$WORK/home" \
    --server.port="$PORT" --management.server.port="$MPORT" \
    --tollgate.rate-limits.enabled=false --tollgate.ledger.sweep-interval="PT${SWEEP_INTERVAL}S" \
    --logging.level.root=WARN >"$WORK/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://localhost:$PORT/" && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; echo "the app died" >&2; exit 1; }
    sleep 1
done
export PGHOST=localhost PGPORT PGUSER=postgres PGDATABASE=tollgate

echo "== seeding 1 org, 50 teams, 1,000 agents with keys and budgets, one hot org budget" >&2
KEYS_FILE="$WORK/keys.txt"
TENANT=$("$JAVA" -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.tollgate.bench.LedgerBenchSeed "$PORT" "$PGPORT" "$KEYS_FILE" 2>"$WORK/seed.log" | tail -1)
[[ $(wc -l <"$KEYS_FILE") -eq 1000 ]] || { cat "$WORK/seed.log"; exit 1; }
psql -qc "INSERT INTO budgets (tenant_id, id, name, scope_type, period, limit_nanos, hard)
          VALUES ('$TENANT', uuidv7(), 'Org monthly (hot)', 'ORG', 'MONTHLY', 10000000 * 1000000000::bigint, true)"

echo "== warm-up (15 s of pairs, not reported)" >&2
KEYS_FILE="$KEYS_FILE" CONNS=16 wrk -t 16 -c 16 -d 15s -s bench/ledger/pairs.lua "http://localhost:$PORT" >/dev/null
STARTED=$(psql -Atc "SELECT now()")

echo "== load: ${DURATION}s of pairs at $LOAD_CONNECTIONS connections + abandoned holds (TTL ${TTL}s) at $ABANDON_CONNECTIONS" >&2
(while true; do
    psql -Atc "SELECT count(*) FROM reservations WHERE state = 'ACTIVE' AND expires_at <= now()" 2>/dev/null || true
    sleep 1
 done >"$WORK/backlog.txt") &
SAMPLER_PID=$!
KEYS_FILE="$KEYS_FILE" CONNS=$LOAD_CONNECTIONS wrk -t "$LOAD_CONNECTIONS" -c "$LOAD_CONNECTIONS" -d "${DURATION}s" \
    --timeout 10s -s bench/ledger/pairs.lua "http://localhost:$PORT" >"$WORK/pairs.txt" &
PAIRS_PID=$!
KEYS_FILE="$KEYS_FILE" CONNS=$ABANDON_CONNECTIONS TTL=$TTL DELAY_MS=$DELAY_MS wrk -t "$ABANDON_CONNECTIONS" \
    -c "$ABANDON_CONNECTIONS" -d "${DURATION}s" --timeout 10s -s bench/expiry/abandon.lua \
    "http://localhost:$PORT" >"$WORK/abandon.txt"
wait "$PAIRS_PID"
LOAD_ENDED=$(date +%s)
echo "== waiting for the sweeper to finish the backlog" >&2
for _ in $(seq 1 120); do
    [[ $(psql -Atc "SELECT count(*) FROM reservations WHERE state = 'ACTIVE' AND expires_at <= now()") -eq 0 ]] && break
    sleep 1
done
DRAINED_AFTER=$(( $(date +%s) - LOAD_ENDED ))
kill "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""

PAIRS=$(grep '^RESULT' "$WORK/pairs.txt" | sed -E 's/.*pairs_per_s=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+).*/\1 pairs\/s, p50 \2 ms, p99 \3 ms/')
ABANDONED=$(grep '^RESULT' "$WORK/abandon.txt")
read -r COUNT P50 P95 P99 MAX STILL <<<"$(psql -F' ' -Atc "
    SELECT count(*),
      round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::numeric, 2),
      round(percentile_cont(0.95) WITHIN GROUP (ORDER BY d)::numeric, 2),
      round(percentile_cont(0.99) WITHIN GROUP (ORDER BY d)::numeric, 2),
      round(max(d)::numeric, 2),
      (SELECT count(*) FROM reservations WHERE state = 'ACTIVE' AND expires_at <= now())
    FROM (SELECT extract(epoch FROM finished_at - expires_at) AS d FROM reservations
          WHERE state = 'EXPIRED' AND created_at >= '$STARTED') x")"
read -r BACKLOG_P50 BACKLOG_MAX <<<"$(sort -n "$WORK/backlog.txt" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[NR]}')"
TARGET=$((2 * SWEEP_INTERVAL))
VERDICT=$(python3 -c "print('met' if float('$P99') <= $TARGET else 'MISSED')")
OVERSPEND=$(psql -Atc "SELECT count(*) FROM budget_windows WHERE hard AND reserved_nanos + committed_nanos > limit_nanos")

mkdir -p "$(dirname "$REPORT")"
{
    echo "# Expiry benchmark: delay from expires_at to EXPIRED under load${LABEL:+ ($LABEL)}"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`DURATION=$DURATION LOAD_CONNECTIONS=$LOAD_CONNECTIONS ABANDON_CONNECTIONS=$ABANDON_CONNECTIONS DELAY_MS=$DELAY_MS TTL=$TTL SWEEP_INTERVAL=$SWEEP_INTERVAL bench/expiry.sh\`."
    echo
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; load at start: \`$LOAD_AT_START\`"
    echo "- App: \`java -Xmx512m -XX:+UseSerialGC -jar $(basename "$JAR")\`, embedded PostgreSQL, rate limits off, sweep interval ${SWEEP_INTERVAL} s"
    echo "- Load: reserve+commit pairs from 1,000 agents (bench/ledger/pairs.lua), every reservation also locks one hot org window: $PAIRS"
    echo "- Abandoned holds (TTL $TTL s, never committed): \`$ABANDONED\`"
    echo
    echo "| expired holds | p50 s | p95 s | p99 s | max s | target p99 | verdict |"
    echo "|---:|---:|---:|---:|---:|---:|---|"
    echo "| $COUNT | $P50 | $P95 | $P99 | $MAX | ≤ $TARGET s (2 × sweep interval) | $VERDICT |"
    echo
    echo "Past-due holds still ACTIVE, sampled every second during the load: median $BACKLOG_P50, max $BACKLOG_MAX."
    echo "After the load the backlog was empty within $DRAINED_AFTER s; past due at the end: $STILL. Windows over a hard limit: $OVERSPEND."
} >"$REPORT"
cat "$REPORT"
