#!/bin/bash
# The compose's one-shot schema and sample step (the `migrate` service, in the tile-server image):
# applies the schema to the primary, retrying while it is not up yet (for up to TILES_MIGRATE_WAIT
# seconds, default 180), then, when `properties` is empty, loads 200,000 generated listings and the
# King County ZIP polygons (data/ is mounted at /data). A second run changes nothing.
# Environment: DATABASE_URL (the primary).
set -euo pipefail
tile_server() { java --enable-native-access=ALL-UNNAMED -jar /opt/tile-server/tile-server.jar "$@"; }

deadline=$((SECONDS + ${TILES_MIGRATE_WAIT:-180}))
until tile_server migrate --database-url "$DATABASE_URL"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "migrate: the schema could not be applied within ${TILES_MIGRATE_WAIT:-180} s; giving up" >&2
    exit 1
  fi
  echo "migrate: not applied yet (the primary may still be starting); retrying in 2 s" >&2
  sleep 2
done
tile_server load-sample --database-url "$DATABASE_URL" --if-empty --rows 200000 --zip-geojson /data/king_county_zipcodes.geojson
echo "migrate: schema applied, sample present" >&2
