#!/usr/bin/env bash
# Profiles one bench mode with JFR: runs it (bench/throughput.sh's child JVM, N records) with a flight
# recording, then prints the hottest frames of its execution samples: the top frames ("self") and
# the frames anywhere on the sampled stacks ("total"), each as a share of the samples.
# Usage: bench/profile.sh [MODE=tributary:postgresql] [N=1000000] [TOP=25]
#   modes as in -Dbench.only: tributary, tributary-kamelet, tributary-append, raw2, rawcopy, fetchparse
#   (fetchparse:none), each :postgresql, :h2 or :duckdb. The recording stays in /tmp/tributary-profile/.
# On JDK 21+ `jfr view hot-methods FILE` gives the same top frames.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-tributary:postgresql}
n=${2:-1000000}
top=${3:-25}
out=/tmp/tributary-profile
mkdir -p "$out"
rm -f "$out"/*.jfr
BENCH_OPTS="-Dbench.only=$mode -Dbench.rounds=1" \
  BENCH_CHILD_OPTS="-XX:StartFlightRecording=filename=$out/{mode}-{round}.jfr,settings=profile" \
  bench/throughput.sh "$n"
for f in "$out"/*.jfr; do
  echo
  echo "== $f"
  jfr summary "$f" | grep -E 'jdk.ExecutionSample|Duration|Start' || true
  # jfr print lists each sample's stack, top frame first, one "  frame line: N bci: M" per line
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$f" |
    awk '
      /jdk.ExecutionSample/ { samples++; first = 1; for (k in seen) delete seen[k]; next }
      /line:/ {
        frame = $1
        if (first) { self[frame]++; first = 0 }
        if (!(frame in seen)) { total[frame]++; seen[frame] = 1 }
      }
      END {
        for (f in self) printf "self %d %.1f%% %s\n", self[f], 100 * self[f] / samples, f
        for (f in total) printf "total %d %.1f%% %s\n", total[f], 100 * total[f] / samples, f
        printf "samples %d\n", samples
      }' >"$out/frames.txt"
  grep '^samples' "$out/frames.txt"
  echo "-- self (top frame)"
  grep '^self ' "$out/frames.txt" | sort -k2,2nr | head -n "$top" | awk '{printf "%7s  %s\n", $3, $4}'
  echo "-- total (anywhere on the stack)"
  grep '^total ' "$out/frames.txt" | sort -k2,2nr | head -n "$top" | awk '{printf "%7s  %s\n", $3, $4}'
done
