#!/usr/bin/env bash
# Policy engine benchmark (issue 14): a 100-rule bundle over the full decision context, p50/p99 per decision
# single-threaded (target p99 <= 50 us), and 100,000 recorded decisions simulated (target <= 10 s). No database.
# Usage: bench/policies.sh [-Ddecisions=200000 -Drecorded=100000 -Dreport=bench/results/policies.md]
# Writes bench/results/policies.md (and prints it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -z "${SKIP_BUILD:-}" ]]; then
    ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
"$JAVA_HOME/bin/java" -Xmx1g -Duptime="$(uptime)" "$@" \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.tollgate.bench.PolicyBenchmark
