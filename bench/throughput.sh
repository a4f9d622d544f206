#!/usr/bin/env bash
# Throughput benchmark: Tributary (the http-to-jdbc template) vs a raw hand-written pipeline vs a naive
# Camel route, into PostgreSQL and H2, from a loopback API serving N records from memory.
# Usage: bench/throughput.sh [N=1000000] [NAIVE_N=20000]      (about 5-8 minutes on 2 cores at 1M)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.Benchmark "$@"
