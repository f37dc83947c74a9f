#!/usr/bin/env bash
# The caching edge: Debian's nginx in front of tile-server, on loopback, with its own state directory.
#
#   deploy/cdn/edge.sh start|stop|status
#   deploy/cdn/edge.sh run   in the foreground, for the edge image (below)
#
# Either way only replicas whose /ready answers 200 receive requests, looked up again every
# TILES_EDGE_REFRESH seconds (default 2; see run below): `start` leaves a follower process beside
# nginx for that.
#
# Overrides: TILES_EDGE_PORT (default 8080), TILES_ORIGIN (default 127.0.0.1:3000; several replicas
# separated by spaces or commas, balanced round-robin with retries on the next one),
# TILES_EDGE_DIR (default <repo>/.local/edge), TILES_EDGE_CACHE_SIZE (default 2g),
# TILES_EDGE_METRICS_PORT (default 3903, "off" for none): where mtail, reading the access log with
# edge.mtail, serves the edge's Prometheus metrics (nginx has no cache statistics of its own).
# MTAIL names the mtail binary; by default Debian's package is unpacked into .local/tools.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../local/lib/apt.sh
. "$repo/deploy/local/lib/apt.sh"
# shellcheck source=../local/lib/debian-tool.sh
. "$repo/deploy/local/lib/debian-tool.sh"

port="${TILES_EDGE_PORT:-8080}"
origin="${TILES_ORIGIN:-127.0.0.1:3000}"
state="${TILES_EDGE_DIR:-$repo/.local/edge}"
cache_size="${TILES_EDGE_CACHE_SIZE:-2g}"
metrics_port="${TILES_EDGE_METRICS_PORT:-3903}"
conf="$state/nginx.conf"

running() {
  [ -f "$state/nginx.pid" ] && kill -0 "$(cat "$state/nginx.pid")" 2>/dev/null
}

mtail_running() {
  [ -f "$state/mtail.pid" ] && kill -0 "$(cat "$state/mtail.pid")" 2>/dev/null
}

start_mtail() {
  [ "$metrics_port" = off ] && return 0
  mtail_running && return 0
  local mtail="${MTAIL:-$(debian_tool "$repo" mtail mtail)}"
  nohup "$mtail" --progs "$here/edge.mtail" --logs "$state/access.log" --address 127.0.0.1 \
      --port "$metrics_port" --emit_prog_label=false >"$state/mtail.log" 2>&1 &
  echo $! >"$state/mtail.pid"
  echo "edge metrics: http://127.0.0.1:$metrics_port/metrics (mtail over $state/access.log)"
}

render() {
  local user_directive=""
  # As root, nginx workers drop to an unprivileged user that must own the state directory.
  if [ "$(id -u)" -eq 0 ]; then
    user_directive="user www-data;"
    chown -R www-data "$state"
  fi
  local servers="" one
  for one in ${1:-${origin//,/ }}; do
    servers+="    server $one max_fails=3 fail_timeout=${TILES_EDGE_FAIL_TIMEOUT:-5s};\n"
  done
  sed -e "s#@@USER_DIRECTIVE@@#$user_directive#" -e "s#@@STATE@@#$state#g" -e "s#@@ORIGINS@@#${servers%\\n}#" \
      -e "s#@@LISTEN@@#${TILES_EDGE_LISTEN:-127.0.0.1}:$port#" -e "s#@@MAX_SIZE@@#$cache_size#" "$here/nginx.conf.template" >"$conf"
  echo "${1:-${origin//,/ }}" >"$state/origins"
}

# run: nginx in the foreground as a container's main process, logging to stderr and stdout, listening
# on TILES_EDGE_LISTEN (the image sets 0.0.0.0). nginx resolves upstream names once, when it reads
# its config, and a restarted container comes back with a new address; so here the origins' names are
# looked up by this script (every address of a name is a replica: a compose service's name resolves
# to all its containers), written into the upstream block as addresses, and looked up again every
# TILES_EDGE_REFRESH seconds (default 2): when the addresses change, nginx reloads (the cache, the
# balancing, keepalive and the passive health checks stay as they are). It waits for a first address.
# Like a Kubernetes Service, only replicas whose /ready answers 200 are listed (all of them while none
# is): a replica that has just started answers 503 until its index is loaded, and the edge passes a
# 503 on instead of retrying it.
ready() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/${1%:*}/${1##*:}" && printf "GET /ready HTTP/1.0\r\nHost: edge\r\n\r\n" >&3 \
    && head -n 1 <&3 | grep -q " 200"' ready "$1" 2>/dev/null
}

lookup_origins() {
  local one host addresses=() ready_ones=()
  for one in ${origin//,/ }; do
    host="${one%:*}"
    if [[ "$host" =~ ^[0-9.]+$ ]]; then
      addresses+=("$one")
    else
      addresses+=($(getent ahostsv4 "$host" | awk -v port="${one##*:}" '{ print $1 ":" port }' | sort -u))
    fi
  done
  for one in "${addresses[@]}"; do
    if ready "$one"; then ready_ones+=("$one"); fi
  done
  if [ ${#ready_ones[@]} -gt 0 ]; then echo "${ready_ones[*]}"; else echo "${addresses[*]}"; fi
}

# follow: while nginx is alive, looks the replicas up every TILES_EDGE_REFRESH seconds and, when the
# list changed, renders it and reloads nginx (alive and reload are defined by the caller).
follow() {
  local origins current
  origins="$(cat "$state/origins")"
  while alive; do
    sleep "${TILES_EDGE_REFRESH:-2}" & wait $! || true
    current="$(lookup_origins)"
    if [ -n "$current" ] && [ "$current" != "$origins" ]; then
      origins="$current"
      render "$origins"
      reload
      echo "$(date +%T) edge: origins now $origins (nginx reloaded)" >&2
    fi
  done
}

run_foreground() {
  local origins nginx_pid
  mkdir -p "$state/cache"
  ln -sf /dev/stderr "$state/error.log"
  ln -sf /dev/stdout "$state/access.log"
  until origins="$(lookup_origins)" && [ -n "$origins" ]; do
    echo "edge: no address for $origin yet; looking again in 1 s" >&2
    sleep 1
  done
  render "$origins"
  echo "edge: http://${TILES_EDGE_LISTEN:-127.0.0.1}:$port/ -> $origins (cache $state/cache)" >&2
  nginx -c "$conf" -p "$state" -e stderr -g "daemon off;" &
  nginx_pid=$!
  trap 'kill -QUIT "$nginx_pid" 2>/dev/null' TERM QUIT INT
  alive() { kill -0 "$nginx_pid" 2>/dev/null; }
  reload() { kill -HUP "$nginx_pid"; }
  follow
  wait "$nginx_pid"
}

follower_running() {
  [ -f "$state/follow.pid" ] && kill -0 "$(cat "$state/follow.pid")" 2>/dev/null
}

case "${1:-}" in
  run) run_foreground ;;
  start)
    apt_ensure nginx
    mkdir -p "$state/cache"
    render "$(lookup_origins)"
    if running; then
      nginx -c "$conf" -p "$state" -s reload
    else
      nginx -c "$conf" -p "$state" -g "daemon on;"
    fi
    if ! follower_running; then
      nohup bash "${BASH_SOURCE[0]}" follow >>"$state/follow.log" 2>&1 &
      echo $! >"$state/follow.pid"
    fi
    echo "edge: http://127.0.0.1:$port/ → http://$origin/ (cache $state/cache)"
    start_mtail
    ;;
  follow)
    alive() { running; }
    reload() { nginx -c "$conf" -p "$state" -s reload; }
    follow
    ;;
  stop)
    if follower_running; then kill "$(cat "$state/follow.pid")"; fi
    rm -f "$state/follow.pid"
    if running; then nginx -c "$conf" -p "$state" -s quit; fi
    if mtail_running; then kill "$(cat "$state/mtail.pid")"; fi
    for _ in $(seq 1 50); do running || mtail_running || break; sleep 0.1; done
    rm -f "$state/mtail.pid"
    echo "edge: stopped"
    ;;
  status)
    if running; then echo "edge: running on 127.0.0.1:$port"; else echo "edge: stopped"; exit 3; fi
    if mtail_running; then echo "edge metrics: running on 127.0.0.1:$metrics_port"; fi
    ;;
  *) echo "usage: $0 start|stop|status|run" >&2; exit 2 ;;
esac
