#!/usr/bin/env bash
# The container test, apart from the Maven suite: from the images of deploy/image/build.sh (built
# first when missing) it
#   1. brings deploy/compose up with the observability profile, as a project of its own;
#   2. gets a tile through the edge, and checks that each of the three replicas served requests
#      (their tiles_requests_total) and that Prometheus scrapes all three;
#   3. kills one replica: the edge keeps answering every tile; starts it again: every tile is still
#      answered while it starts, and once ready it serves requests through the edge again (at its
#      new address, which the edge looks up);
#   4. runs the server image with no database reachable: /health 200, /ready 503 with the reason,
#      a log line saying why, and no restart for ~20 s;
#   5. runs deploy/k8s with podman kube play against the compose's database (kube-play.sh);
#   6. brings everything down, volumes included (also when a step fails).
#
#   bash deploy/compose/test.sh
#
# Takes about 2 minutes on 2 cores once the images exist. It uses its own project and ports, so it
# runs beside a compose started by up.sh. Every wait has a deadline; a failure says what it expected.
# Overrides: TILES_COMPOSE_PROJECT (default tilestest), TILES_COMPOSE_*_PORT (default 28080 edge,
#   25432/25433 PostgreSQL, 26379 Redis, 29090 Prometheus), TILES_KUBE_PORT (23000),
#   TILES_TEST_NODB_PORT (23001), TILES_TEST_KEEP=1 (leave it running after the test).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export TILES_COMPOSE_PROJECT="${TILES_COMPOSE_PROJECT:-tilestest}"
export TILES_COMPOSE_EDGE_PORT="${TILES_COMPOSE_EDGE_PORT:-28080}"
export TILES_COMPOSE_PG_PORT="${TILES_COMPOSE_PG_PORT:-25432}"
export TILES_COMPOSE_PG_REPLICA_PORT="${TILES_COMPOSE_PG_REPLICA_PORT:-25433}"
export TILES_COMPOSE_REDIS_PORT="${TILES_COMPOSE_REDIS_PORT:-26379}"
export TILES_COMPOSE_PROMETHEUS_PORT="${TILES_COMPOSE_PROMETHEUS_PORT:-29090}"
export TILES_KUBE_PORT="${TILES_KUBE_PORT:-23000}"
export TILES_COMPOSE_PROFILES=observability
nodb_port="${TILES_TEST_NODB_PORT:-23001}"
# shellcheck source=lib.sh
. "$here/lib.sh"

started=$SECONDS
edge="http://127.0.0.1:$TILES_COMPOSE_EDGE_PORT"
nodb="${project}_nodb"
step() { echo "test: [$((SECONDS - started)) s] $*" >&2; }
fail() { echo "test: FAIL: $*" >&2; exit 1; }

cleanup() {
  local status=$?
  if [ -n "${TILES_TEST_KEEP:-}" ]; then
    step "left running (TILES_TEST_KEEP): bash deploy/compose/down.sh --volumes with TILES_COMPOSE_PROJECT=$project"
    return
  fi
  podman rm -f -t 0 "$nodb" >/dev/null 2>&1 || true
  bash "$here/kube-play.sh" down >/dev/null 2>&1 || true
  bash "$here/down.sh" --volumes >/dev/null 2>&1 || true
  [ $status -eq 0 ] && step "PASS (everything down)" || step "failed; everything is down again"
}
trap cleanup EXIT

# The status of a GET, 000 when nothing answered within 10 s.
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1" || true; }

# The sum of a replica's tiles_requests_total, read inside the container (its /metrics).
served() {
  podman exec "$1" tile-server-probe /metrics 2>/dev/null | awk '/^tiles_requests_total/ { s += $NF } END { print s + 0 }'
}

# get_tiles FROM COUNT: that many tiles the edge has not cached (z14, x from FROM); every one must
# be 200 or 204 (a tile with nothing in it).
get_tiles() {
  local x c
  for x in $(seq "$1" $(($1 + $2 - 1))); do
    c="$(code "$edge/tiles/listings/14/$x/5720.pbf")"
    [ "$c" = 200 ] || [ "$c" = 204 ] || fail "the edge answered $c to /tiles/listings/14/$x/5720.pbf (expected 200 or 204)"
  done
}

podman_ready
command -v curl >/dev/null 2>&1 || apt_ensure curl
podman rm -f -t 0 "$nodb" >/dev/null 2>&1 || true
bash "$here/down.sh" --volumes >/dev/null 2>&1 || true

step "1. compose up (project $project, edge $edge)"
bash "$here/up.sh" 2>&1 | sed 's/^/    /' >&2 || fail "up.sh failed"
step "   up"

step "2. a tile through the edge, and each replica serves"
c="$(code "$edge/tiles/listings/4/3/6.pbf")"
[ "$c" = 200 ] || fail "the edge answered $c to /tiles/listings/4/3/6.pbf"
headers="$(curl -s -D - -o /dev/null --max-time 10 "$edge/tiles/listings/4/3/6.pbf" || true)"
grep -qi '^X-Cache-Status:' <<<"$headers" || fail "no X-Cache-Status from the edge: $headers"
mapfile -t replicas < <(containers_of tile-server)
[ ${#replicas[@]} -eq 3 ] || fail "expected 3 tile-server containers, found ${#replicas[@]}: ${replicas[*]}"
get_tiles 2600 60
for name in "${replicas[@]}"; do
  n="$(served "$name")"
  [ "$n" -gt 0 ] || fail "$name served no request after 60 uncached tiles through the edge"
  # (Into a variable first: grep -q stops reading, and pipefail would count the writer's SIGPIPE.)
  metrics="$(podman exec "$name" tile-server-probe /metrics)"
  grep -q '^tiles_db_replica_up{.*} 1' <<<"$metrics" \
    || fail "$name does not report its read replica up: $(grep '^tiles_db_replica_up' <<<"$metrics" || echo 'no tiles_db_replica_up')"
  step "   $name served $n requests; its read replica is up"
done
deadline=$((SECONDS + 90))
until [ "$(curl -s --max-time 5 "http://127.0.0.1:$TILES_COMPOSE_PROMETHEUS_PORT/api/v1/targets?state=active" \
          | python3 -c 'import json, sys
t = json.load(sys.stdin)["data"]["activeTargets"]
print(sum(1 for x in t if x["labels"]["job"] == "tile-server" and x["health"] == "up"))' 2>/dev/null)" = 3 ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "Prometheus does not scrape 3 healthy tile-server targets within 90 s"
  sleep 3
done
step "   Prometheus scrapes the 3 replicas"

victim="${replicas[1]}"
step "3. kill $victim; the edge keeps answering"
podman kill "$victim" >/dev/null
get_tiles 3000 40
[ "$(podman inspect -f '{{.State.Running}}' "$victim")" = false ] || fail "$victim is running again, so the edge was not tested without it"
step "   40 uncached tiles through the edge, all answered, while $victim was down"
# Tiles all along while it starts: the edge must not send it requests before it is ready.
podman start "$victim" >/dev/null
before=0
deadline=$((SECONDS + 120))
x=3100
until podman exec "$victim" tile-server-probe /ready >/dev/null 2>&1 && [ "$(served "$victim")" -gt "$before" ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "$victim, started again, was not ready and serving through the edge within 120 s"
  get_tiles "$x" 10
  x=$((x + 10))
done
step "   $victim ready again and serving through the edge ($(served "$victim") requests since its start)"

step "4. the server image with no database"
podman run -d --name "$nodb" -p "127.0.0.1:$nodb_port:3000" \
  -e DATABASE_URL=postgresql://tiles:tiles@127.0.0.1:9/tiles localhost/tile-server:latest >/dev/null
first_start="$(podman inspect -f '{{.State.StartedAt}}' "$nodb")"
deadline=$((SECONDS + 60))
until [ "$(code "http://127.0.0.1:$nodb_port/health")" = 200 ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "no /health 200 from the server without a database within 60 s"
  sleep 1
done
sleep 20
[ "$(podman inspect -f '{{.State.Running}} {{.RestartCount}} {{.State.StartedAt}}' "$nodb")" = "true 0 $first_start" ] \
  || fail "the server without a database stopped or restarted: $(podman inspect -f '{{.State.Status}} exit {{.State.ExitCode}}' "$nodb")"
ready="$(curl -s -w ' %{http_code}' --max-time 5 "http://127.0.0.1:$nodb_port/ready")"
[[ "$ready" == *' 503' && "$ready" == *unreachable* ]] || fail "/ready without a database: expected 503 with the reason, got: $ready"
grep -q 'DatabaseWait - database .* unreachable' <<<"$(podman logs "$nodb" 2>&1)" || fail "no log line saying the database is unreachable"
step "   running after 20 s, /health 200, /ready: ${ready% *}"
podman rm -f -t 0 "$nodb" >/dev/null

step "5. deploy/k8s with podman kube play"
bash "$here/kube-play.sh" up 2>&1 | sed 's/^/    /' >&2 || fail "kube-play.sh failed"
bash "$here/kube-play.sh" down >/dev/null 2>&1

step "6. down"
