#!/usr/bin/env bash
# Webhook events/s: the packaged JAR runs examples/github-webhooks (signature check, append into
# PostgreSQL (embedded) and then an H2 file); 1, 4 and 16 senders post signed GitHub deliveries (one in
# ten a redelivery) for SECONDS each. Prints acknowledged events/s, the JVM's CPU, how often thread
# dumps caught the sink step (and a sender blocked on its lock), the load average, and whether the
# table holds exactly one row per distinct delivery. The endpoint's rateLimit (50/s by default) is lifted to
# -Dbench.webhookRate (100000) in BENCH_OPTS. Usage: bench/webhooks.sh [SECONDS=15]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tributary.jar ] || ./mvnw -B -q package -DskipTests
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx512m ${BENCH_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.tributary.bench.WebhookBenchmark "$@"
