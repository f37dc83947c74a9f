#!/usr/bin/env bash
# Viewport search and stats (/api/listings/listings and /stats, issue 21): p50/p95 of uncached
# requests for bboxes from a city to the continent, with and without filters, over random sorts,
# one client (each request's own latency) and then two.
#
#   DATABASE_URL=postgresql://…/tiles_heavy flock /work/bench.lock bash bench/load/search.sh
#
# Reads the `properties` rows already in DATABASE_URL (it loads nothing: point it at a database
# holding the listings to measure, e.g. the 10M-row tiles_heavy). Nothing caches these answers in
# the server, and every request has its own random box, so each one scans the index. BANDS (default
# "city metro region continent"), ENDPOINTS (default "listings stats"), CLIENTS (default "1 2"),
# DURATION (seconds per measured run, default 5), JAR and OUT (default
# bench/results/search-<date>.txt) narrow a run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

jar="${JAR:-$jar}"
port=3304
duration="${DURATION:-5}"
bands="${BANDS:-city metro region continent}"
endpoints="${ENDPOINTS:-listings stats}"
clients="${CLIENTS:-1 2}"
work="$repo/bench/target/search"
out="${OUT:-$repo/bench/results/search-$(date +%F).txt}"
mkdir -p "$work" "$(dirname "$out")"
rows=$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM properties')
[ "$rows" -gt 0 ] || { echo "no listings in $DATABASE_URL" >&2; exit 1; }

cat >"$work/config.yaml" <<YAML
server: {port: $port}
database: {url: "$DATABASE_URL"}
schema: {migrate-on-start: false}
# One load client sends hundreds of requests a second: the per-client limit would shed them.
rate-limit: {enabled: false}
cache: {max-size-mb: 0}
sources:
  listings:
    kind: cluster
    filters:
      minPrice: {column: price, op: ">=", type: number}
      maxPrice: {column: price, op: "<=", type: number}
      beds: {column: bedrooms, op: ">=", type: int}
      baths: {column: bathrooms, op: ">=", type: number}
      type: {column: property_type, op: in, type: text}
      status: {column: status, op: in, type: text}
YAML
start_server "$work/config.yaml" "$port" "$work/server.log"
trap stop_server EXIT

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

# Box centres: the 200 densest zoom-10 tiles (where people look), as lon lat.
psql "$DATABASE_URL" -tA -F' ' >"$work/centres.txt" <<'SQL'
SELECT avg(longitude), avg(latitude) FROM properties
GROUP BY floor((longitude + 180) / 360 * 1024), floor(latitude * 10) ORDER BY count(*) DESC LIMIT 200
SQL

# paths ENDPOINT BAND FILTERED: 2,000 request paths, each a random box of the band (width in degrees;
# the continent is the lower 48 states) around a random centre, a random sort, random filters or none.
paths() {
  awk -v endpoint="$1" -v band="$2" -v filtered="$3" -v seed="$4" 'BEGIN { srand(seed) }
    function pick(n) { return int(rand() * n) }
    function filter() {
      k = pick(5)
      if (k == 0) { lo = 1000 * pick(900); return "&minPrice=" lo "&maxPrice=" lo + 1000 * (200 + pick(1800)) }
      if (k == 1) return "&beds=" (1 + pick(5))
      if (k == 2) { split("house condo townhouse apartment land", t, " "); return "&type=" t[1 + pick(5)] }
      if (k == 3) return "&status=active&beds=" (2 + pick(3))
      return "&minPrice=" 1000 * pick(600) "&baths=" (1 + pick(4) / 2) "&type=house,condo&status=active,pending"
    }
    { lon[n] = $1; lat[n] = $2; n++ }
    END {
      split("price -price newest -newest sqft -sqft beds -beds", sorts, " ")
      width = band == "city" ? 0.25 : band == "metro" ? 1.2 : band == "region" ? 8 : 0
      for (i = 0; i < 2000; i++) {
        c = pick(n)
        w = width * (0.8 + rand() * 0.4)
        if (band == "continent") box = (-125 + rand() * 2) "," (24 + rand()) "," (-67 - rand() * 2) "," (49 - rand())
        else box = (lon[c] - w / 2) "," (lat[c] - w / 3) "," (lon[c] + w / 2) "," (lat[c] + w / 3)
        q = "/api/listings/" endpoint "?bbox=" box
        if (endpoint == "listings") q = q "&limit=50&sort=" sorts[1 + pick(8)]
        if (filtered == "yes") q = q filter()
        print q
      }
    }' "$work/centres.txt"
}

{
  echo "# Viewport search and stats, uncached, $(date -u +%FT%TZ), $(nproc) cores, $rows listings"
  echo "# command: BANDS=\"$bands\" ENDPOINTS=\"$endpoints\" CLIENTS=\"$clients\" DURATION=$duration bash bench/load/search.sh"
  echo "# jar: $jar"
  echo "# load average before: $(cat /proc/loadavg)"
  grep -h "cluster index\|cluster source" "$work/server.log" | sed 's/^/# /'
  for endpoint in $endpoints; do
    for band in $bands; do
      for filtered in no yes; do
        paths "$endpoint" "$band" "$filtered" "$(printf %d "'$band")$RANDOM" >"$work/paths.txt"
        curl -sf "http://127.0.0.1:$port$(head -1 "$work/paths.txt")" >/dev/null \
          || { echo "request failed: $(head -1 "$work/paths.txt")" >&2; exit 1; }
        # Warm-up (discarded): the JIT compiles this path for this band's sizes first.
        PATHS_FILE="$work/paths.txt" wrk -t1 -c1 -d2s -s "$work/paths.lua" "http://127.0.0.1:$port" >/dev/null
        for c in $clients; do
          printf "%-8s %-9s filters=%-3s c%s  " "$endpoint" "$band" "$filtered" "$c"
          PATHS_FILE="$work/paths.txt" wrk -t1 -c"$c" -d"${duration}s" -s "$work/paths.lua" \
            "http://127.0.0.1:$port" | tail -1
        done
      done
    done
  done
  echo
  echo "# load average after: $(cat /proc/loadavg)"
} | tee "$out"
echo "results: $out"
