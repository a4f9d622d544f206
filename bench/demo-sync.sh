#!/usr/bin/env bash
# Prints how fast the shipped demo connector syncs and how much memory it needs, at two sync sizes,
# each in a fresh JVM with a fresh H2 database and a deliberately small heap. If pages stream
# through, peak RSS stays flat as the sync grows; if something collected the whole sync, the large
# run would die of OutOfMemoryError under -Xmx64m. Usage: bench/demo-sync.sh [hours-small] [hours-large]
# (each hour is 600 records: 10 stations reporting every minute).
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-72}
large=${2:-720}
[ -f target/tributary.jar ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r routes application.properties "$work"/
jar=$PWD/target/tributary.jar

printf '%-9s %10s %8s %10s %12s %13s\n' hours records pages seconds records/s "peak RSS MiB"
for hours in "$small" "$large"; do
  rm -rf "$work/data"
  ( cd "$work" && /usr/bin/time -f '%M' -o rss.txt java -Xmx64m -jar "$jar" --once \
      --tributary.demo.history=PT${hours}H --tributary.demo.daily-quota=1000000 --tributary.ratelimit.weather.per-day=1000000 \
      --camel.main.routes-include-pattern=file:routes/weather-observations.camel.yaml > run.log 2>&1 ) \
    || { echo "run failed, see below"; tail -20 "$work/run.log"; exit 1; }
  line=$(grep 'sync connector=weather-observations' "$work/run.log" | tail -1)
  field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$line"; }
  printf '%-9s %10s %8s %10s %12s %13s\n' "$hours" "$(field records)" "$(field pages)" \
    "$(field duration | tr -d s)" "$(field records_per_s)" "$(( $(cat "$work/rss.txt") / 1024 ))"
done
