#!/usr/bin/env bash
# Profiles one bench mode with JFR: runs it (bench/throughput.sh's child JVM, N records) with a flight
# recording, then prints the hottest frames of its execution samples: the top frames ("self") and
# the frames anywhere on the sampled stacks ("total"), each as a share of the samples.
# Usage: bench/profile.sh [MODE=tributary:postgresql] [N=1000000] [TOP=25]
#        bench/profile.sh --print FILE.jfr [TOP=25]          (an earlier recording)
#   modes as in -Dbench.only: tributary, tributary-kamelet, tributary-append, raw2, rawcopy, fetchparse
#   (fetchparse:none), each :postgresql, :h2 or :duckdb. The recordings stay in /tmp/tributary-profile/.
# PROFILE_OPTS=-Dbench.baseline=/other/target/classes also profiles the mode on those classes.
# On JDK 21+ `jfr view hot-methods FILE` gives the same top frames.
set -euo pipefail
cd "$(dirname "$0")/.."
out=/tmp/tributary-profile
mkdir -p "$out"

# the top frames of one recording; "total" counts Tributary's, pgjdbc's and Jackson's frames only
hot() {
  local f=$1
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
  grep '^samples' "$out/frames.txt" || true
  echo "-- self (top frame)"
  grep '^self ' "$out/frames.txt" | sort -k2,2nr | awk -v top="$top" 'NR <= top {printf "%7s  %s\n", $3, $4}'
  echo "-- total (anywhere on the stack; io.tributary, org.postgresql, com.fasterxml)"
  grep '^total ' "$out/frames.txt" | grep -E ' (io\.tributary\.(sink|schema|sql|connector|state)|org\.postgresql|com\.fasterxml)' |
    sort -k2,2nr | awk -v top="$top" 'NR <= top {printf "%7s  %s\n", $3, $4}'
}

if [ "${1:-}" = "--print" ]; then
  top=${3:-25}
  hot "$2"
  exit 0
fi
mode=${1:-tributary:postgresql}
n=${2:-1000000}
top=${3:-25}
rm -f "$out"/*.jfr
BENCH_OPTS="-Dbench.only=$mode -Dbench.rounds=1 ${PROFILE_OPTS:-}" \
  BENCH_CHILD_OPTS="-XX:StartFlightRecording=filename=$out/{mode}-{round}.jfr,settings=profile" \
  bench/throughput.sh "$n"
for f in "$out"/*.jfr; do
  hot "$f"
done
