#!/usr/bin/env bash
# Heavy load (issue 17 item 5): 64 connections asking for uncached z8 `properties` tiles (1.1 MB
# each at 10M listings, every request a filter value no other used) while one more client asks for
# uncached cluster tiles. Reports, for each: status counts, p50/p90/p99, answers later than the
# request deadline + 100 ms, and 503/429 answers without Retry-After; then the server's shed meters.
#
#   bash bench/load/heavy-load.sh [rows]      (default rows: 1200000)
#
# Runs in a database of its own, tiles_heavy on the local PostgreSQL (HEAVY_DATABASE_URL overrides):
# loading it does not touch the `tiles` database `run.sh` serves. DURATION (seconds, default 30)
# sets the measured run, CONNECTIONS (default 64) the heavy clients, LIMITS more keys of the server's
# limits section (e.g. LIMITS="compression-threads: 2"), TILE_SERVER_JAR a jar to measure instead of
# the built one (a before/after). No Redis: every miss is built.
# Writes bench/results/heavy-load-<date>.txt (OUT overrides).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rows="${1:-1200000}"
port=3303
duration="${DURATION:-30}"
connections="${CONNECTIONS:-64}"
deadline_ms=6000
work="$repo/bench/target/heavy-load"
out="${OUT:-$repo/bench/results/heavy-load-$(date +%F).txt}"
jar="${TILE_SERVER_JAR:-$jar}"
mkdir -p "$work" "$(dirname "$out")"

DATABASE_URL="${HEAVY_DATABASE_URL:-${DATABASE_URL%/*}/tiles_heavy}"
if [ "$(psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT count(*) FROM pg_database WHERE datname = '${DATABASE_URL##*/}'")" = 0 ]; then
  psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE ${DATABASE_URL##*/}"
fi
export DATABASE_URL
ensure_listings "$rows"

# The deployed config's sources (deploy/local/tile-server.yaml) and limits at their defaults.
cat >"$work/config.yaml" <<YAML
server: {port: $port}
database: {url: "$DATABASE_URL", pool-size: 8, statement-timeout-ms: 5000}
schema: {migrate-on-start: false}
cache: {max-size-mb: 256}
# The load comes from one address: this run measures the limits below, not the per-client limiter.
rate-limit: {enabled: false}
limits: {request-deadline-ms: $deadline_ms${LIMITS:+, $LIMITS}}
sources:
  listings:
    kind: cluster
    cluster-maxzoom: 14
    maxzoom: 18
    filters: &filters
      minPrice: {column: price, op: ">=", type: number, min: 0}
      maxPrice: {column: price, op: "<=", type: number, min: 0}
      beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
  properties:
    minzoom: 8
    maxzoom: 16
    max-features: 20000
    properties: [price, bedrooms, bathrooms, sqft, property_type, status, city, address]
    filters: *filters
YAML
densest_tiles 8 8 >"$work/z8.txt"
start_server "$work/config.yaml" "$port" "$work/server.log"
trap stop_server EXIT

# Other processes using more than 5% of a core over one second (another build on the machine shows
# here; the server under test does not).
busiest() {
  echo "others busy: $(top -b -n 2 -d 1 -w 200 | awk -v self="$server_pid" \
    '/^top -/ {n++} n == 2 && $1 ~ /^[0-9]+$/ && $1 != self && $9 + 0 > 5 {printf "%s %s%%, ", $12, $9}')"
}

unique() { # SOURCE CONNECTIONS SECONDS [wrk args...]
  local source=$1 c=$2 d=$3
  shift 3
  TILES_FILE="$work/z8.txt" SOURCE="$source" DEADLINE_MS="$deadline_ms" \
    wrk "$@" -c"$c" -d"${d}s" --timeout 30s -s "$repo/bench/load/unique-tiles.lua" "http://127.0.0.1:$port" \
    | sed -n '/^statuses/,$p'
}

{
  echo "# Heavy load, $(date -u +%FT%TZ), $(nproc) cores, $rows listings, request deadline $deadline_ms ms"
  echo "# command: DURATION=$duration CONNECTIONS=$connections${LIMITS:+ LIMITS=\"$LIMITS\"} bash bench/load/heavy-load.sh $rows"
  grep -h "cluster source" "$work/server.log" | sed 's/^/# /'
  echo "# z8 tiles: $(tr '\n' ';' <"$work/z8.txt")"
  echo "# jar: $jar"
  echo "# load before: $(uptime | sed 's/.*load average/load average/'); $(busiest)"
  # Warm-ups (discarded): the JIT compiles the cluster scan and the tile path first.
  unique listings 1 5 -t1 >/dev/null
  unique properties 2 5 -t1 >/dev/null
  echo
  echo "## cluster tiles alone: wrk -t1 -c1 -d10s"
  unique listings 1 10 -t1
  echo
  echo "## z8 properties tiles: wrk -t2 -c$connections -d${duration}s"
  unique properties "$connections" "$duration" -t2 >"$work/heavy.txt" &
  heavy=$!
  sleep 2
  echo "## meanwhile, cluster tiles: wrk -t1 -c1 -d$((duration - 4))s (from 2 s in)"
  unique listings 1 $((duration - 4)) -t1
  wait "$heavy"
  echo
  echo "## z8 properties tiles (the 64 connections above)"
  cat "$work/heavy.txt"
  echo
  echo "# load after: $(uptime | sed 's/.*load average/load average/'); $(busiest)"
  echo "## server meters"
  curl -s "http://127.0.0.1:$port/metrics" | grep -E '^tiles_(shed|worker)_|^tiles_requests_total\{source="properties",zoom="8",status="5' || true
} | tee "$out"
echo "results: $out"
