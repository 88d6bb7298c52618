#!/usr/bin/env bash
# Audit write benchmark: 16 concurrent sessions recording audit events for one tenant and for 64 tenants.
# Usage: bench/audit-write.sh [-Dsessions=16 -Dduration=PT20S -Dwarmup=PT5S]
# Writes bench/results/audit-write.md (and prints it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
"$JAVA_HOME/bin/java" -Xmx1g "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.tollgate.bench.AuditWriteBenchmark
