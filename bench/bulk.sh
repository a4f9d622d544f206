#!/usr/bin/env bash
# A Salesforce Bulk API 2.0 query job of N accounts end to end: the loopback SalesforceBulkApi (parts of
# 50,000, Sforce-Locator) -> tributary-bulk-source (--once, -Xmx192m, pages of 1000) -> tributary-jdbc-sink
# (append) into embedded PostgreSQL (fsync off). Prints records/s and the child's peak RSS.
# Usage: bench/bulk.sh [N=1000000]      (about a minute at 1M on 2 cores)
# Memory flat in the job's size: compare the peak RSS at two sizes, e.g. 100000 and 1000000.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -cp "$PWD/target/classes:$PWD/target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.BulkBenchmark "$@"
