#!/usr/bin/env bash
# One hot tile served four ways, in one run on one machine, with the same wrk settings:
#   (1) nginx serving the tile's bytes as a static file (the ceiling for this machine),
#   (2) tile-server, the tile in L1 (Caffeine),
#   (3) tile-server through the Redis L2 only (L1 off: every request is a Redis GET),
#   (4) the nginx edge of deploy/cdn in front of (2), the tile in its cache.
# Then (1) and (2) again on the same schedule, paced by paced.lua at the rate (1) reached: unpaced,
# each server's p99 is taken at its own saturation and is mostly requests waiting for a core wrk
# holds. wrk's timers cap the achieved rate below the offered one; the achieved rates are compared.
#
#   bash bench/load/cdn.sh [connections]      (default 64)
#
# Uses DATABASE_URL and REDIS_URL when both are set, else the local services (deploy/local/services.sh);
# nginx and wrk are installed when missing; loads 200,000 generated listings when the table is empty.
# Writes bench/results/cdn-<date>.txt.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
apt_ensure nginx

connections="${1:-64}"
threads=2
duration=15s
# Two warm-up runs: the first compiles the request path; the second's new connections deoptimize
# and recompile Netty's read loop once more. Measured straight after one 5 s warm-up, the JIT took
# 11–21% of the server's CPU (perf, by thread), a JVM's start-up cost rather than its speed.
warmup=10s
server_port=3311
static_port=3312
edge_port=3313
work="$repo/bench/target/cdn"
out="$repo/bench/results/cdn-$(date +%F).txt"
mkdir -p "$work/static" "$(dirname "$out")"

tile_server migrate >/dev/null
if [ "$(psql "$DATABASE_URL" -tAc 'SELECT count(*) > 0 FROM properties')" != "t" ]; then
  tile_server load-sample --rows 200000 2>/dev/null
fi
# The densest z14 tile.
read -r hz hx hy < <(densest_tiles 14 1)
hot="/tiles/properties/$hz/$hx/$hy.pbf"

config() { # $1 = L1 size in MB (0 = off), $2 = redis yes/no
  local redis=""
  [ "$2" = yes ] && redis="redis: {url: \"$REDIS_URL\", key-prefix: \"bench-cdn-$$:\"}"
  cat >"$work/config-$1-$2.yaml" <<YAML
server: {port: $server_port}
database: {url: "$DATABASE_URL", pool-size: 4}
schema: {migrate-on-start: false}
# One load client asks for thousands of tiles a second: the per-client limit would shed them.
rate-limit: {enabled: false}
cache: {max-size-mb: $1}
$redis
sources:
  properties: {}
YAML
  echo "$work/config-$1-$2.yaml"
}


run() { # $1 = title, $2 = url
  echo "## $1"
  wrk -t"$threads" -c"$connections" -d"$warmup" "$2" >/dev/null
  wrk -t"$threads" -c"$connections" -d"$warmup" "$2" >/dev/null
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$2" | tee "$work/last.txt"
  echo
}

paced() { # $1 = title, $2 = url, $3 = requests/s
  echo "## $1, paced at $3 requests/s"
  RATE=$3 THREADS=$threads wrk -t"$threads" -c"$connections" -d"$warmup" -s "$repo/bench/load/paced.lua" "$2" >/dev/null
  RATE=$3 THREADS=$threads wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$repo/bench/load/paced.lua" "$2"
  echo
}

cat >"$work/static.conf" <<NGINX
worker_processes auto;
pid $work/static.pid;
error_log $work/static-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/static-tmp;
  proxy_temp_path $work/static-tmp;
  fastcgi_temp_path $work/static-tmp;
  uwsgi_temp_path $work/static-tmp;
  scgi_temp_path $work/static-tmp;
  default_type application/vnd.mapbox-vector-tile;
  server {
    listen 127.0.0.1:$static_port;
    location / { root $work/static; etag on; }
  }
}
NGINX
[ "$(id -u)" -eq 0 ] && sed -i '1i user root;' "$work/static.conf"

{
  echo "# The CDN origin's hot path, $(date -u +%FT%TZ), $(nproc) cores shared with other work, wrk and the servers on the same machine"
  echo "# command: bash bench/load/cdn.sh $connections   (each case: two ${warmup} warm-ups, then wrk -t$threads -c$connections -d$duration --latency)"
  echo
  start_server "$(config 256 no)" "$server_port" "$work/server-256-no.log"
  mkdir -p "$work/static$(dirname "$hot")"
  curl -sf -o "$work/static$hot" "http://127.0.0.1:$server_port$hot"
  echo "# tile $hot: $(wc -c <"$work/static$hot") bytes (identity: wrk sends no Accept-Encoding)"
  echo
  nginx -c "$work/static.conf" -p "$work" -g "daemon on;"
  run "(1) nginx, the same bytes as a static file" "http://127.0.0.1:$static_port$hot"
  rate=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$work/last.txt")
  paced "(1) nginx, static file" "http://127.0.0.1:$static_port$hot" "$rate"
  nginx -c "$work/static.conf" -p "$work" -s quit
  run "(2) tile-server, L1 hit" "http://127.0.0.1:$server_port$hot"
  paced "(2) tile-server, L1 hit" "http://127.0.0.1:$server_port$hot" "$rate"
  TILES_EDGE_PORT=$edge_port TILES_ORIGIN=127.0.0.1:$server_port TILES_EDGE_DIR="$work/edge" \
    bash "$repo/deploy/cdn/edge.sh" start >/dev/null
  run "(4) nginx edge (deploy/cdn) in front of (2), edge cache hit" "http://127.0.0.1:$edge_port$hot"
  TILES_EDGE_PORT=$edge_port TILES_EDGE_DIR="$work/edge" bash "$repo/deploy/cdn/edge.sh" stop >/dev/null
  stop_server
  start_server "$(config 0 yes)" "$server_port" "$work/server-0-yes.log"
  curl -sf -o /dev/null "http://127.0.0.1:$server_port$hot"
  sleep 1
  run "(3) tile-server, L1 off, Redis L2 hit" "http://127.0.0.1:$server_port$hot"
  stop_server
} | tee "$out"
echo "results: $out"
