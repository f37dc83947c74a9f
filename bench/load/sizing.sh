#!/usr/bin/env bash
# Sizing figures for docs/deploy.md: for each listing count, the time from `serve` to /ready (schema
# check, source discovery, the cluster index loaded), the index's own heap bytes, and the JVM heap in
# use after a full GC, all with the deployed config's sources.
#
#   bash bench/load/sizing.sh [rows ...]          (default: 1200000 10000000)
#
# Each count gets its own database on the local PostgreSQL, tiles_sizing_<rows> (10M is
# tiles_heavy, the one heavy-load.sh fills), loaded once and kept. Writes
# bench/results/sizing-<date>.txt (OUT overrides).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port=3304
work="$repo/bench/target/sizing"
out="${OUT:-$repo/bench/results/sizing-$(date +%F).txt}"
mkdir -p "$work" "$(dirname "$out")"
base_url="${DATABASE_URL%/*}"

metric() { curl -sf "http://127.0.0.1:$port/metrics" | awk -v m="$1" 'index($0, m) == 1 { s += $NF } END { print s + 0 }'; }

{
  echo "# sizing, $(date +%F): $(nproc) cores, load before: $(uptime | sed 's/.*load average: //')"
  echo "| listings | serve → /ready | index bytes | index bytes/listing | heap used after full GC |"
  echo "|---|---|---|---|---|"
} >"$out"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1200000 10000000)
for rows in "${counts[@]}"; do
  db="tiles_sizing_$rows"
  [ "$rows" = 10000000 ] && db=tiles_heavy
  if [ "$(psql "$base_url/postgres" -tAc "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = 0 ]; then
    psql "$base_url/postgres" -qc "CREATE DATABASE $db"
  fi
  DATABASE_URL="$base_url/$db" ensure_listings "$rows"
  {
    cat <<YAML
server: {port: $port}
database: {url: "$base_url/$db", pool-size: 8}
schema: {migrate-on-start: false}
YAML
    sed -n '/^sources:/,$p' "$repo/deploy/local/tile-server.yaml"
  } >"$work/config.yaml"
  start="$(date +%s%3N)"
  start_server "$work/config.yaml" "$port" "$work/server-$rows.log"
  ready_ms=$(( $(date +%s%3N) - start ))
  jcmd "$server_pid" GC.run >/dev/null
  sleep 1
  index_bytes="$(metric 'cluster_index_bytes{')"
  heap="$(metric 'jvm_memory_used_bytes{area="heap"')"
  stop_server
  awk -v r="$rows" -v ms="$ready_ms" -v ib="$index_bytes" -v h="$heap" 'BEGIN {
    printf "| %d | %.1f s | %.0f MB | %.1f | %.0f MB |\n", r, ms / 1000, ib / 1e6, ib / r, h / 1e6 }' >>"$out"
done
cat "$out"
