#!/usr/bin/env bash
# Starts everything and serves the sample: private PostgreSQL+PostGIS and Redis, the jar, the schema,
# 200,000 generated listings when the table is empty, the King County ZIP polygons from data/ when
# zip_areas is empty, then the server on http://localhost:3000/ (PORT overrides).
# Extra arguments go to `tile-server serve` (e.g. --port 8080).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$here/lib/jdk.sh"
. "$here/lib/apt.sh"

command -v mvn >/dev/null 2>&1 || apt_ensure maven
# npm installs maplibre-gl for the viewer at build time; DejaVu serves the styles' label glyphs.
command -v npm >/dev/null 2>&1 || apt_ensure nodejs npm
apt_ensure fonts-dejavu-core
"$here/services.sh" start
eval "$("$here/services.sh" env)"

cd "$repo"
jar="tile-server/target/tile-server.jar"
echo "building $jar" >&2
mvn -B -ntp -q package -DskipTests
tile_server() { java --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }

tile_server migrate --config "$here/tile-server.yaml"
tile_server load-sample --config "$here/tile-server.yaml" --if-empty
if [ "$(psql -tAc 'SELECT count(*) FROM zip_areas')" = "0" ]; then
  tile_server load-sample --config "$here/tile-server.yaml" --zip-geojson "$repo/data/king_county_zipcodes.geojson"
fi
port="${PORT:-3000}"
cat >&2 <<MSG

tile-server is starting on http://localhost:$port/ (Ctrl-C stops it). Open:
  http://localhost:$port/catalog                    every source, its zooms and filters
  http://localhost:$port/tiles/listings.json        TileJSON of the clustered listings
  http://localhost:$port/tiles/listings/4/3/6.pbf   a cluster tile (add ?beds=3&minPrice=300000)
  http://localhost:$port/tiles/10/301/385.pbf       the default composite (listings + ZIP areas)
  http://localhost:$port/ready  /health  /metrics

MSG
exec java @"$repo/deploy/jvm.options" $TILE_SERVER_JVM_OPTS --enable-native-access=ALL-UNNAMED -jar "$jar" serve --config "$here/tile-server.yaml" "$@"
