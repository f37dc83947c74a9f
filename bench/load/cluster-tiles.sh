#!/usr/bin/env bash
# Uncached filtered cluster tiles: the server's cluster source against the equivalent
# ST_SnapToGrid … GROUP BY query through pgbench, on the same rows, in one run.
#
#   bash bench/load/cluster-tiles.sh [rows]      (default rows: 1200000)
#
# Uses DATABASE_URL and REDIS_URL when both are set, else the local services; wrk and pgbench are
# installed when missing. DURATION (seconds, default 10) sets each measured run, ZOOMS (default
# "0 4 8 12") the zooms measured. Writes bench/results/cluster-tiles-<date>.txt (OUT overrides).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rows="${1:-1200000}"
port=3302
duration="${DURATION:-10}"
filter="minPrice=300000&maxPrice=1000000&beds=3"
work="$repo/bench/target/cluster-tiles"
zooms="${ZOOMS:-0 4 8 12}"
out="${OUT:-$repo/bench/results/cluster-tiles-$(date +%F).txt}"
mkdir -p "$work" "$(dirname "$out")"
ensure_listings "$rows"

cat >"$work/config.yaml" <<YAML
server: {port: $port}
database: {url: "$DATABASE_URL"}
schema: {migrate-on-start: false}
# One load client asks for thousands of tiles a second: the per-client limit would shed them.
rate-limit: {enabled: false}
cache: {max-size-mb: 0}
sources:
  listings:
    kind: cluster
    filters:
      minPrice: {column: price, op: ">=", type: number}
      maxPrice: {column: price, op: "<=", type: number}
      beds: {column: bedrooms, op: ">=", type: int}
YAML
start_server "$work/config.yaml" "$port" "$work/server.log"
trap stop_server EXIT

# wrk: random tiles of the list, p95 printed at the end.
cat >"$work/tiles.lua" <<'LUA'
local tiles = {}
for line in io.lines(os.getenv("TILES_FILE")) do
  local z, x, y = line:match("(%d+) (%d+) (%d+)")
  tiles[#tiles + 1] = "/tiles/listings/" .. z .. "/" .. x .. "/" .. y .. ".pbf?" .. os.getenv("FILTER")
end
request = function() return wrk.format("GET", tiles[math.random(#tiles)]) end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  requests %d  errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
LUA

# The SQL a team would write for the same tile: snap to a grid of 64-px cells, aggregate.
cat >"$work/snap.sql" <<'SQL'
\set i random(1, :n)
SELECT x AS tx, y AS ty FROM bench_tiles WHERE i = :i \gset
SELECT length(ST_AsMVT(t, 'listings', 4096, 'geom')) FROM (
  SELECT ST_AsMVTGeom(ST_Centroid(ST_Collect(ST_Transform(geom, 3857))), ST_TileEnvelope(:z, :tx, :ty), 4096, 64, true) AS geom,
         count(*) AS point_count, min(price) AS price_min, avg(price)::bigint AS price_avg, max(price) AS price_max
  FROM properties
  WHERE geom && ST_Transform(ST_TileEnvelope(:z, :tx, :ty), 4326)
    AND price >= 300000 AND price <= 1000000 AND bedrooms >= 3
  GROUP BY ST_SnapToGrid(ST_Transform(geom, 3857), 40075016.685578 / (2 ^ :z) / 8)
) t;
SQL

{
  echo "# Uncached filtered cluster tiles ($filter), $(date -u +%FT%TZ), $(nproc) cores, $rows listings"
  echo "# command: ZOOMS=\"$zooms\" bash bench/load/cluster-tiles.sh $rows"
  grep -h "cluster index\|cluster source" "$work/server.log" | sed 's/^/# /'
  for z in $zooms; do
    densest_tiles "$z" 50 >"$work/tiles-$z.txt"
    psql "$DATABASE_URL" -q -c "DROP TABLE IF EXISTS bench_tiles" \
      -c "CREATE TABLE bench_tiles (i serial PRIMARY KEY, x int, y int)" \
      -c "\\copy bench_tiles (x, y) FROM PROGRAM 'cut -d\" \" -f2,3 $work/tiles-$z.txt' WITH (DELIMITER ' ')"
    n=$(wc -l <"$work/tiles-$z.txt")
    echo
    echo "## z$z ($n densest tiles)"
    # Warm-up (discarded): the JIT compiles the scan for this zoom's range sizes first.
    TILES_FILE="$work/tiles-$z.txt" FILTER="$filter" wrk -t1 -c2 -d5s -s "$work/tiles.lua" \
      "http://127.0.0.1:$port" >/dev/null
    # One client: the latency of a single uncached tile. Two: as many requests as cores, like pgbench -c2.
    for c in 1 2; do
      printf "server (wrk -t1 -c%s -d%ss):  " "$c" "$duration"
      TILES_FILE="$work/tiles-$z.txt" FILTER="$filter" wrk -t1 -c"$c" -d"${duration}s" -s "$work/tiles.lua" \
        "http://127.0.0.1:$port" | tail -1
    done
    printf "SQL (pgbench -c2 -T%s):       " "$duration"
    pgbench -n -M prepared -c2 -j2 -T"$duration" -D z="$z" -D n="$n" -f "$work/snap.sql" "$DATABASE_URL" 2>&1 \
      | grep -E "latency average|^tps" | tr '\n' ' '
    echo
  done
} | tee "$out"
psql "$DATABASE_URL" -qc 'DROP TABLE bench_tiles'
echo "results: $out"
