#!/usr/bin/env bash
# Uncached cluster tiles per filter column: p50/p95 of the densest tiles at each zoom under a filter
# on one column (price, bedrooms, bathrooms, sqft, type, status) or a combination, every request with
# its own random tile and value, cache off, with one client and with two.
#
#   DATABASE_URL=postgresql://…/tiles_heavy bash bench/load/cluster-filters.sh
#
# Reads the `properties` rows already in DATABASE_URL (it loads nothing: point it at a database
# holding the listings to measure, e.g. the 10M-row tiles_heavy). JAR runs another server jar (the
# "before" build); ZOOMS (default "0 2 4 7"), COLUMNS (default all below), DURATION (seconds per
# measured run, default 5) and OUT (default bench/results/cluster-filters-<date>.txt) narrow a run.
# WARMUP (seconds, default 3) is the discarded run before each column's measured ones: the first
# column after the server's start measures the JIT still compiling unless it is longer (20 s takes
# a z0 all-filters p95 from about 21 to about 16 ms with one client).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

jar="${JAR:-$jar}"
port=3303
duration="${DURATION:-5}"
zooms="${ZOOMS:-0 2 4 7}"
columns="${COLUMNS:-price bedrooms bathrooms sqft type status combo all}"
work="$repo/bench/target/cluster-filters"
out="${OUT:-$repo/bench/results/cluster-filters-$(date +%F).txt}"
mkdir -p "$work" "$(dirname "$out")"
rows=$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM properties')
[ "$rows" -gt 0 ] || { echo "no listings in $DATABASE_URL" >&2; exit 1; }

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
      minBeds: {column: bedrooms, op: ">=", type: int}
      minBaths: {column: bathrooms, op: ">=", type: number}
      minSqft: {column: sqft, op: ">=", type: int}
      maxSqft: {column: sqft, op: "<=", type: int}
      type: {column: property_type, op: in, type: text}
      status: {column: status, op: "=", type: text}
YAML
start_server "$work/config.yaml" "$port" "$work/server.log"
trap stop_server EXIT

# wrk: the request paths of a file, in random order; p50/p95 printed at the end.
cat >"$work/paths.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  io.write(string.format("p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms  requests %6d  errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
LUA

# paths COLUMN ZOOM: 2,000 request paths, each a random dense tile with a random value of the filter.
paths() {
  awk -v column="$1" -v seed="$2" 'BEGIN { srand(seed) }
    function pick(n) { return int(rand() * n) }
    function price() { lo = 1000 * pick(900); return "minPrice=" lo "&maxPrice=" lo + 1000 * (200 + pick(1800)) }
    function beds() { return "minBeds=" pick(6) }
    function baths() { return "minBaths=" (1 + pick(7) / 2) }
    function sqft() { lo = 500 + pick(2500); return "minSqft=" lo "&maxSqft=" lo + 500 + pick(3000) }
    function type() { split("house condo townhouse apartment land", t, " "); a = t[1 + pick(5)]; b = t[1 + pick(5)]
      return "type=" (a == b ? a : a "," b) }
    function status() { split("active pending sold", s, " "); return "status=" s[1 + pick(3)] }
    { tiles[n++] = $1 "/" $2 "/" $3 }
    END {
      for (i = 0; i < 2000; i++) {
        if (column == "price") f = price(); else if (column == "bedrooms") f = beds()
        else if (column == "bathrooms") f = baths(); else if (column == "sqft") f = sqft()
        else if (column == "type") f = type(); else if (column == "status") f = status()
        else if (column == "combo") f = price() "&" baths() "&" type() "&" status()
        else f = price() "&" beds() "&" baths() "&" sqft() "&" type() "&" status()
        print "/tiles/listings/" tiles[pick(n)] ".pbf?" f
      }
    }' "$work/tiles-$3.txt"
}

{
  echo "# Uncached cluster tiles per filter column, $(date -u +%FT%TZ), $(nproc) cores, $rows listings"
  echo "# command: JAR=$(basename "$jar") ZOOMS=\"$zooms\" DURATION=$duration WARMUP=${WARMUP:-3} bash bench/load/cluster-filters.sh"
  echo "# load average before: $(uptime | sed 's/.*load average: //')"
  grep -h "cluster index\|cluster source" "$work/server.log" | sed 's/^/# /'
  for z in $zooms; do
    densest_tiles "$z" 50 >"$work/tiles-$z.txt"
    echo
    echo "## z$z ($(wc -l <"$work/tiles-$z.txt") densest tiles)"
    for column in $columns; do
      paths "$column" "$z$(printf %d "'$column")" "$z" >"$work/paths.txt"
      # Warm-up (discarded): the JIT compiles this path for this zoom's sizes first.
      PATHS_FILE="$work/paths.txt" wrk -t1 -c2 -d"${WARMUP:-3}s" -s "$work/paths.lua" "http://127.0.0.1:$port" >/dev/null
      for c in 1 2; do
        printf "%-9s c%s  " "$column" "$c"
        PATHS_FILE="$work/paths.txt" wrk -t1 -c"$c" -d"${duration}s" -s "$work/paths.lua" \
          "http://127.0.0.1:$port" | tail -1
      done
    done
  done
  echo
  echo "# load average after: $(uptime | sed 's/.*load average: //')"
} | tee "$out"
echo "results: $out"
