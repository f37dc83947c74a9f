#!/usr/bin/env bash
# The fleet under faults (issue 18 part 7): three tile-server processes behind the nginx edge
# (deploy/cdn, balancing and retrying), a PostgreSQL primary with a streaming read replica, and Redis,
# all private to this run, while map-like load ramps to USERS connections and faults come on a
# schedule:
#
#   t≈90 s   replica 2 killed (-9), restarted 5 s later
#   t≈150 s  rolling restart of all three (SIGTERM, drain, start, ready; one at a time)
#   t≈240 s  Redis killed (-9), restarted 15 s later
#   t≈300 s  the PostgreSQL primary stopped for 15 s while the read replica serves
#   t≈350 s  a listing's price changed on the primary: how long until every replica's tiles show it
#
# Writes bench/results/cluster-soak-<date>.md (per fault: requests alive, failed ones by kind, p95,
# requests the edge retried on another replica; the data change's arrival per replica) and .svg
# (throughput, p95 and errors per second, fault windows shaded).
#
#   bash bench/load/cluster-soak.sh [rows]         (default rows: 1200000)
#
# Overrides: USERS (500), RAMP (60 s), DURATION (420 s, at most 600), THINK_MS (500, mean think time
# between one user's tiles: a user pans every few seconds and loads a screenful of tiles), OUT (the
# results path without extension). Its services live in bench/target/soak (ports 55732/55733/56779,
# servers 3501–3503, edge 3500), never the ones run.sh uses; the data stays for the next run, the
# processes stop at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rows="${1:-1200000}"
users="${USERS:-500}"
ramp="${RAMP:-60}"
duration="${DURATION:-420}"
think_ms="${THINK_MS:-500}"
[ "$duration" -le 600 ] || { echo "DURATION is at most 600 s" >&2; exit 2; }
work="$repo/bench/target/soak"
out="${OUT:-$repo/bench/results/cluster-soak-$(date +%F)}"
mkdir -p "$work" "$(dirname "$out")"

export TILES_LOCAL_DIR="$work/services" TILES_PG_PORT=55732 TILES_PG_REPLICA_PORT=55733 TILES_REDIS_PORT=56779
services="$repo/deploy/local/services.sh"
bash "$services" start >/dev/null
eval "$(bash "$services" env)"
. "$here/lib.sh"
ensure_listings "$rows"
bash "$services" start-replica >/dev/null
eval "$(bash "$services" env)"
[ -n "${DATABASE_REPLICA_URL:-}" ] || { echo "services.sh env names no DATABASE_REPLICA_URL" >&2; exit 1; }

echo "building the bench (load generator and report)" >&2
(cd "$repo" && mvn -B -ntp -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
bench_cp="$repo/bench/target/classes:$(cat "$repo/bench/target/classpath.txt")"

# The deployed config's sources, each replica reading from the read replica and sharing Redis.
{
  cat <<YAML
server: {port: \${PORT}}
database:
  url: "$DATABASE_URL"
  replicas: ["$DATABASE_REPLICA_URL"]
  pool-size: 8
  statement-timeout-ms: 5000
schema: {migrate-on-start: false}
cache: {max-size-mb: 256}
redis: {url: "$REDIS_URL"}
# The load comes from one address: this run measures the fleet, not the per-client limiter.
rate-limit: {enabled: false}
YAML
  sed -n '/^sources:/,$p' "$repo/deploy/local/tile-server.yaml"
} >"$work/fleet.yaml"

# Replica i listens on 3500+i; its pid is in a file because the fault schedule runs in a subshell.
start_replica() {
  PORT=$((3500 + $1)) java @"$repo/deploy/jvm.options" $TILE_SERVER_JVM_OPTS -Xmx2g --enable-native-access=ALL-UNNAMED -jar "$jar" \
    serve --config "$work/fleet.yaml" >>"$work/server-$1.log" 2>&1 &
  echo $! >"$work/server-$1.pid"
}
pid_of() { cat "$work/server-$1.pid"; }
await_ready() {
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$((3500 + $1))/ready" >/dev/null && return 0
    sleep 0.2
  done
  echo "replica $1 did not become ready in 120 s; see $work/server-$1.log" >&2
  return 1
}
stop_all() {
  for i in 1 2 3; do kill "$(pid_of "$i" 2>/dev/null)" 2>/dev/null || true; done
  TILES_EDGE_PORT=3500 TILES_EDGE_METRICS_PORT=off TILES_EDGE_DIR="$work/edge" bash "$repo/deploy/cdn/edge.sh" stop >/dev/null || true
  bash "$services" stop >/dev/null 2>&1 || true
}
trap stop_all EXIT

rm -f "$work"/server-*.log "$work"/server-*.pid "$work/events.tsv" "$work/edge/access.log"
for i in 1 2 3; do start_replica "$i"; done
for i in 1 2 3; do await_ready "$i"; done
TILES_EDGE_PORT=3500 TILES_EDGE_METRICS_PORT=off TILES_ORIGIN="127.0.0.1:3501 127.0.0.1:3502 127.0.0.1:3503" TILES_EDGE_DIR="$work/edge" \
  TILES_EDGE_FAIL_TIMEOUT=2s bash "$repo/deploy/cdn/edge.sh" start >/dev/null

# Where the listings are, so the load asks for tiles with data in them.
psql "$DATABASE_URL" -tA -F' ' -c 'SELECT longitude, latitude FROM properties TABLESAMPLE SYSTEM (1) LIMIT 5000' \
  >"$work/centres.txt"

now_ms() { date +%s%3N; }
event() { printf '%s\t%s\t%s\n' "$(now_ms)" "$1" "$2" >>"$work/events.tsv"; }
at() { sleep "$(awk -v t0="$t0" -v s="$1" -v now="$(now_ms)" 'BEGIN { d = (t0 + s * 1000 - now) / 1000; print (d > 0 ? d : 0) }')"; }

# A listing's price set to a value no other has. Each replica's listing tile filtered on exactly that
# price is asked for (empty, and now cached) before the change, then polled on every replica and the
# replica database at once until the change shows. Prints a table row for each.
data_change() {
  local id lon lat x y z=16 price=987654321 old path t i pollers=()
  read -r id lon lat old < <(psql "$DATABASE_URL" -tA -F' ' -c \
    'SELECT id, longitude, latitude, price FROM properties ORDER BY id LIMIT 1 OFFSET 1000')
  read -r x y < <(psql "$DATABASE_URL" -tA -F' ' -c "SELECT floor(($lon + 180) / 360 * 2 ^ $z)::int,
    floor((1 - ln(tan(radians($lat)) + 1 / cos(radians($lat))) / pi()) / 2 * 2 ^ $z)::int")
  path="/tiles/listings/$z/$x/$y.pbf?minPrice=$price&maxPrice=$price"
  for i in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$((3500 + i))$path"; done
  t="$(now_ms)"
  psql "$DATABASE_URL" -qc "UPDATE properties SET price = $price WHERE id = $id"
  for i in 1 2 3; do
    (
      for _ in $(seq 1 400); do
        size="$(curl -s --max-time 2 -o /dev/null -w '%{size_download}' "http://127.0.0.1:$((3500 + i))$path")"
        if [ "${size:-0}" -gt 0 ]; then echo "| tile-server $i ($((3500 + i))) | $(( $(now_ms) - t )) ms |"; exit 0; fi
        sleep 0.05
      done
      echo "| tile-server $i ($((3500 + i))) | not within 20 s |"
    ) >"$work/change-$i.md" &
    pollers+=($!)
  done
  (
    for _ in $(seq 1 400); do
      if [ "$(psql "$DATABASE_REPLICA_URL" -tAc "SELECT price FROM properties WHERE id = $id")" = "$price" ]; then
        echo "| read replica database (row replayed) | $(( $(now_ms) - t )) ms |"; exit 0
      fi
      sleep 0.05
    done
    echo "| read replica database (row replayed) | not within 20 s |"
  ) >"$work/change-replica.md" &
  pollers+=($!)
  # Only the pollers: this shell also started the replicas it restarted.
  wait "${pollers[@]}"
  cat "$work"/change-[123].md "$work/change-replica.md"
  psql "$DATABASE_URL" -qc "UPDATE properties SET price = $old WHERE id = $id"
}

# CPU seconds the three servers used (utime + stime from /proc).
servers_cpu() {
  local ticks=0 i
  for i in 1 2 3; do ticks=$(( ticks + $(awk '{ print $14 + $15 }' "/proc/$(pid_of "$i")/stat") )); done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

faults() {
  # The steady minute before the first fault: servers' CPU per thousand tiles they answered.
  at 60; echo "$(now_ms) $(servers_cpu)" >"$work/cpu-from"
  at 88; echo "$(now_ms) $(servers_cpu)" >"$work/cpu-to"
  at 90; event start "replica 2 killed (-9) and restarted"
  kill -9 "$(pid_of 2)"; sleep 5; start_replica 2; await_ready 2
  event end "replica 2 killed (-9) and restarted"

  at 150; event start "rolling restart of all three"
  for i in 1 2 3; do
    pid="$(pid_of "$i")"
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    start_replica "$i"; await_ready "$i"
    # minReadySeconds: the edge takes a ready replica back within its refresh (2 s) and leaves a
    # refusing one out for its fail_timeout (2 s here); stopping the next sooner could leave it
    # none to retry on.
    sleep 4
  done
  event end "rolling restart of all three"

  at 240; event start "Redis killed (-9), restarted after 15 s"
  kill -9 "$(cat "$TILES_LOCAL_DIR/redis/redis.pid")"; sleep 15; bash "$services" start >/dev/null
  event end "Redis killed (-9), restarted after 15 s"

  at 300; event start "PostgreSQL primary stopped for 15 s"
  bash "$services" stop-primary >/dev/null
  sleep 15; bash "$services" start >/dev/null
  event end "PostgreSQL primary stopped for 15 s"

  at 350; event start "a listing's price changed (until every replica shows it)"
  data_change >"$work/data-change.md"
  event end "a listing's price changed (until every replica shows it)"
}

load_before="$(uptime)"
t0="$(now_ms)"
faults &
faults_pid=$!
java --enable-native-access=ALL-UNNAMED -cp "$bench_cp" io.tileserver.bench.soak.SoakLoad base=http://127.0.0.1:3500 seconds="$duration" \
  users="$users" ramp="$ramp" think-ms="$think_ms" centres="$work/centres.txt" out="$work/requests.csv"
wait "$faults_pid"

java -cp "$bench_cp" io.tileserver.bench.soak.SoakReport requests="$work/requests.csv" events="$work/events.tsv" \
  markdown="$work/table.md" svg="$out.svg"

# Requests the edge sent to a second replica (its log lists every upstream tried), per fault window.
retried() {
  awk -v from="$1" -v to="$2" '{ t = $4 * 1000 } t >= from && t <= to + 5000 && /upstream=[^ ]+, / { n++ }
    END { print n + 0 }' "$work/edge/access.log"
}
{
  echo "# Fleet soak, $(date +%F)"
  echo
  echo "\`bash bench/load/cluster-soak.sh $rows\` (USERS=$users RAMP=$ramp DURATION=$duration THINK_MS=$think_ms):"
  echo "three tile-server processes behind the nginx edge, PostgreSQL primary + streaming replica, Redis,"
  echo "all on this $(nproc)-core machine with the load generator. Machine before the run: $load_before."
  echo "Failed = an HTTP status outside 2xx/3xx or no answer. Sent again = the edge closed the kept-alive"
  echo "connection as the request went out (nginx closes idle ones when it reloads), and the client sent it"
  echo "once more on a new one, as browsers do; its outcome is the second answer. A request counts in a"
  echo "fault's row when it was in flight at any time from the fault's start to 5 s after its end."
  echo "Plot: $(basename "$out").svg."
  echo
  cat "$work/table.md"
  echo
  echo "| fault | requests the edge retried on another replica |"
  echo "|---|---|"
  awk -F'\t' '$2 == "start" { s[$3] = $1; order[n++] = $3 } $2 == "end" { e[$3] = $1 }
    END { for (i = 0; i < n; i++) print s[order[i]] "\t" e[order[i]] "\t" order[i] }' "$work/events.tsv" |
    while IFS=$'\t' read -r from to label; do echo "| $label | $(retried "$from" "$to") |"; done
  echo
  echo "A listing's price changed on the primary; time until each replica's filtered listing tile (asked"
  echo "for, so cached, before the change) showed it, and until the read replica database had the row:"
  echo
  echo "| where | after |"
  echo "|---|---|"
  cat "$work/data-change.md"
  echo
  read -r from_ms from_cpu <"$work/cpu-from"
  read -r to_ms to_cpu <"$work/cpu-to"
  # Tiles the replicas answered in that window: edge log lines that went to an upstream.
  origin_tiles="$(awk -v a="$from_ms" -v b="$to_ms" '{ t = $4 * 1000 } t >= a && t < b && /upstream=[0-9]/ { n++ }
    END { print n + 0 }' "$work/edge/access.log")"
  awk -v s=$(( to_ms - from_ms )) -v c0="$from_cpu" -v c1="$to_cpu" -v n="$origin_tiles" 'BEGIN {
    printf "Steady load before the first fault (%.0f s): the replicas answered %d tiles (%.0f/s) on %.2f CPU s:" \
      " %.2f CPU s per 1,000 tiles, %.2f cores per 1,000 tiles/s.\n", s / 1000, n, n / s * 1000, c1 - c0,
      (c1 - c0) / n * 1000, (c1 - c0) / n * 1000 }'
  echo
} >"$out.md"
cat "$out.md"
