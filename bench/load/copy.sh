#!/usr/bin/env bash
# tile-server copy throughput (issue 20 part 5): the listings map (the cluster source `listings`
# and `zip_areas`, the sample's default composite) at z0..12 over the listings' extent, into a
# PMTiles and an MBTiles file, from the sample config served in-process (no caches).
#
#   bash bench/load/copy.sh [database]     (default tiles_mixed: 1.2M listings, 85 ZIP areas)
#
# Needs DATABASE_URL (only its database name is replaced). Writes bench/results/copy-<date>[-TAG].txt
# with each copy's summary line and the load average before and after; the files go to
# bench/target/copy/. The measured part holds BENCH_LOCK (default /work/bench.lock) when flock exists.
# Knobs: MAXZOOM=12, CONCURRENCY=8, SOURCES=listings,zip_areas, TAG.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
db="${1:-tiles_mixed}"
maxzoom="${MAXZOOM:-12}"
concurrency="${CONCURRENCY:-8}"
sources="${SOURCES:-listings,zip_areas}"
if [ -z "${DATABASE_URL:-}" ]; then
  echo "set DATABASE_URL first, e.g. eval \"\$(bash deploy/local/services.sh env)\"" >&2
  exit 1
fi
. "$repo/deploy/local/lib/jdk.sh"
jar="$repo/tile-server/target/tile-server.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/tile-server/src/main" "$repo/tile-server/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$repo" && mvn -B -ntp -q -o -DskipTests package -pl tile-server)
fi
url="${DATABASE_URL%/*}/$db"
bbox="$(psql "$url" -tAc "SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT ST_Extent(geom) AS e FROM properties) t")"
work="$repo/bench/target/copy"
mkdir -p "$work" "$repo/bench/results"
rm -f "$work"/listings.*
out="$repo/bench/results/copy-$(date +%F)${TAG:+-$TAG}.txt"
copy() {
  java --enable-native-access=ALL-UNNAMED -jar "$jar" copy --config "$repo/deploy/local/tile-server.yaml" \
    --database-url "$url" --source "$sources" --bbox "$bbox" --minzoom 0 --maxzoom "$maxzoom" \
    --concurrency "$concurrency" --output "$1" 2>&1 | tr '\r' '\n' | grep -E 'copied|error' || true
}
run() {
  {
    echo "# tile-server copy, $(date -u +%FT%TZ), $(nproc) cores, database $db ($(psql "$url" -tAc 'SELECT count(*) FROM properties') listings)"
    echo "# sources $sources, bbox $bbox, z0..$maxzoom, concurrency $concurrency"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "pmtiles: $(copy "$work/listings.pmtiles")"
    echo "load between: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "mbtiles: $(copy "$work/listings.mbtiles")"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    ls -l "$work"/listings.* | awk '{print "file: " $NF " " $5 " bytes"}'
  } | tee "$out"
}
if command -v flock >/dev/null; then
  (flock 9; run) 9>"${BENCH_LOCK:-/work/bench.lock}"
else
  run
fi
