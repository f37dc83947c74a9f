#!/usr/bin/env bash
# Cold table tiles, end to end (issue 19 part 1): the server with its shipped cache configuration
# (L1 256 MB, Redis L2) against pgbench -M prepared running the exact SQL the server runs, on the
# same tiles, in one run.
#
#   bash bench/load/cold-tiles.sh [database]     (default database: tiles_heavy, 10M listings;
#                                                 tiles_sizing_1200000 holds 1.2M)
#
# About 10 minutes on 2 cores at 10M listings. Needs DATABASE_URL and REDIS_URL (e.g.
# eval "$(bash deploy/local/services.sh env)"); only the database name in DATABASE_URL is replaced.
# The listings are used as they are (never regenerated); the schema, including the function source
# properties_mvt, is migrated if missing. Writes bench/results/cold-tiles-<date>[-TAG].txt and the
# JFR recording and its summary beside it (bench/target/cold-tiles/ keeps the work files).
#
# Cases. Sources: table `properties` (the shipped source: eight attributes, max-features 20000),
# function `properties_mvt`, and the composite COMPOSITE (default properties,properties_lite:
# properties_lite is a second table source on the same table with three attributes, because
# zip_areas and city_stats are empty in the bench databases). Each source at 2 and 8 connections,
# as a gzip client (Accept-Encoding: gzip, deflate, br, like a browser) and as an identity client
# (no Accept-Encoding). The server is restarted and the L2 keys (prefix coldbench:) deleted before
# every case, and a warm-up on other tiles lets the JIT compile the request path; the measured
# tiles are then requested once each and every answer must be an X-Cache MISS (checked). pgbench
# runs each source's statements (both tables' for the composite, one after the other in one
# transaction per tile) at 2 and 8 clients with the session settings the server's pool sets
# (PostgisPool: jit off, no parallel workers, generic plans), once as the server has them and once
# with PostgreSQL's default planning (plan_cache_mode=auto: a custom plan on every execution).
#
# Environment knobs:
#   TILES=20480        measured tiles: whole z10 blocks of 32x32 z15 tiles, the blocks with the most
#                      listings (20480 = 20 blocks); WARMUP_TILES=49152 come from the next blocks (fewer
#                      leave the JIT compiling during the measured tiles: jit_compilations says how much)
#   CONNECTIONS="2 8"  COMPOSITE=properties,properties_lite  PGBENCH_SECONDS=15
#   JFR=1              one extra profiled run (table, gzip, 2 connections) with JFR
#   PLAN_CACHE_MODE=force_generic_plan  database.plan-cache-mode of the server (and of pgbench "as
#                      the server"); auto measures PostgreSQL's default planning on both sides
#   TAG=after          suffix of the results file, so a re-run after changes keeps the "before"
#   BENCH_LOCK=/work/bench.lock   the whole measured part holds this flock, so the team's
#                      benchmarks never overlap on the shared cores
#   TILE_SERVER_JVM_OPTS          extra JVM options for the server
# The server jar is rebuilt (mvn -o) when anything under tile-server/src is newer than it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  echo "set DATABASE_URL and REDIS_URL first, e.g. eval \"\$(bash deploy/local/services.sh env)\"" >&2
  exit 1
fi
# The jar from this tree, rebuilt when the sources changed (lib.sh only builds a missing one).
jar="$repo/tile-server/target/tile-server.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/tile-server/src/main" "$repo/tile-server/pom.xml" -newer "$jar" -print -quit)" ]; then
  . "$repo/deploy/local/lib/jdk.sh"
  (cd "$repo" && mvn -B -ntp -q -o -DskipTests package -pl tile-server)
fi
. "$here/lib.sh"
TILE_SERVER_JVM_OPTS="${TILE_SERVER_JVM_OPTS:-}"

db="${1:-tiles_heavy}"
db_url="${DATABASE_URL%/*}/$db"
tiles_wanted="${TILES:-20480}"
warmup_wanted="${WARMUP_TILES:-49152}"
connections="${CONNECTIONS:-2 8}"
composite="${COMPOSITE:-properties,properties_lite}"
pgbench_seconds="${PGBENCH_SECONDS:-15}"
plan_cache_mode="${PLAN_CACHE_MODE:-force_generic_plan}"
lock="${BENCH_LOCK:-/work/bench.lock}"
port="${PORT:-3411}"
prefix="coldbench:"
zoom=15
block_zoom=$((zoom - 5)) # a z10 tile holds 32 x 32 z15 tiles
work="$repo/bench/target/cold-tiles"
stamp="$(date +%F)${TAG:+-$TAG}"
out="$repo/bench/results/cold-tiles-$stamp.txt"
jfr_file="$work/cold-tiles-$stamp.jfr"
jfr_summary="$repo/bench/results/cold-tiles-$stamp-jfr.txt"
mkdir -p "$work" "$repo/bench/results"
clk_tck=$(getconf CLK_TCK)
started=$(date +%s)

# --- the database: listings as they are, the schema migrated (properties_mvt is migration 007) ---
rows=$(psql "$db_url" -tAc 'SELECT count(*) FROM properties')
[ "$rows" -gt 0 ] || { echo "$db has no listings; load some first (tile-server load-sample)" >&2; exit 1; }

# --- the config: deploy/local/tile-server.yaml's cache, Redis, pool and timeout settings ---
config="$work/config.yaml"
cat >"$config" <<YAML
server: {port: $port}
database: {url: "$db_url", pool-size: 8, statement-timeout-ms: 5000, plan-cache-mode: $plan_cache_mode}
schema: {migrate-on-start: false}
cache: {max-size-mb: 256}
redis: {url: "$REDIS_URL", key-prefix: "$prefix"}
# All load comes from one address: the shipped per-client limit on uncached tiles would answer 429.
rate-limit: {enabled: false}
sources:
  # As shipped (deploy/local/tile-server.yaml); filters are declared but no request uses one.
  properties:
    minzoom: 8
    max-features: 20000
    maxzoom: 16
    properties: [price, bedrooms, bathrooms, sqft, property_type, status, city, address]
    filters: &listing-filters
      minPrice: {column: price, op: ">=", type: number, min: 0}
      maxPrice: {column: price, op: "<=", type: number, min: 0}
      beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
      baths: {column: bathrooms, op: ">=", type: number, min: 0, max: 50}
      type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
      status: {column: status, op: in, type: text, values: [active, pending, sold]}
  # The composite's second table source: zip_areas and city_stats hold no rows here.
  properties_lite:
    table: properties
    minzoom: 8
    maxzoom: 16
    properties: [price, bedrooms, status]
  zip_areas:
    minzoom: 6
    maxzoom: 16
  properties_mvt:
    function: properties_mvt
    minzoom: 8
    maxzoom: 16
    filters: *listing-filters
YAML
tile_server migrate --config "$config" >"$work/migrate.log" 2>&1

# --- the SQL: printed by the server's own classes (bench/src/.../PrintTileSql.java) ---
classes="$work/classes"
rm -rf "$classes" "$work/sql"
javac --release 21 -nowarn -d "$classes" -cp "$jar" \
  "$repo/bench/src/main/java/io/tileserver/source/postgis/PrintTileSql.java"
sql_ids="properties properties_mvt ${composite//,/ }"
# shellcheck disable=SC2086 # one argument per source id
java -cp "$jar:$classes" io.tileserver.source.postgis.PrintTileSql "$config" "$work/sql" \
  $(echo $sql_ids | tr ' ' '\n' | sort -u) >"$work/print-sql.log" 2>&1 \
  || { cat "$work/print-sql.log" >&2; exit 1; }

# --- the tiles: whole z10 blocks, the blocks with the most listings first ---
blocks_needed=$(( (tiles_wanted + 1023) / 1024 ))
warm_blocks=$(( (warmup_wanted + 1023) / 1024 ))
psql "$db_url" -tA -F' ' >"$work/blocks.txt" <<SQL
SELECT floor((longitude + 180) / 360 * 2 ^ $block_zoom)::int AS bx,
       floor((1 - ln(tan(radians(latitude)) + 1 / cos(radians(latitude))) / pi()) / 2 * 2 ^ $block_zoom)::int AS by,
       count(*) AS n
FROM properties GROUP BY 1, 2 ORDER BY n DESC LIMIT $((blocks_needed + warm_blocks))
SQL
# Every z15 tile of the measured blocks, shuffled (a fixed order, so runs compare): the server and
# pgbench then both visit the blocks in no spatial order.
expand() { # first_block count -> "z x y" lines
  sed -n "$(($1 + 1)),$(($1 + $2))p" "$work/blocks.txt" | while read -r bx by _; do
    for j in $(seq 0 1023); do echo "$zoom $((bx * 32 + j % 32)) $((by * 32 + j / 32))"; done
  done
}
expand 0 "$blocks_needed" | shuf -n "$tiles_wanted" --random-source=<(yes) >"$work/tiles.txt"
expand "$blocks_needed" "$warm_blocks" | shuf -n "$warmup_wanted" --random-source=<(yes) >"$work/warmup.txt"
tiles_n=$(wc -l <"$work/tiles.txt")
listings_in_tiles=$(awk -v n="$blocks_needed" 'NR <= n {s += $3} END {print s}' "$work/blocks.txt")

# pgbench: tile i of the measured blocks in random order, as :z :x :y, then the source's statements.
pgbench_script() { # out_file source_id...
  local file="$1" id cases="" b=0 bx by
  shift
  while read -r bx by _; do
    cases+=" WHEN :b = $b THEN $bx"; b=$((b + 1))
  done < <(head -n "$blocks_needed" "$work/blocks.txt")
  {
    echo "\\set i random(0, $((blocks_needed * 1024 - 1)))"
    echo "\\set b :i / 1024"
    echo "\\set j :i % 1024"
    echo "\\set x 32 * (CASE$cases END) + :j % 32"
    cases=""; b=0
    while read -r bx by _; do cases+=" WHEN :b = $b THEN $by"; b=$((b + 1)); done < <(head -n "$blocks_needed" "$work/blocks.txt")
    echo "\\set y 32 * (CASE$cases END) + :j / 32"
    echo "\\set z $zoom"
    for id in "$@"; do cat "$work/sql/$id.sql"; done
  } >"$file"
}
pgbench_defines() { cat "${@/#/$work/sql/}" | tr '\n' ' '; }

# --- measuring helpers ---
# CPU seconds (user + system) of a process: /proc/PID/stat fields 14 and 15, after the "(comm)".
cpu_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Reaped children's CPU (cutime + cstime): pgbench's backends end with it, and the postmaster adds
# their CPU here when it reaps them (so do any other backends that end meanwhile).
children_ticks() { awk '{sub(/.*\) /, ""); print $14 + $15}' "/proc/$postmaster_pid/stat"; }
pg_port=$(sed -E 's|^[a-z]+://||; s|^[^@/]*@||; s|^[^:/]*:([0-9]+).*|\1|; s|^[^0-9].*|5432|' <<<"$db_url")
# The postmaster: the process listening on the database's port.
postmaster_pid=$(ss -ltnpH "( sport = :$pg_port )" | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2)
[ -n "$postmaster_pid" ] || { echo "cannot find the postmaster listening on port $pg_port (ss -ltnp)" >&2; exit 1; }
# The server's backends: the PostgreSQL pids serving the JVM's connections (matched by client port).
server_backends() {
  local ports
  ports=$(ss -tnpH state established "( dport = :$pg_port )" 2>/dev/null \
    | awk -v pid="pid=$server_pid," 'index($0, pid) {n = split($3, a, ":"); print a[n]}' | paste -sd, -)
  [ -n "$ports" ] || return 0
  psql "$db_url" -tAc "SELECT pid FROM pg_stat_activity WHERE client_port IN ($ports)"
}
backend_ticks() { # "pid ticks" lines
  local pid
  for pid in $(server_backends); do echo "$pid $(cpu_ticks "$pid")"; done
}
delta_backend_ticks() { # before_file after_file -> ticks used between them (new backends count whole)
  awk 'NR == FNR {before[$1] = $2; next} {d += $2 - ($1 in before ? before[$1] : 0)} END {print d + 0}' "$1" "$2"
}
# The JVM's CPU by thread group ("tid group ticks" lines): what the request path costs (event loop,
# compression, Vert.x workers) apart from what a fresh JVM adds (JIT compilers, GC).
thread_ticks() {
  local stat
  for stat in /proc/"$1"/task/*/stat; do
    awk -v tid="${stat//[!0-9]/}" '{
      comm = $0; sub(/^[^(]*\(/, "", comm); sub(/\).*$/, "", comm)
      rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
      g = "other"
      if (comm ~ /^vert\.x-eventloo/) g = "eventloop"
      else if (comm ~ /^vert\.x-(worker|intern)/) g = "vertx-worker"
      else if (comm ~ /^tile-compressi/) g = "compression"
      else if (comm ~ /Compiler|^C[12] /) g = "jit"
      else if (comm ~ /^(G1|GC|ZGC|Z |VM Thread)/) g = "gc+vm"
      print tid, g, f[12] + f[13]}' "$stat" 2>/dev/null || true
  done
}
delta_thread_ticks() { # before after tiles -> "group:us,group:us" (µs a tile)
  awk -v n="$3" -v hz="$clk_tck" 'NR == FNR {before[$1] = $3; next}
    {d[$2] += $3 - ($1 in before ? before[$1] : 0)}
    END {s = ""; for (g in d) s = s (s ? "," : "") g ":" sprintf("%.0f", n > 0 ? d[g] / hz * 1e6 / n : 0); print s}' "$1" "$2" \
    | tr ',' '\n' | sort | paste -sd, -
}
flush_l2() {
  redis-cli -u "$REDIS_URL" --scan --pattern "$prefix*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null
}

# run_wrk TILES_FILE SOURCE CONNECTIONS ENCODING -> the RESULT line (and wrk's pid CPU as wrk_ticks=)
run_wrk() {
  local done_dir="$work/done" threads=2 pid ticks
  [ "$3" -ge 2 ] || threads=1
  rm -rf "$done_dir"; mkdir -p "$done_dir"
  TILES_FILE="$1" SOURCE="$2" ACCEPT_ENCODING="$4" THREADS=$threads DONE_DIR="$done_dir" \
    wrk -t"$threads" -c"$3" -d600s --timeout 10s -s "$here/cold-tiles.lua" "http://127.0.0.1:$port" >"$work/wrk.out" 2>&1 &
  pid=$!
  # Every thread writes DONE_DIR/<n> after its last tile; wrk then only waits out -d, so end it.
  while kill -0 "$pid" 2>/dev/null && [ "$(find "$done_dir" -type f | wc -l)" -lt "$threads" ]; do sleep 0.05; done
  ticks=$(cpu_ticks "$pid")
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" || true
  echo "$(grep '^RESULT' "$work/wrk.out" || echo "RESULT tiles=0 rate=0 failed=1") wrk_ticks=$ticks"
}
field() { sed -nE "s/.* $2=([^ ]*).*/\1/p" <<<" $1"; }
us_per() { awk -v t="$1" -v n="$2" -v hz="$clk_tck" 'BEGIN {printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0)}'; }

declare -A server_line pgbench_rate pgbench_line
# Methods the JIT has compiled so far (jstat's "Compiled"): how much compiling the warm-up left.
compiled() { jstat -compiler "$1" | awk 'NR == 2 {print $1}'; }
server_case() { # label source connections encoding [jfr]
  local label="$1" source="$2" conns="$3" enc="$4" jfr="${5:-}" before after jvm0 jvm1 compiled0 line tiles
  flush_l2
  start_server "$config" "$port" "$work/server-$label.log"
  run_wrk "$work/warmup.txt" "$source" "$conns" "$enc" >"$work/warmup-$label.txt"
  if [ -n "$jfr" ]; then
    # JDK 25's CPU-time sampler (JEP 509) also sees time in native code (brotli, zlib, socket
    # writes), which the execution sampler misses; on older JDKs only the latter is recorded.
    jcmd "$server_pid" JFR.start name=cold settings=profile jdk.CPUTimeSample#enabled=true \
      jdk.CPUTimeSample#throttle=2ms filename="$jfr_file" >/dev/null 2>&1 \
      || jcmd "$server_pid" JFR.start name=cold settings=profile filename="$jfr_file" >/dev/null
  fi
  backend_ticks >"$work/be0"; thread_ticks "$server_pid" >"$work/th0"; jvm0=$(cpu_ticks "$server_pid")
  compiled0=$(compiled "$server_pid")
  line=$(run_wrk "$work/tiles.txt" "$source" "$conns" "$enc")
  jvm1=$(cpu_ticks "$server_pid"); thread_ticks "$server_pid" >"$work/th1"; backend_ticks >"$work/be1"
  line="$line jit_compilations=$(( $(compiled "$server_pid") - compiled0 ))"
  if [ -n "$jfr" ]; then
    jcmd "$server_pid" JFR.stop name=cold >/dev/null
  fi
  stop_server
  tiles=$(field "$line" tiles)
  line="$line jvm_us_per_tile=$(us_per $((jvm1 - jvm0)) "$tiles") pg_us_per_tile=$(us_per "$(delta_backend_ticks "$work/be0" "$work/be1")" "$tiles") wrk_us_per_tile=$(us_per "$(field "$line" wrk_ticks)" "$tiles") jvm_threads_us=$(delta_thread_ticks "$work/th0" "$work/th1" "$tiles")"
  server_line[$label]="$line"
  # Every measured answer must be a miss, and a 200 (or 204 for an empty tile).
  if [ "$(field "$line" xcache)" != "MISS:$tiles_n" ] || [ "$tiles" != "$tiles_n" ]; then
    echo "WARNING: $label: not $tiles_n misses: $line" | tee /dev/stderr
  fi
  echo "server $label: $line"
}
pgbench_case() { # label connections extra-session-options source_id...
  local label="$1" conns="$2" extra="$3" c0 c1 tps script="$work/pgbench-$1.sql"
  shift 3
  pgbench_script "$script" "$@"
  c0=$(children_ticks)
  # shellcheck disable=SC2046 # the -D options are separate words
  PGOPTIONS="$session_options $extra" pgbench -n -M prepared -c "$conns" -j "$conns" -T "$pgbench_seconds" \
    $(pgbench_defines "${@/%/.define}") -f "$script" "$db_url" >"$work/pgbench-$label.out" 2>&1 \
    || { cat "$work/pgbench-$label.out" >&2; exit 1; }
  sleep 0.3 # let the postmaster reap the backends, so their CPU is in its children's times
  c1=$(children_ticks)
  tps=$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$work/pgbench-$label.out" | head -1)
  local tx
  tx=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$work/pgbench-$label.out")
  pgbench_rate[$label]=$tps
  pgbench_line[$label]="tps=$tps transactions=$tx latency_avg_ms=$(sed -nE 's/^latency average = ([0-9.]+) ms/\1/p' "$work/pgbench-$label.out") pg_us_per_tile=$(us_per $((c1 - c0)) "$tx")"
  echo "pgbench $label: ${pgbench_line[$label]}"
}

# The server's tile sessions (PostgisPool): statement_timeout, no parallel workers, no JIT, generic
# plans (database.plan-cache-mode's default). pgbench gets the same.
session_options="-c statement_timeout=5000 -c max_parallel_workers_per_gather=0 -c jit=off -c plan_cache_mode=$plan_cache_mode"

round() { awk -v v="$1" 'BEGIN {printf "%.0f", v}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "-"}'; }

measure() {
  echo "# Cold tiles: server (shipped cache config) vs pgbench -M prepared, same SQL, same tiles"
  echo "# $(date -u +%FT%TZ), command: bash bench/load/cold-tiles.sh $db (TILES=$tiles_wanted CONNECTIONS=\"$connections\" COMPOSITE=$composite PGBENCH_SECONDS=$pgbench_seconds)"
  echo "# git: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- tile-server/src || echo ' (tile-server/src modified)') $(git -C "$repo" log -1 --format=%s | cut -c1-100)"
  echo "# machine: $(nproc) cores ($(sed -nE 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "# $(java -version 2>&1 | head -1); $(psql "$db_url" -tAc 'SELECT version()' | cut -d, -f1); $(psql "$db_url" -tAc 'SELECT postgis_lib_version()' | sed 's/^/PostGIS /'); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); $(pgbench --version)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# database $db: $rows listings; tiles: $tiles_n distinct z$zoom tiles = the $blocks_needed z$block_zoom blocks with the most listings ($listings_in_tiles listings, $(awk -v l="$listings_in_tiles" -v n="$tiles_n" 'BEGIN {printf "%.0f", l / n}') a tile on average), shuffled; warm-up: $(wc -l <"$work/warmup.txt") tiles of the next $warm_blocks blocks"
  echo "# PostgreSQL: jit=$(psql "$db_url" -tAc 'SHOW jit') jit_above_cost=$(psql "$db_url" -tAc 'SHOW jit_above_cost') shared_buffers=$(psql "$db_url" -tAc 'SHOW shared_buffers') work_mem=$(psql "$db_url" -tAc 'SHOW work_mem')"
  echo "# the server's tile session settings (PostgisPool):"
  grep -n 'addProperty' "$repo/tile-server/src/main/java/io/tileserver/source/postgis/PostgisPool.java" | sed 's/^/#   /'
  echo "# pgbench: PGOPTIONS=\"$session_options\" (as the server), and again with -c plan_cache_mode=auto (PostgreSQL's default planning); -n -M prepared -c C -j C -T $pgbench_seconds; tile x/y drawn at random from the same tiles"
  echo "# server: java @deploy/jvm.options $TILE_SERVER_JVM_OPTS -jar tile-server.jar serve, restarted and L2 ($prefix*) emptied before each case;"
  echo "#   wrk -t2 -cC with bench/load/cold-tiles.lua after a warm-up on the warm-up tiles; each measured tile asked once"
  echo "# CPU: jvm/pg/wrk us a tile = CPU time (/proc/PID/stat) over the measured tiles: the JVM, the server's"
  echo "#   PostgreSQL backends (pids matched by client port), wrk. pgbench's pg = postmaster children's CPU."
  echo
  echo "## config ($config)"
  sed 's/^/    /' "$config"
  echo
  echo "## SQL (printed by PrintTileSql from the server's classes)"
  for id in $(echo $sql_ids | tr ' ' '\n' | sort -u); do
    echo "-- $id ($(cat "$work/sql/$id.define" | tr '\n' ' '))"
    sed 's/^/    /' "$work/sql/$id.raw.sql"; echo
  done
  echo
  # Warm PostgreSQL's caches on the measured blocks (heap too: address is not in an index), so the
  # first case does not pay for reads the later ones do not.
  while read -r bx by _; do
    psql "$db_url" -tAc "SELECT sum(length(address)) FROM properties WHERE geom && ST_Transform(ST_TileEnvelope($block_zoom, $bx, $by), 4326)" >/dev/null
  done < <(head -n "$((blocks_needed + warm_blocks))" "$work/blocks.txt")

  local kind source conns enc label
  for kind in ${KINDS-table function composite}; do
    case $kind in
      table) source=properties; ids=(properties) ;;
      function) source=properties_mvt; ids=(properties_mvt) ;;
      composite) source=$composite; IFS=, read -r -a ids <<<"$composite" ;;
    esac
    echo "## $kind: /tiles/$source/{z}/{x}/{y}.pbf"
    for conns in $connections; do
      for enc in gzip identity; do
        label="$kind-c$conns-$enc"
        server_case "$label" "$source" "$conns" "$([ $enc = gzip ] && echo 'gzip, deflate, br')"
      done
      pgbench_case "$kind-c$conns" "$conns" "" "${ids[@]}"
      pgbench_case "$kind-c$conns-auto" "$conns" "-c plan_cache_mode=auto" "${ids[@]}"
    done
    echo
  done
  if [ "${JFR:-1}" = 1 ]; then
    echo "## profile: table, gzip, 2 connections, JFR (settings=profile + jdk.CPUTimeSample) over the measured tiles"
    server_case "jfr-table-c2-gzip" properties 2 "gzip, deflate, br" jfr
    echo
  fi

  echo "## plans: EXPLAIN ANALYZE of each statement's 7th execution in one session with the server's settings"
  local id
  for id in $(echo $sql_ids | tr ' ' '\n' | sort -u); do
    read -r z x y <"$work/tiles.txt"
    local params
    params=$(sed -E 's/^-D [^=]+=(.*)$/\1/' "$work/sql/$id.define" | sed "s/.*/'&'/" | paste -sd, -)
    local explain
    explain=$(PGOPTIONS="$session_options" psql "$db_url" -tA 2>&1 <<SQL
PREPARE q AS $(cat "$work/sql/$id.raw.sql");
$(for k in 1 2 3 4 5 6; do echo "EXECUTE q($z, $((x + k)), $y${params:+, $params});"; done)
EXPLAIN (ANALYZE, COSTS, TIMING OFF) EXECUTE q($z, $x, $y${params:+, $params});
SQL
)
    echo "-- $id: top plan node: $(grep -m1 -E 'cost=' <<<"$explain" | sed -E 's/^ *//' | cut -c1-120)"
    echo "   $(grep -cE '^ *JIT:' <<<"$explain" | sed 's/^0$/no JIT section/;s/^[1-9]$/JIT section present/'); $(grep -E 'Planning Time|Execution Time' <<<"$explain" | paste -sd';' -)"
  done
  echo "   (a function's inner query is planned inside plpgsql and not shown)"
  echo

  echo "## summary (markdown)"
  echo
  echo "| source | conns | server gzip tiles/s | server identity tiles/s | pgbench tiles/s | pgbench, plans auto | ratio gzip | ratio identity | JVM µs/tile gzip | JVM µs/tile identity | server's PG µs/tile | pgbench PG µs/tile |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for kind in ${KINDS-table function composite}; do
    for conns in $connections; do
      local g="${server_line[$kind-c$conns-gzip]}" i="${server_line[$kind-c$conns-identity]}" p="${pgbench_rate[$kind-c$conns]}"
      local pj="${pgbench_rate[$kind-c$conns-auto]}"
      echo "| $kind | $conns | $(round "$(field "$g" rate)") | $(round "$(field "$i" rate)") | $(round "$p") | $(round "$pj") | $(ratio "$(field "$g" rate)" "$p") | $(ratio "$(field "$i" rate)" "$p") | $(field "$g" jvm_us_per_tile) | $(field "$i" jvm_us_per_tile) | $(field "$g" pg_us_per_tile) | $(field "${pgbench_line[$kind-c$conns]}" pg_us_per_tile) |"
    done
  done
  echo
  echo "ratio = server tiles/s / pgbench tiles/s (server's session settings) at the same concurrency, same run."
  echo "JVM µs/tile is the server's CPU per tile beyond PostgreSQL (the goal: <= 100 µs at 2 connections)."
  echo
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); took $(( $(date +%s) - started )) s"
}

echo "waiting for $lock (other benchmarks)..." >&2
exec 9>"$lock"
flock 9
measure | tee "$out"
exec 9>&-
flush_l2

if [ -f "$jfr_file" ]; then
  {
    echo "# JFR of one cold run (table properties, gzip client, 2 connections, $tiles_n tiles), $(date -u +%FT%TZ)"
    echo "# recording: $(basename "$jfr_file") (settings=profile)"
    echo
    jfr print --stack-depth 64 --events jdk.CPUTimeSample "$jfr_file" >"$work/cpu-samples.txt" 2>/dev/null || true
    if [ -s "$work/cpu-samples.txt" ]; then
      echo "## CPU time by what the stack is doing (jdk.CPUTimeSample: the first matching frame, top down)"
      # Buckets for the request path: each sample goes to the first bucket any of its frames names.
      awk '/jdk.CPUTimeSample/ {if (b != "") n[b]++; b = ""; all++}
        /stackTrace = \[/ {in_stack = 1; next}
        /^ +\]/ {in_stack = 0}
        in_stack && b == "" {
          if ($0 ~ /brotli4j/) b = "brotli"
          else if ($0 ~ /java\.util\.zip/) b = "gzip (java.util.zip)"
          else if ($0 ~ /MessageDigest|sun\.security\.provider/) b = "hashing (MessageDigest)"
          else if ($0 ~ /io\.vertx\.pgclient|io\.vertx\.sqlclient/) b = "pg client (vertx-pg-client)"
          else if ($0 ~ /io\.vertx\.redis/) b = "redis client"
          else if ($0 ~ /caffeine/) b = "L1 (caffeine)"
          else if ($0 ~ /micrometer/) b = "metrics (micrometer)"
          else if ($0 ~ /io\.tileserver/) b = "io.tileserver (other)"
          else if ($0 ~ /epollWait/) b = "epoll wait (syscall)"
          else if ($0 ~ /SingleThreadIoEventLoop\.run/) b = "netty/vert.x event loop (other)"
          else if ($0 ~ /io\.netty\.channel\.unix|writev|sendAddress|recvAddress/) b = "socket I/O (netty native)"
        }
        END {if (b != "") n[b]++; for (k in n) {printf "%6d  %5.1f%%  %s\n", n[k], 100 * n[k] / all, k; s += n[k]}
             printf "%6d  %5.1f%%  %s\n", all - s, 100 * (all - s) / all, "other (JDK, threads off the event loop)"}' \
        "$work/cpu-samples.txt" | sort -rn
      echo
      echo "## hot methods by CPU time (jdk.CPUTimeSample, JDK 25 experimental)"
      jfr view --width 180 cpu-time-hot-methods "$jfr_file"
      echo
    fi
    echo "## hot methods (top frames by execution samples: Java code only, all threads)"
    jfr view --width 180 hot-methods "$jfr_file"
    echo
    jfr print --events jdk.ExecutionSample "$jfr_file" >"$work/samples.txt"
    echo "## execution samples by thread"
    awk '/sampledThread = / {t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); sub(/[0-9]+$/, "N", t); n[t]++; all++}
      END {for (t in n) printf "%6d  %5.1f%%  %s\n", n[t], 100 * n[t] / all, t}' "$work/samples.txt" | sort -rn | head -12
    echo
    echo "## top frames by execution samples (first frame of each stack, line numbers dropped)"
    awk '/stackTrace = \[/ {getline; f = $0; sub(/^ +/, "", f); sub(/ +line:.*/, "", f); n[f]++; all++}
      END {for (f in n) printf "%6d  %5.1f%%  %s\n", n[f], 100 * n[f] / all, f}' "$work/samples.txt" | sort -rn | head -25
    echo
    echo "## CPU load"
    jfr view --width 180 cpu-load-samples "$jfr_file" 2>/dev/null | head -20 || true
  } >"$jfr_summary"
  cat "$jfr_summary"
fi
echo "results: $out"
