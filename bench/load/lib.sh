# Sourced by the load scripts: a JDK, wrk and pgbench, the services (DATABASE_URL and REDIS_URL when
# both are set, else the local ones), the server jar, and helpers to fill `properties`, pick the
# densest tiles and run the server in the background.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$repo/deploy/local/lib/jdk.sh"
. "$repo/deploy/local/lib/apt.sh"
apt_ensure wrk postgresql-client-15
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  "$repo/deploy/local/services.sh" start >/dev/null
  eval "$("$repo/deploy/local/services.sh" env)"
fi
export DATABASE_URL REDIS_URL

jar="$repo/tile-server/target/tile-server.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -B -ntp -q package -DskipTests -pl tile-server)
tile_server() { java --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }

# ensure_listings ROWS: the schema, then ROWS generated listings (reloaded when the count differs).
ensure_listings() {
  tile_server migrate >/dev/null
  if [ "$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM properties')" != "$1" ]; then
    psql "$DATABASE_URL" -qc 'TRUNCATE properties'
    tile_server load-sample --rows "$1" 2>/dev/null
  fi
  psql "$DATABASE_URL" -qc 'ANALYZE properties'
}

# densest_tiles ZOOM LIMIT: "z x y" lines, the tiles holding the most listings first.
densest_tiles() {
  psql "$DATABASE_URL" -tA -F' ' <<SQL
SELECT $1, x, y FROM (
  SELECT floor((longitude + 180) / 360 * 2 ^ $1)::int AS x,
         floor((1 - ln(tan(radians(latitude)) + 1 / cos(radians(latitude))) / pi()) / 2 * 2 ^ $1)::int AS y,
         count(*) AS n
  FROM properties GROUP BY 1, 2 ORDER BY n DESC LIMIT $2) t
SQL
}

# start_server CONFIG PORT LOG: the server in the background (java itself, so $server_pid is the
# process stop_server ends), returning once /ready answers.
start_server() {
  java @"$repo/deploy/jvm.options" $TILE_SERVER_JVM_OPTS --enable-native-access=ALL-UNNAMED -jar "$jar" serve --config "$1" >"$3" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    kill -0 "$server_pid" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$2/ready" >/dev/null && return 0
    sleep 0.2
  done
  echo "server did not become ready; see $3" >&2
  exit 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
