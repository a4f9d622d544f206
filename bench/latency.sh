#!/usr/bin/env bash
# Latency-bound sources: a child stream over 32 parents, one stream in 32 date windows, then one stream of 160 numbered pages, against a loopback API that answers each page
# after 200 ms, at concurrency 1, 2, 4, 8, 16 (io.tributary.bench.LatencyBench, in src/test), into H2:
# records/s, the ratio to concurrency 1, the requests/s the server counted, the most in any one second
# (sliding) and in a calendar second, and whether the table is exact. Usage: bench/latency.sh   (about 3 minutes)
# Options: BENCH_OPTS='-Dbench.perSecond=20' (a budget, rateLimit) '-Dbench.latencyMs=500'
#          '-Dbench.parents=64' '-Dbench.pages=5' '-Dbench.shapes=pages'
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g ${BENCH_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.LatencyBench "$@"
