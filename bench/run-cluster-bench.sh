#!/usr/bin/env bash
# Cluster engine benchmarks: JMH cell aggregation (z0/z4/z8/z12 × 1.2M/10M points × unfiltered/filtered ×
# 1/2 threads) and index build (single shot), with -prof gc for bytes/op, then the live-heap bytes/point of
# a 10M-point index. Writes bench/results/cluster-<date>.json and .txt. About 9 minutes on 2 cores, plus
# about 10 for the live-index benchmarks (LiveIndexBenchmark, LiveScanBenchmark); -e 'Live.*' leaves
# them out.
#
#   bench/run-cluster-bench.sh [extra JMH options, e.g. -p points=1200000]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=../deploy/local/lib/jdk.sh
. "$repo/deploy/local/lib/jdk.sh"
cd "$repo"

mvn -B -ntp -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"

mkdir -p bench/results
stamp="$(date +%F)"
json="bench/results/cluster-$stamp.json"
text="bench/results/cluster-$stamp.txt"

# JMH allows one run per machine (/tmp/jmh.lock); when another engineer's run holds it, wait for it
# rather than skew both (up to 30 minutes).
run_jmh() {
  local out
  out="$(mktemp)"
  for _ in $(seq 1 180); do
    if java -cp "$classpath" org.openjdk.jmh.Main 'io\.tileserver\.bench\.cluster\..*' \
        -prof gc -rf json -rff "$json" "$@" >"$out" 2>&1 || ! grep -q 'Unable to acquire the JMH lock' "$out"; then
      cat "$out"
      rm -f "$out"
      return 0
    fi
    sleep 10
  done
  cat "$out"
  rm -f "$out"
  return 1
}

{
  echo "# $(date -Is) $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  java -version 2>&1 | head -1
  run_jmh "$@"
  echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
  echo "# index memory"
  java -Xmx4g -cp "$classpath" io.tileserver.bench.cluster.IndexMemoryReport 10000000
} 2>&1 | tee "$text"
echo "results: $json and $text"
