#!/usr/bin/env bash
# Many connectors in one process: starts the packaged JAR in its normal (scheduled) mode with N copies
# of the demo observations connector (each its own table and cursor), all syncing the demo's history
# at once (their timers fire together after start-up). For each N prints: the records of all first
# syncs, the window from the first sync's start to the last one's end (from the summary lines), the
# aggregate records/s over it, the process's CPU over it (utime+stime from /proc/PID/stat, as CPU-s and
# % of one core), then after they settle: resident memory (RSS), live threads, the heap still in use
# after a full GC, and the load average (the machine may be shared). Per-connector memory is the
# difference to the first N divided by the extra connectors.
# Usage: bench/connectors-rss.sh [N ...]   (default: 1 10 50); XMX=256m HISTORY=PT24H POOL=5 by default;
# KEEP_LOGS=DIR keeps each run's log as DIR/connectors-N.log.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tributary.jar ] || ./mvnw -B -q package -DskipTests
jar=$PWD/target/tributary.jar
xmx=${XMX:-256m}
history=${HISTORY:-PT24H}
# the shipped pool (5) makes syncs beyond it wait for a connection up to 10 s, then fail; POOL=20 for 50
pool=${POOL:-5}
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' /proc/"$1"/stat; }
echo "-Xmx$xmx, demo history $history, tributary.db.pool-size=$pool, $(nproc) cores"
printf '%-10s %8s %8s %10s %7s %6s %8s %8s %10s %10s %10s  %s\n' connectors records "sync s" "records/s" "CPU s" "CPU %" "RSS MiB" threads "heap MiB" "RSS/conn" "heap/conn" "load avg"
first_n=""; first_rss=""; first_heap=""
for n in ${@:-1 10 50}; do
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
  mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ( cd "$work" && exec java -Xmx"$xmx" -jar "$jar" --tributary.demo.port="$port" --tributary.demo.daily-quota=100000000 \
      --tributary.ratelimit.weather.per-day=100000000 --camel.management.port="$mport" \
      --tributary.db.pool-size="$pool" \
      --tributary.demo.history="$history" > run.log 2>&1 ) &
  pid=$!
  cpu0=""
  for _ in $(seq 1 2400); do
    kill -0 "$pid" 2>/dev/null || { echo "Tributary stopped; see below"; tail -5 "$work/run.log"; exit 1; }
    # the routes start just before Camel's "started in" line; their timers fire a second later
    if [ -z "$cpu0" ] && grep -q 'started in' "$work/run.log"; then cpu0=$(cpu_ticks "$pid"); fi
    done_count=$(grep -c 'outcome=\(success\|failed\)' "$work/run.log" || true)
    [ "$done_count" -ge "$n" ] && break
    sleep 0.25
  done
  cpu1=$(cpu_ticks "$pid")
  sleep 10
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/"$pid"/status)
  threads=$(awk '/Threads/ {print $2}' /proc/"$pid"/status)
  jcmd "$pid" GC.run > /dev/null 2>&1 || true   # live set: what the connectors really hold
  sleep 1
  heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/used/ {for(i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print int(v/1024); exit}}' || echo "?")
  # first sync start (end - duration) to last sync end, from the summary lines' timestamps
  read -r records window < <(python3 - "$work/run.log" <<'PY'
import re, sys, datetime
starts, ends, records = [], [], 0
for line in open(sys.argv[1]):
    m = re.match(r'(\S+) .*sync connector=\S+ outcome=success records=(\d+) .* duration=([\d.]+)s', line)
    if m:
        end = datetime.datetime.fromisoformat(m.group(1).replace('Z', '+00:00')).timestamp()
        ends.append(end); starts.append(end - float(m.group(3))); records += int(m.group(2))
print(records, "%.2f" % (max(ends) - min(starts)))
PY
)
  cpus=$(echo "scale=1; ($cpu1 - ${cpu0:-0}) / $hz" | bc)
  rate=$(echo "$records / $window" | bc)
  cpupct=$(echo "100 * $cpus / $window" | bc)
  per_rss="-"; per_heap="-"
  if [ -z "$first_n" ]; then first_n=$n; first_rss=$rss; first_heap=$heap
  elif [ "$n" -gt "$first_n" ]; then
    per_rss=$(echo "scale=1; ($rss - $first_rss) / ($n - $first_n)" | bc)
    per_heap=$(echo "scale=2; ($heap - $first_heap) / ($n - $first_n)" | bc)
  fi
  printf '%-10s %8s %8s %10s %7s %6s %8s %8s %10s %10s %10s  %s\n' "$n" "$records" "$window" "$rate" "$cpus" "$cpupct" "$rss" "$threads" "$heap" "$per_rss" "$per_heap" "$(cut -d' ' -f1-3 /proc/loadavg)"
  failed=$(grep -c 'outcome=failed' "$work/run.log" || true)
  [ "$failed" -eq 0 ] || echo "  $failed syncs failed, e.g.: $(grep -m1 -o 'outcome=failed.*' "$work/run.log" | cut -c1-300)"
  [ -z "${KEEP_LOGS:-}" ] || cp "$work/run.log" "$KEEP_LOGS/connectors-$n.log"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
done
