#!/usr/bin/env bash
# Stops deploy/compose and removes its containers and the network podman-compose leaves behind:
#
#   bash deploy/compose/down.sh [--volumes]
#
# The databases' volumes stay (the next up finds its data) unless --volumes is given.
# Overrides: TILES_COMPOSE_PROJECT (default tiles).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Both files, so Prometheus stops too when it was started.
TILES_COMPOSE_PROFILES=observability
# shellcheck source=lib.sh
. "$here/lib.sh"
podman_ready

args=(-t 15)   # the tile servers drain (shutdown.drain-ms + timeout-ms in tile-server.yaml) within it
[ "${1:-}" = --volumes ] && args+=(-v)
compose down "${args[@]}"
# Whatever podman-compose did not remove (a container of a service no longer in the files).
for name in $(podman ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}'); do
  podman rm -f -t 15 "$name" >/dev/null
done
podman network exists "${project}_default" && podman network rm "${project}_default" >/dev/null
echo "compose: $project is down${1:+ (volumes removed)}" >&2
