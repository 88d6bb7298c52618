#!/usr/bin/env bash
# Writes the populated-database snapshot that PopulatedUpgradeTest upgrades to the current changelog (issue 21,
# item 5). It builds RELEASE (a commit, default HEAD) in a temporary worktree, starts that release's jar on its
# embedded PostgreSQL, populates it over HTTP with io.tollgate.upgrade.UpgradeSnapshotWriter (from the current
# tree's test classes), and writes src/test/resources/upgrade/snapshot-<last changeset file number>.sql.
#
# Usage: scripts/upgrade-snapshot.sh [RELEASE]   Run it when a release ships, and commit the file it writes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RELEASE=${1:-HEAD}
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
WORK=$(mktemp -d /tmp/tollgate-upgrade-snapshot.XXXXXX)
APP_PID=""
cleanup() {
    [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
    if [[ -f "$WORK/pgdata/postmaster.pid" ]]; then
        kill "$(head -1 "$WORK/pgdata/postmaster.pid")" 2>/dev/null || true
        sleep 2
    fi
    git -C "$ROOT" worktree remove --force "$WORK/release" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }

echo "== building release $RELEASE and the current test classes" >&2
git worktree add -q --detach "$WORK/release" "$RELEASE"
(cd "$WORK/release" && ./mvnw -B -q -ntp -DskipTests package >/dev/null)
./mvnw -B -q -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/upgrade.classpath >/dev/null
JAR=$(ls "$WORK"/release/target/tollgate-*.jar | grep -v original | head -1)
LAST=$(ls "$WORK/release/db/changelog" | grep -E '^[0-9]{4}-' | sort | tail -1 | cut -c1-4)

PORT=$(free_port); PGPORT=$(free_port); MPORT=$(free_port)
echo "== starting release $RELEASE (changelog through $LAST)" >&2
(cd "$WORK" && exec "$JAVA" -Xmx512m -jar "$JAR" --tollgate.embedded-db.data-dir="$WORK/pgdata" \
    --tollgate.embedded-db.port="$PGPORT" --tollgate.home="$WORK/home" --server.port="$PORT" \
    --management.server.port="$MPORT" --logging.level.root=WARN \
    >"$WORK/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://localhost:$PORT/" && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; echo "the release died" >&2; exit 1; }
    sleep 1
done

OUT="src/test/resources/upgrade/snapshot-$LAST.sql"
echo "== populating and writing $OUT" >&2
"$JAVA" -Xmx256m -cp "target/test-classes:target/classes:$(cat target/upgrade.classpath)" \
    io.tollgate.upgrade.UpgradeSnapshotWriter "$PORT" "$PGPORT" "$ROOT/$OUT" "$(git rev-parse --short "$RELEASE")"
echo "== wrote $OUT ($(wc -c <"$OUT") bytes)" >&2
