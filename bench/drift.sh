#!/usr/bin/env bash
# Schema drift's cost per record: Shopify-like orders checked with a schema mapping only top-level fields
# and with one mapping customer.address.* (nested drift walks that object), next to mapping the record.
# Usage: bench/drift.sh [N=200000] [ROUNDS=7]      (under a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g -cp "$PWD/target/classes:$PWD/target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.DriftBenchmark "$@"
