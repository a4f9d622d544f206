#!/usr/bin/env bash
# Which Parquet writer: parquet-java (through the parquet sink itself) vs an in-process DuckDB (Appender,
# then COPY TO), N rows of bench/formats.sh's columns into one Snappy file, each in its own JVM with -Xmx192m
# (the formats bench's child heap). Usage: bench/parquet-writers.sh [N=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
for mode in parquet-java duckdb; do
  java -Xmx192m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.ParquetWriterBenchmark "$mode" "${1:-1000000}" 2>&1 | grep -v '^SLF4J\|INFO'
done
