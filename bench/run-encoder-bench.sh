#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the MVT encoder benchmarks (ours vs the reference
# mapbox-vector-tile-java) with the GC profiler; writes bench/results/encoder-<date>.json and
# prints the Markdown table for bench/README.md. Extra arguments go to JMH, e.g. -p tile=points5000.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/lib/jdk.sh

mvn -B -ntp -q -pl bench -am package -DskipTests

mkdir -p bench/results
result="bench/results/encoder-$(date +%Y-%m-%d).json"
java -jar bench/target/benchmarks.jar EncoderBenchmark \
  -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc \
  -rf json -rff "$result" "$@"

echo
echo "Results: $result ($(java -version 2>&1 | head -1), $(nproc) cores)"
java -cp bench/target/benchmarks.jar io.tileserver.bench.ResultsTable "$result"
