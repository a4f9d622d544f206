#!/usr/bin/env bash
# Long bodies through the HTTP source: a CSV export and a JSON Lines export of SIZE_MB each, and the
# same records as paged JSON, each loaded by Tributary's main (--once, -Xmx192m) into PostgreSQL.
# Usage: bench/formats.sh [SIZE_MB=1024] [FORMATS=csv,jsonl,json,sql,parquet] [RECORDS]  (about 2 minutes a GB a format here)
# sql: the same records as a PostgreSQL table read by tributary-sql-source (keyset pages of 1000).
# parquet: the paged JSON into tributary-file-sink format parquet (next to json: the same into PostgreSQL),
# e.g. bench/formats.sh 0 json,parquet 1000000
# Memory flat in the body size: compare the peak RSS at two sizes, e.g. 128 and 1024.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g -cp "$PWD/target/classes:$PWD/target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.FormatBenchmark "$@"
