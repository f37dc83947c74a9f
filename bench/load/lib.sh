# Sourced by the load scripts: a JDK, the local services and their settings, wrk and pgbench, the
# server jar, and a `properties` table holding exactly the requested number of generated listings.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$repo/deploy/local/lib/jdk.sh"
. "$repo/deploy/local/lib/apt.sh"
apt_ensure wrk postgresql-client-15
"$repo/deploy/local/services.sh" start >/dev/null
eval "$("$repo/deploy/local/services.sh" env)"

jar="$repo/tile-server/target/tile-server.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -B -ntp -q package -DskipTests -pl tile-server)
tile_server() { java --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }

# ensure_listings ROWS: the schema, then ROWS generated listings (reloaded when the count differs).
ensure_listings() {
  tile_server migrate >/dev/null
  if [ "$(psql -tAc 'SELECT count(*) FROM properties')" != "$1" ]; then
    psql -qc 'TRUNCATE properties'
    tile_server load-sample --rows "$1" 2>/dev/null
  fi
  psql -qc 'ANALYZE properties'
}
