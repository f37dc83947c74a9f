#!/usr/bin/env bash
# Load test of PostGIS table tiles: the server's hot path (L1 hit), its cold path (every request a
# query: cache off) and the same SQL driven by pgbench, in one run on one machine.
#
#   bash bench/load/postgis-tiles.sh [rows]      (default rows: 1200000)
#
# Uses DATABASE_URL and REDIS_URL when both are set, else the local services; wrk and pgbench are
# installed when missing. DURATION (seconds, default 15) sets each measured run.
# Writes bench/results/postgis-tiles-<date>.txt.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rows="${1:-1200000}"
port=3301
duration="${DURATION:-15}s"
work="$repo/bench/target/postgis-tiles"
out="$repo/bench/results/postgis-tiles-$(date +%F).txt"
mkdir -p "$work" "$(dirname "$out")"
ensure_listings "$rows"

# The 500 densest z14 tiles: the cold-path mix.
densest_tiles 14 500 >"$work/tiles.txt"
read -r hz hx hy < "$work/tiles.txt"
hot="/tiles/properties/$hz/$hx/$hy.pbf"

config() { # $1 = cache size in MB (0 = off)
  cat >"$work/config-$1.yaml" <<YAML
server: {port: $port}
database: {url: "$DATABASE_URL", pool-size: 4}
schema: {migrate-on-start: false}
# One load client asks for thousands of tiles a second: the per-client limit would shed them.
rate-limit: {enabled: false}
cache: {max-size-mb: $1}
sources:
  properties:
    properties: [price, bedrooms, bathrooms, sqft, property_type, status, city, address]
YAML
  echo "$work/config-$1.yaml"
}


cat >"$work/tiles.lua" <<'LUA'
local tiles = {}
for line in io.lines(os.getenv("TILES_FILE")) do
  local z, x, y = line:match("(%d+) (%d+) (%d+)")
  tiles[#tiles + 1] = "/tiles/properties/" .. z .. "/" .. x .. "/" .. y .. ".pbf"
end
request = function()
  return wrk.format("GET", tiles[math.random(#tiles)])
end
LUA

# pgbench runs the table source's tile query (TableTileSql's text for this config, no filters)
# for random tiles of the same list.
{
  echo "\\set i random(1, $(wc -l <"$work/tiles.txt"))"
  echo "SELECT x AS tx, y AS ty FROM bench_tiles WHERE i = :i \\gset"
  cat <<'SQL'
SELECT length(ST_AsMVT(mvt_row, 'properties', 4096, 'mvt_geom', 'id')) FROM (
  SELECT ST_AsMVTGeom(ST_Transform("geom", 3857), ST_TileEnvelope(14, :tx, :ty), 4096, 64, true) AS "mvt_geom",
         "id", "price", "bedrooms", "bathrooms", "sqft", "property_type", "status", "city", "address"
  FROM "public"."properties"
  WHERE "geom" && ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(14, :tx, :ty, margin => (64::float8 / 4096)),
                                              ST_TileEnvelope(0, 0, 0)::box2d), 4326)
) AS mvt_row;
SQL
} >"$work/pgbench.sql"
psql "$DATABASE_URL" -q <<SQL
DROP TABLE IF EXISTS bench_tiles;
CREATE TABLE bench_tiles (i serial PRIMARY KEY, x int, y int);
\copy bench_tiles (x, y) FROM PROGRAM 'cut -d" " -f2,3 $work/tiles.txt' WITH (DELIMITER ' ')
SQL

{
  echo "# PostGIS table tiles, $(date -u +%FT%TZ), $(nproc) cores, $rows listings"
  echo "# command: bash bench/load/postgis-tiles.sh $rows"
  echo
  start_server "$(config 256)" "$port" "$work/server-256.log"
  # Warm-ups (discarded) let the JIT compile the request path before each measured run.
  wrk -t2 -c64 -d5s "http://127.0.0.1:$port$hot" >/dev/null
  echo "## hot: one cached tile ($hot, $(curl -s "http://127.0.0.1:$port$hot" | wc -c) bytes), wrk -t2 -c64 -d$duration"
  wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$port$hot"
  stop_server
  echo
  start_server "$(config 0)" "$port" "$work/server-0.log"
  TILES_FILE="$work/tiles.txt" wrk -t2 -c2 -d5s -s "$work/tiles.lua" "http://127.0.0.1:$port" >/dev/null
  echo "## cold: 500 densest z14 tiles, cache off (every request is a query), wrk -t2 -c2 -d$duration"
  TILES_FILE="$work/tiles.txt" wrk -t2 -c2 -d"$duration" --latency -s "$work/tiles.lua" "http://127.0.0.1:$port"
  echo
  echo "## cold, 8 connections: wrk -t2 -c8 -d$duration"
  TILES_FILE="$work/tiles.txt" wrk -t2 -c8 -d"$duration" --latency -s "$work/tiles.lua" "http://127.0.0.1:$port"
  stop_server
  echo
  echo "## the same SQL through pgbench, -c2 -j2 -T${duration%s} (prepared)"
  pgbench -n -M prepared -c2 -j2 -T"${duration%s}" -f "$work/pgbench.sql" "$DATABASE_URL" 2>&1 | grep -E "tps|latency"
} | tee "$out"
psql "$DATABASE_URL" -qc 'DROP TABLE bench_tiles'
echo "results: $out"
