#!/usr/bin/env bash
# Mixed load (issue 19 part 5): one tile server with the deployed sources and cache settings (L1 on,
# the shared Redis as L2 under a key prefix of this run's own) under `wrk -c500 -d60s` of map-like
# requests (bench/load/mixed.lua): z4–z16 around where the listings are, the `listings` cluster tile
# and the `zip_areas` polygons tile as a map's two layers ask for them, 30% of requests with a filter.
# The goal: p95 ≤ 50 ms and no errors (socket errors, timeouts and answers ≥ 400 all count).
#
#   bash bench/load/mixed-load.sh [rows]      (default rows: 1200000)
#
# Needs DATABASE_URL and REDIS_URL (eval "$(bash deploy/local/services.sh env)"); without them lib.sh
# starts the local services. Runs in a database of its own, tiles_mixed (MIXED_DATABASE_URL
# overrides), filled once with ROWS listings and the King County ZIP areas from data/; with
# rows=10000000 it uses tiles_heavy as it is (heavy-load.sh's, never reloaded here).
#
# Overrides: DURATION (60 s measured), WARMUP (20 s, discarded), CONNECTIONS (500), WRK_THREADS (2),
# WRK_CPUS / SERVER_CPUS (taskset CPU lists for the client and the server; default none: both float
# over every core), JVM_OPTS (the server's JVM options, default TILE_SERVER_JVM_OPTS), LIMITS (more
# keys of the limits section besides the deployed config's, e.g. "cluster-threads: 1"), JFR=1 (a profile recording of the
# measured minute, summarized into the results; it costs some throughput, so use it to explain, not
# to compare), TILE_SERVER_JAR (a jar to measure instead of the built one), LABEL (a suffix for the
# results file), OUT (the results path). Writes bench/results/mixed-load-<date>[-LABEL].txt.
#
# Wrap it in `flock /work/bench.lock` on a shared machine: the numbers mean nothing while another
# benchmark runs.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rows="${1:-1200000}"
port="${PORT:-3311}"
duration="${DURATION:-60}"
warmup="${WARMUP:-20}"
connections="${CONNECTIONS:-500}"
wrk_threads="${WRK_THREADS:-2}"
jvm_opts="${JVM_OPTS-${TILE_SERVER_JVM_OPTS:-}}"
label="${LABEL:+-$LABEL}"
work="$repo/bench/target/mixed-load$label"
out="${OUT:-$repo/bench/results/mixed-load-$(date +%F)$label.txt}"
jar="${TILE_SERVER_JAR:-$jar}"
mkdir -p "$work" "$(dirname "$out")"

# The database: our own, so filling it never disturbs a database another benchmark is measuring.
base_url="${DATABASE_URL%/*}"
if [ "$rows" = 10000000 ]; then
  DATABASE_URL="${MIXED_DATABASE_URL:-$base_url/tiles_heavy}"
else
  DATABASE_URL="${MIXED_DATABASE_URL:-$base_url/tiles_mixed}"
fi
db="${DATABASE_URL##*/}"
if [ "$(psql "$base_url/postgres" -tAc "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = 0 ]; then
  psql "$base_url/postgres" -qc "CREATE DATABASE $db"
fi
export DATABASE_URL
if [ "$db" = tiles_heavy ]; then
  tile_server migrate >/dev/null
  have="$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM properties')"
  [ "$have" = "$rows" ] || { echo "tiles_heavy holds $have listings, not $rows; fill it with heavy-load.sh" >&2; exit 1; }
else
  ensure_listings "$rows"
fi
# The ZIP polygons a map draws beside the listings (King County: the other metros have none, so
# their zip_areas tiles are empty, as a real map's would be outside the data).
if [ "$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM zip_areas')" = 0 ]; then
  tile_server load-sample --zip-geojson "$repo/data/king_county_zipcodes.geojson" >/dev/null 2>&1
  psql "$DATABASE_URL" -qc 'ANALYZE zip_areas'
fi
zip_count="$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM zip_areas')"

# Map centres: listings sampled at random (a fixed sample, the same for every run), so an area is
# asked for as often as it is dense.
psql "$DATABASE_URL" -tA -F' ' -c \
  'SELECT longitude, latitude FROM properties TABLESAMPLE SYSTEM (1) REPEATABLE (42) ORDER BY id LIMIT 5000' \
  >"$work/centres.txt"

# The deployed config (deploy/local/tile-server.yaml): its sources as they are; L1 at its size; Redis
# as L2 under a prefix of this run alone, so each run starts from the same empty L2 (a previous run's
# tiles would otherwise turn misses into L2 hits) and expires its keys within the hour.
prefix="bench-mixed-$$-$(date +%s):"
{
  cat <<YAML
server: {port: $port, cache-control: "public, max-age=300"}
database: {url: "$DATABASE_URL", pool-size: 8, statement-timeout-ms: 5000}
schema: {migrate-on-start: false}
cache: {max-size-mb: 256}
redis: {url: "$REDIS_URL", key-prefix: "$prefix", ttl-seconds: 3600}
# The load comes from one address: the per-client limiter would answer most of it 429.
rate-limit: {enabled: false}
YAML
  # The deployed limits (a one-line `limits: {…}` there), then LIMITS' keys (keys the deployed
  # config does not set: YAML refuses a key twice).
  limits="$(sed -n 's/^limits: *{\(.*\)}.*/\1/p' "$repo/deploy/local/tile-server.yaml")"
  limits="$limits${limits:+${LIMITS:+, }}${LIMITS:-}"
  [ -z "$limits" ] || echo "limits: {$limits}"
  sed -n '/^sources:/,$p' "$repo/deploy/local/tile-server.yaml"
} >"$work/config.yaml"

# Safepoints (every stop-the-world pause, GC or not, whatever the collector) to a log stamped in
# epoch ms, so the pauses inside the measured minute can be picked out.
TILE_SERVER_JVM_OPTS="$jvm_opts -Xlog:safepoint=info,gc=info:file=$work/jvm.log:timemillis,uptime"
server_cmd=()
[ -z "${SERVER_CPUS:-}" ] || server_cmd=(taskset -c "$SERVER_CPUS")
wrk_cmd=(wrk)
[ -z "${WRK_CPUS:-}" ] || wrk_cmd=(taskset -c "$WRK_CPUS" wrk)

start() {
  rm -f "$work/jvm.log"
  # lib.sh's start_server, behind taskset when SERVER_CPUS is set.
  "${server_cmd[@]}" java @"$repo/deploy/jvm.options" $TILE_SERVER_JVM_OPTS --enable-native-access=ALL-UNNAMED -jar "$jar" \
    serve --config "$work/config.yaml" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    kill -0 "$server_pid" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null && return 0
    sleep 0.2
  done
  echo "server did not become ready; see $work/server.log" >&2
  exit 1
}
cleanup() {
  stop_server
  # This run's L2 entries: the Redis is shared, and its LRU would evict other people's keys first.
  redis-cli -u "$REDIS_URL" --scan --pattern "$prefix*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
}
start
trap cleanup EXIT

load() { # SECONDS OUTFILE: wrk's done() lines into OUTFILE, its CPU seconds (user+sys) into OUTFILE.cpu
  (
    CENTRES="$work/centres.txt" "${wrk_cmd[@]}" -t"$wrk_threads" -c"$connections" -d"$1s" --timeout 10s \
      -s "$repo/bench/load/mixed.lua" "http://127.0.0.1:$port" >"$2"
    # The subshell's only child was wrk: `times` gives wrk's own user and system CPU.
    # (Redirected, not piped: a pipeline would run `times` in a fresh subshell with no children.)
    times >"$2.times"
    awk 'NR == 2 { print $1, $2 }' "$2.times" | sed 's/m/ /g; s/s//g' | awk '{ print $1 * 60 + $2 + $3 * 60 + $4 }' >"$2.cpu"
  )
}
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
machine() { awk '/^cpu / { print $2 + $3 + $4 + $6 + $7 + $8, $5 }' /proc/stat; } # busy idle (ticks)
hz="$(getconf CLK_TCK)"
load_avg() { uptime | sed 's/.*load average: //'; }

load_before="$(load_avg)"
# Warm-up, discarded: the JIT compiles the request path, L1 and L2 fill with the popular tiles.
load "$warmup" "$work/warmup.txt"
sleep 2

curl -s "http://127.0.0.1:$port/metrics" >"$work/metrics-before.txt"
[ "${JFR:-0}" = 0 ] || jcmd "$server_pid" JFR.start name=mixed settings=profile filename="$work/mixed.jfr" >/dev/null
server_from="$(proc_ticks "$server_pid")"
read -r busy_from idle_from < <(machine)
t_from="$(date +%s%3N)"
load "$duration" "$work/wrk.txt"
t_to="$(date +%s%3N)"
read -r busy_to idle_to < <(machine)
server_to="$(proc_ticks "$server_pid")"
[ "${JFR:-0}" = 0 ] || jcmd "$server_pid" JFR.stop name=mixed >/dev/null
curl -s "http://127.0.0.1:$port/metrics" >"$work/metrics-after.txt"
load_after="$(load_avg)"

v() { awk -v k="$1" '$1 == k { print $2 }' "$work/wrk.txt"; }
# Sum of a metric's samples whose line matches REGEX, after minus before.
delta() {
  awk -v re="$1" 'FNR == 1 { f++ } $0 ~ re && $1 !~ /^#/ { s[f] += $NF } END { printf "%.6f\n", s[2] - s[1] }' \
    "$work/metrics-before.txt" "$work/metrics-after.txt"
}
# Per label value: LABEL's values of METRIC's samples, after minus before, as "value:count" pairs.
by_label() {
  awk -v m="$1" -v l="$2" 'FNR == 1 { f++ } index($0, m "{") == 1 {
      match($0, l "=\"[^\"]*\""); k = substr($0, RSTART + length(l) + 2, RLENGTH - length(l) - 3)
      s[k] += (f == 1 ? -$NF : $NF) }
    END { for (k in s) if (s[k] != 0) printf "%s:%d ", k, s[k]; print "" }' \
    "$work/metrics-before.txt" "$work/metrics-after.txt"
}
# Server-side latency percentile P (0..1) of tiles_request_duration over the window, from the
# histogram's cumulative buckets summed over sources and bands (an upper bound: the bucket's le).
server_pct() {
  awk 'FNR == 1 { f++ } index($0, "tiles_request_duration_seconds_bucket{") == 1 {
      match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
      b[le] += (f == 1 ? -$NF : $NF) }
    END { for (le in b) print (le == "+Inf" ? 1e9 : le), b[le] }' "$work/metrics-before.txt" "$work/metrics-after.txt" \
    | sort -g | awk -v p="$1" '{ le[NR] = $1; c[NR] = $2 } END {
      for (i = 1; i <= NR; i++) if (c[i] >= p * c[NR]) { if (le[i] >= 1e9) print "+Inf"; else printf "%.1f\n", le[i] * 1000; exit } }'
}
# Stop-the-world pauses inside the window from the JVM's safepoint log (every pause, GC or not,
# whatever the collector): count, total, p99 and max.
safepoint_stats() {
  awk -v a="$t_from" -v b="$t_to" '/Safepoint "/ { match($0, /\]\[[0-9]+ms\]/); t = substr($0, RSTART + 2, RLENGTH - 5) + 0
      if (t < a || t > b) next
      match($0, /Total: [0-9]+ ns/); print substr($0, RSTART + 7, RLENGTH - 10) + 0 }' "$work/jvm.log" \
    | sort -n | awk -v ms="$((t_to - t_from))" '{ d[NR] = $1; sum += $1; if ($1 > 1e6) o1++; if ($1 > 1e7) o10++ }
      END { if (NR == 0) { print "none"; exit }
        i = int(NR * 0.99); if (i < 1) i = 1
        printf "%d safepoints, %.0f ms in all (%.2f%% of the time), p99 %.2f ms, max %.2f ms, over 1 ms: %d, over 10 ms: %d\n",
          NR, sum / 1e6, sum / 1e6 / ms * 100, d[i] / 1e6, d[NR] / 1e6, o1 + 0, o10 + 0 }'
}

seconds="$(awk -v a="$t_from" -v b="$t_to" 'BEGIN { print (b - a) / 1000 }')"
server_cores="$(awk -v a="$server_from" -v b="$server_to" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.2f", (b - a) / hz / s }')"
wrk_cores="$(awk -v c="$(cat "$work/wrk.txt.cpu")" -v s="$seconds" 'BEGIN { printf "%.2f", c / s }')"
machine_cores="$(awk -v a="$busy_from" -v b="$busy_to" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.2f", (b - a) / hz / s }')"
hits="$(delta 'tiles_cache_lookups_total\\{.*result="hit"')"
lookups="$(delta '^tiles_cache_lookups_total\\{')"
tile_requests="$(delta '^tiles_requests_total\\{')"
gc_count="$(delta '^jvm_gc_pause_seconds_count')"
gc_sum="$(delta '^jvm_gc_pause_seconds_sum')"
safepoints="$(safepoint_stats)"
gc_kinds="$(awk -v a="$t_from" -v b="$t_to" '/ GC\([0-9]+\) / { match($0, /\]\[[0-9]+ms\]/); t = substr($0, RSTART + 2, RLENGTH - 5) + 0; if (t < a || t > b) next
    sub(/.*GC\([0-9]+\) /, ""); sub(/ [0-9].*$/, ""); k[$0]++ } END { for (x in k) printf "%s: %d; ", x, k[x] }' "$work/jvm.log")"

{
  echo "# Mixed load, $(date -u +%FT%TZ), $(nproc) cores, $rows listings, $zip_count ZIP areas ($db)"
  echo "# command: ${DURATION:+DURATION=$duration }${WARMUP:+WARMUP=$warmup }${CONNECTIONS:+CONNECTIONS=$connections }${WRK_THREADS:+WRK_THREADS=$wrk_threads }${WRK_CPUS:+WRK_CPUS=$WRK_CPUS }${SERVER_CPUS:+SERVER_CPUS=$SERVER_CPUS }${LIMITS:+LIMITS=\"$LIMITS\" }${JFR:+JFR=$JFR }${LABEL:+LABEL=$LABEL }JVM_OPTS=\"$jvm_opts\" bash bench/load/mixed-load.sh $rows"
  echo "# jar: $jar; worktree HEAD: $(cd "$repo" && git log -1 --format="%h %s" | cut -c1-80)"
  echo "# java: $(java -version 2>&1 | head -1); server JVM options: $jvm_opts"
  echo "# limits: ${limits:-the defaults}"
  grep -h "cluster source\|event loops" "$work/server.log" | sed 's/^/# /' | cut -c1-200
  echo "# load: wrk -t$wrk_threads -c$connections -d${duration}s --timeout 10s -s bench/load/mixed.lua${WRK_CPUS:+ (taskset -c $WRK_CPUS)}, after a ${warmup} s warm-up (discarded)"
  echo "# mix sent: $(v mix_sent) requests, zip_areas $(v mix_zip_share), with a filter $(v mix_filtered_share); centres: 5000 sampled listings; zooms 4-16 uniform"
  echo "load average before: $load_before"
  echo
  echo "req/s $(v req_per_s)   ($(v requests) answers in $(v seconds) s, $(v mb_per_s) MB/s)"
  echo "latency p50 $(v p50_ms) ms  p90 $(v p90_ms) ms  p95 $(v p95_ms) ms  p99 $(v p99_ms) ms  p99.9 $(v p999_ms) ms  max $(v max_ms) ms  (mean $(v mean_ms), stdev $(v stdev_ms))"
  echo "errors: status >= 400 $(v status_errors); socket $(v socket_errors) (connect $(v connect_errors), read $(v read_errors), write $(v write_errors), timeouts $(v timeouts))"
  echo "server statuses (tiles_requests_total): $(by_label tiles_requests_total status)"
  echo "server-side latency (tiles_request_duration buckets, upper bounds): p50 ≤ $(server_pct 0.5) ms  p95 ≤ $(server_pct 0.95) ms  p99 ≤ $(server_pct 0.99) ms"
  awk -v h="$hits" -v l="$lookups" -v r="$tile_requests" 'BEGIN {
    printf "L1 hit ratio %.4f (%d of %d lookups; %d tile requests)\n", (l > 0 ? h / l : 0), h, l, r }'
  echo "L1 misses by zoom: $(awk 'FNR == 1 { f++ } /^tiles_cache_lookups_total\{.*result="miss"/ {
      match($0, /zoom="[0-9]+"/); z = substr($0, RSTART + 6, RLENGTH - 7); s[z + 0] += (f == 1 ? -$NF : $NF) }
      END { for (z = 0; z <= 22; z++) if (s[z] > 0) printf "z%d:%d ", z, s[z]; print "" }' "$work/metrics-before.txt" "$work/metrics-after.txt")"
  echo "tiles built (tiles_source_duration count by source): $(by_label tiles_source_duration_seconds_count source)"
  awk -v gc="$(delta '^tiles_l2_duration_seconds_count\\{op="get"')" -v gs="$(delta '^tiles_l2_duration_seconds_sum\\{op="get"')" \
    -v pc="$(delta '^vertx_pool_queue_time_seconds_count\\{.*pool_type="redis"')" -v ps="$(delta '^vertx_pool_queue_time_seconds_sum\\{.*pool_type="redis"')" 'BEGIN {
    printf "L2 GET: %d sent, mean %.2f ms from write to reply; Redis pool waits: %d, mean %.2f ms\n", gc, (gc > 0 ? gs * 1000 / gc : 0), pc, (pc > 0 ? ps * 1000 / pc : 0) }'
  echo "L2 outcomes (tiles_l2_operations_total): get $(awk 'FNR == 1 { f++ } /^tiles_l2_operations_total\{op="get"/ {
      match($0, /outcome="[^"]*"/); k = substr($0, RSTART + 9, RLENGTH - 10); s[k] += (f == 1 ? -$NF : $NF) }
      END { for (k in s) if (s[k] != 0) printf "%s:%d ", k, s[k] }' "$work/metrics-before.txt" "$work/metrics-after.txt")"
  echo "shed: $(by_label tiles_shed_total reason); workers rejected: $(by_label tiles_worker_rejected_total lane); expired: $(by_label tiles_worker_expired_total lane)"
  echo "CPU (cores, over the measured window): server $server_cores, wrk $wrk_cores, whole machine $machine_cores of $(nproc) (others: $(awk -v m="$machine_cores" -v s="$server_cores" -v w="$wrk_cores" 'BEGIN { printf "%.2f", m - s - w }'))"
  awk -v c="$gc_count" -v s="$gc_sum" -v sec="$seconds" 'BEGIN {
    printf "GC pauses (jvm_gc_pause_seconds): %d, %.0f ms in all, mean %.2f ms", c, s * 1000, (c > 0 ? s * 1000 / c : 0) }'
  echo ", max (recent) $(awk '/^jvm_gc_pause_seconds_max/ { if ($NF > m) m = $NF } END { printf "%.1f ms", m * 1000 }' "$work/metrics-after.txt")"
  echo "GC cycles: $gc_kinds"
  echo "stop-the-world (safepoint log): $safepoints"
  echo "heap after: $(awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f MB used", s / 1e6 }' "$work/metrics-after.txt"), max $(awk '/^jvm_memory_max_bytes\{.*area="heap"/ { if ($NF > 0) s += $NF } END { printf "%.0f MB", s / 1e6 }' "$work/metrics-after.txt")"
  echo "load average after: $load_after"
  if [ "${JFR:-0}" != 0 ]; then
    echo
    echo "## JFR ($work/mixed.jfr)"
    jfr view --width 160 hot-methods "$work/mixed.jfr" 2>&1 | head -30
    jfr view --width 160 allocation-by-site "$work/mixed.jfr" 2>&1 | head -25
    jfr view --width 160 gc-pauses "$work/mixed.jfr" 2>&1 | head -20
  fi
} | tee "$out"
echo "results: $out"
