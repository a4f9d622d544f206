#!/usr/bin/env bash
# Throughput benchmark: Tributary (the http-to-jdbc template, and the same connector as a route from the
# tributary-http-source Kamelet to tributary-jdbc-sink) vs a raw hand-written pipeline vs a naive
# Camel route, into PostgreSQL and H2 (and Tributary into DuckDB), from a loopback API serving N records from memory.
# Usage: bench/throughput.sh [N=1000000] [NAIVE_N=20000]      (about 7-10 minutes on 2 cores at 1M)
# Profiling: BENCH_OPTS='-Dbench.only=rawcopy:postgresql,tributary-append:postgresql -Dbench.rounds=3'
# runs only those (median and ratio to the first); BENCH_CHILD_OPTS='-XX:StartFlightRecording=filename=/tmp/{mode}-{round}.jfr'
# adds options to each child JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g ${BENCH_OPTS:-} "-Dbench.childArgs=${BENCH_CHILD_OPTS:-}" -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.Benchmark "$@"
