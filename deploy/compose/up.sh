#!/usr/bin/env bash
# Starts deploy/compose on loopback ports and waits until the edge answers a tile:
#
#   bash deploy/compose/up.sh
#
# Builds the images that are missing (deploy/image/build.sh), then starts, in this order: PostGIS
# (primary, streaming replica) and Redis; the one-shot `migrate` (schema, and on first start the
# sample: 200,000 listings and the King County ZIP areas), waited for; the three tile servers and
# the edge; waits for a tile through the edge and for every replica's /ready. Prints the URLs, the
# edge's first. Idempotent: running services are left alone.
# Overrides: TILES_COMPOSE_PROJECT (default tiles), TILES_COMPOSE_PROFILES=observability (Prometheus),
#   TILES_COMPOSE_EDGE_PORT (18080), TILES_COMPOSE_PG_PORT (15432), TILES_COMPOSE_PG_REPLICA_PORT
#   (15433), TILES_COMPOSE_REDIS_PORT (16379), TILES_COMPOSE_PROMETHEUS_PORT (19090),
#   TILES_COMPOSE_WAIT (seconds for each wait, default 300).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

started=$SECONDS
: >"$compose_log"
wait_s="${TILES_COMPOSE_WAIT:-300}"
edge_port="${TILES_COMPOSE_EDGE_PORT:-18080}"
podman_ready
command -v curl >/dev/null 2>&1 || apt_ensure curl

declare -A image_target=([localhost/tile-server:latest]=tile-server [localhost/tiles-postgis:15]=postgis
  [localhost/tiles-redis:7]=redis [localhost/tiles-edge:latest]=edge)
[[ "${compose_files[*]}" == *observability* ]] && image_target[localhost/tiles-prometheus:latest]=prometheus
missing=()
for image in "${!image_target[@]}"; do
  image_exists "$image" || missing+=("${image_target[$image]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "compose: building missing images: ${missing[*]}" >&2
  bash "$compose_repo/deploy/image/build.sh" "${missing[@]}"
fi

echo "compose: starting PostGIS (primary, replica) and Redis" >&2
compose up -d postgis postgis-replica redis
echo "compose: applying the schema and loading the sample when empty (migrate)" >&2
compose up -d migrate
migrate="${project}_migrate_1"
if ! status="$(timeout "$wait_s" podman wait "$migrate")" || [ "$status" != 0 ]; then
  echo "compose: $migrate did not finish within ${wait_s} s or failed (exit ${status:-none}); its log:" >&2
  podman logs --tail 30 "$migrate" >&2
  exit 1
fi
services=(tile-server edge)
[[ "${compose_files[*]}" == *observability* ]] && services+=(prometheus)
echo "compose: starting ${services[*]}" >&2
compose up -d "${services[@]}"

tile="http://127.0.0.1:$edge_port/tiles/listings/4/3/6.pbf"
deadline=$((SECONDS + wait_s))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$tile")" = 200 ]; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "compose: the edge did not answer $tile with 200 within ${wait_s} s; the replicas say:" >&2
    for name in $(containers_of tile-server); do
      echo "== $name: $(podman exec "$name" tile-server-probe /ready 2>&1 | tail -1)" >&2
      podman logs --tail 40 "$name" 2>&1 | grep -v 'effective config' | cut -c1-240 | tail -8 >&2
    done
    exit 1
  fi
  sleep 1
done
# And every replica ready (each loads its own index): until then the edge passes their 503s on.
for name in $(containers_of tile-server); do
  until podman exec "$name" tile-server-probe /ready >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "compose: $name not ready within ${wait_s} s: $(podman exec "$name" tile-server-probe /ready 2>&1 | tail -1)" >&2
      exit 1
    fi
    sleep 1
  done
done

cat >&2 <<MSG

compose: up in $((SECONDS - started)) s (project $project; stop with: bash deploy/compose/down.sh)
  http://127.0.0.1:$edge_port/                          the edge (nginx cache) in front of the replicas: the map
  http://127.0.0.1:$edge_port/tiles/listings/4/3/6.pbf  a cluster tile through the edge (X-Cache-Status)
  http://127.0.0.1:$edge_port/catalog                   every source
MSG
for name in $(containers_of tile-server); do
  echo "  http://$(podman port "$name" 3000/tcp)/ready   $name directly (/metrics, /health)" >&2
done
cat >&2 <<MSG
  postgresql://tiles:tiles@127.0.0.1:${TILES_COMPOSE_PG_PORT:-15432}/tiles          PostGIS primary
  postgresql://tiles:tiles@127.0.0.1:${TILES_COMPOSE_PG_REPLICA_PORT:-15433}/tiles          PostGIS streaming replica (read-only)
  redis://127.0.0.1:${TILES_COMPOSE_REDIS_PORT:-16379}                               Redis
MSG
if [[ "${compose_files[*]}" == *observability* ]]; then
  echo "  http://127.0.0.1:${TILES_COMPOSE_PROMETHEUS_PORT:-19090}/targets                  Prometheus" >&2
fi
