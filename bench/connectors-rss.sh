#!/usr/bin/env bash
# Memory per connector: starts the packaged JAR in its normal (scheduled) mode with N copies of the
# demo observations connector (each its own table and cursor), waits until every one has finished its
# first sync of the demo's history, lets it settle and prints the process's resident memory (RSS) and
# live threads, and the heap still in use after a full GC. Run it for two values of N; the difference divided by the extra connectors is the
# cost of one connector. Usage: bench/connectors-rss.sh [N ...]   (default: 1 20), heap -Xmx256m.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tributary.jar ] || ./mvnw -B -q package -DskipTests
jar=$PWD/target/tributary.jar
printf '%-11s %8s %12s %8s %18s\n' connectors records "RSS MiB" threads "live heap MiB (GC)"
for n in "${@:-1 20}"; do
  for n in $n; do
  work=$(mktemp -d)
  mkdir -p "$work/routes"
  cp routes/weather-observations.schema.yaml "$work/routes/"
  cp application.properties "$work/"
  for i in $(seq 1 "$n"); do
    sed -e "s/^    id: weather-observations$/    id: weather-observations-$i/" \
        -e "s/timer:weather-observations?period=120000\"/timer:weather-observations-$i?period=3600000\"/" \
        -e "s/table: weather_observations$/table: weather_observations_$i/" \
        routes/weather-observations.camel.yaml > "$work/routes/weather-observations-$i.camel.yaml"
  done
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ( cd "$work" && exec java -Xmx256m -jar "$jar" --tributary.demo.port="$port" --tributary.demo.daily-quota=1000000 \
      --tributary.demo.history=PT24H > run.log 2>&1 ) &
  pid=$!
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { echo "Tributary stopped; see below"; tail -5 "$work/run.log"; exit 1; }
    done_count=$(grep -c 'outcome=success' "$work/run.log" || true)
    [ "$done_count" -ge "$n" ] && break
    sleep 0.5
  done
  sleep 10
  jpid=$(pgrep -P "$pid" java || echo "$pid")
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/"$jpid"/status)
  threads=$(awk '/Threads/ {print $2}' /proc/"$jpid"/status)
  jcmd "$jpid" GC.run > /dev/null 2>&1 || true   # live set: what the connectors really hold
  sleep 1
  heap=$(jcmd "$jpid" GC.heap_info 2>/dev/null | awk '/used/ {for(i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print int(v/1024); exit}}' || echo "?")
  records=$(grep -o 'records=[0-9]*' "$work/run.log" | head -"$n" | cut -d= -f2 | paste -sd+ | bc)
  printf '%-11s %8s %12s %8s %18s\n' "$n" "$records" "$rss" "$threads" "$heap"
  kill "$jpid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  done
done
