#!/usr/bin/env bash
# Rate limiter cost per bucket draw on an embedded PostgreSQL: settle-every-draw, default batching, local only;
# 1 and 16 threads; 1,000 distinct keys and one hot key.
# Usage: bench/ratelimit.sh [-Dduration=PT5S -Dwarmup=PT2S]
# Writes bench/results/ratelimit.md (and prints it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
"$JAVA_HOME/bin/java" -Xmx512m "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.tollgate.platform.internal.ratelimit.RateLimiterBenchmark
