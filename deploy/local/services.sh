#!/usr/bin/env bash
# Private PostgreSQL+PostGIS and Redis for development and tests, on loopback ports of their own.
#
#   deploy/local/services.sh start|stop|status|env|start-replica|stop-replica|stop-primary
#
# Installs what is missing from Debian packages, never touches a system-wide instance, works as root
# (PostgreSQL runs as an unprivileged OS user then) and is idempotent. start-replica adds a streaming
# hot standby of the PostgreSQL (pg_basebackup -R) for read-replica work; stop stops it too;
# stop-primary stops the PostgreSQL alone (an outage of the primary while the standby serves). Overrides:
#   TILES_LOCAL_DIR    state directory           (default: <repo>/.local)
#   TILES_PG_PORT      PostgreSQL port           (default: 55432)
#   TILES_PG_REPLICA_PORT  the standby's port    (default: 55433)
#   TILES_REDIS_PORT   Redis port                (default: 56379)
#   TILES_PG_USER / TILES_PG_PASSWORD / TILES_PG_DATABASE   (default: tiles / tiles / tiles)
#   TILES_PG_OS_USER   OS user running PostgreSQL when invoked as root (default: postgres)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=lib/apt.sh
. "$here/lib/apt.sh"

local_dir="${TILES_LOCAL_DIR:-$repo/.local}"
pg_port="${TILES_PG_PORT:-55432}"
replica_port="${TILES_PG_REPLICA_PORT:-55433}"
redis_port="${TILES_REDIS_PORT:-56379}"
db_user="${TILES_PG_USER:-tiles}"
db_password="${TILES_PG_PASSWORD:-tiles}"
db_name="${TILES_PG_DATABASE:-tiles}"
# The standby streams from the primary as this role (password authentication over loopback).
replication_user=tiles_replicator
replication_password=tiles_replicator
pg_bin="/usr/lib/postgresql/15/bin"
redis_dir="$local_dir/redis"

if [ "$(id -u)" -eq 0 ]; then
  pg_os_user="${TILES_PG_OS_USER:-postgres}"
else
  pg_os_user="$(id -un)"
fi

as_pg() {
  if [ "$(id -un)" = "$pg_os_user" ]; then "$@"; else runuser -u "$pg_os_user" -- "$@"; fi
}

# The PostgreSQL OS user must reach the data directory. When the checkout sits below a directory it
# cannot enter (a private home, say), fall back to a directory outside the checkout and say so.
pg_root() {
  local wanted="$local_dir/pg"
  mkdir -p "$wanted"
  [ "$(id -u)" -eq 0 ] && chown "$pg_os_user" "$wanted"
  if as_pg test -w "$wanted"; then
    echo "$wanted"
  else
    local fallback="/var/tmp/tileserver-pg-$pg_port"
    echo "note: $pg_os_user cannot enter $wanted; using $fallback" >&2
    mkdir -p "$fallback" && chown "$pg_os_user" "$fallback"
    echo "$fallback"
  fi
}

pg_data() { echo "$(pg_root)/data"; }
pg_socket_dir() { echo "$(pg_root)/run"; }
replica_data() { echo "$(pg_root)/replica"; }
replica_socket_dir() { echo "$(pg_root)/replica-run"; }

psql_admin() {
  as_pg env PGOPTIONS="-c client_min_messages=warning" /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h "$(pg_socket_dir)" -p "$pg_port" -U postgres "$@"
}

# cluster_up DATA: a PostgreSQL runs on that data directory. cluster_stop DATA: stops it (fast).
cluster_up() { [ -f "$1/PG_VERSION" ] && as_pg "$pg_bin/pg_ctl" -D "$1" status >/dev/null 2>&1; }
cluster_stop() { if cluster_up "$1"; then as_pg "$pg_bin/pg_ctl" -D "$1" -m fast -w stop >/dev/null; fi; }
accepting() { "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$1" >/dev/null 2>&1; }

pg_cluster_up() { cluster_up "$(pg_data)"; }
replica_cluster_up() { cluster_up "$(replica_data)"; }
# Running, and on the port asked for (the cluster may have been started with another TILES_PG_PORT).
pg_running() { pg_cluster_up && accepting "$pg_port"; }
replica_running() { replica_cluster_up && accepting "$replica_port"; }

# The cluster's identity: a standby copied from an earlier (since re-initialised) primary cannot follow this one.
system_identifier() {
  as_pg "$pg_bin/pg_controldata" "$1" 2>/dev/null | sed -n 's/^Database system identifier: *//p'
}

redis_running() {
  redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG
}

init_pg() {
  local data socket
  data="$(pg_data)"
  socket="$(pg_socket_dir)"
  as_pg mkdir -p "$socket"
  [ -f "$data/PG_VERSION" ] && return 0
  echo "initialising PostgreSQL cluster in $data" >&2
  as_pg "$pg_bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  # Loopback only, a socket of our own, and settings for bulk loads on a development machine.
  as_pg tee -a "$data/postgresql.conf" >/dev/null <<CONF

# tileserver local cluster (port, address and socket come from pg_ctl start)
shared_buffers = 512MB
maintenance_work_mem = 512MB
work_mem = 32MB
max_wal_size = 4GB
synchronous_commit = off
max_connections = 200
CONF
}

# ensure_role NAME PASSWORD ATTRIBUTES: creates the login role unless it exists.
ensure_role() {
  psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$1') THEN
    CREATE ROLE "$1" LOGIN $3 PASSWORD '$2';
  END IF;
END \$\$;
SQL
}

setup_db() {
  ensure_role "$db_user" "$db_password" CREATEDB
  # Extensions go into template1 too, so databases that tests create inherit them.
  psql_admin -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS btree_gist;"
  if [ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'")" ]; then
    psql_admin -d postgres -c "CREATE DATABASE \"$db_name\" OWNER \"$db_user\""
  fi
}

start_pg() {
  init_pg
  if ! pg_running; then
    if pg_cluster_up; then
      echo "postgresql: restarting $(pg_data) on port $pg_port" >&2
      as_pg "$pg_bin/pg_ctl" -D "$(pg_data)" -m fast -w stop >/dev/null
    fi
    as_pg "$pg_bin/pg_ctl" -D "$(pg_data)" -l "$(pg_data)/server.log" -w -t 60 \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $(pg_socket_dir)" start >/dev/null
  fi
  setup_db
  echo "postgresql: running on 127.0.0.1:$pg_port (data $(pg_data))"
}

start_redis() {
  mkdir -p "$redis_dir"
  if ! redis_running; then
    # A cache: no persistence, bounded memory, loopback only.
    # Its own failure (a port taken, say) is told below with the log's last lines, not by set -e.
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes \
      --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" \
      --save "" --appendonly no --maxmemory 1gb --maxmemory-policy allkeys-lru >/dev/null || true
    for _ in $(seq 1 50); do redis_running && break; sleep 0.1; done
    redis_running || {
      echo "error: redis did not start on 127.0.0.1:$redis_port; the end of $redis_dir/redis.log:" >&2
      tail -n 5 "$redis_dir/redis.log" >&2 2>/dev/null || true
      exit 1
    }
  fi
  echo "redis: running on 127.0.0.1:$redis_port"
}

cmd_start() {
  apt_ensure postgresql-15 postgresql-15-postgis-3 redis-server
  start_pg
  start_redis
}

# The replication role and its pg_hba line (initdb's default lines allow it too; this one does not
# depend on them), and the right to pause and resume replay for the application role, so tests and
# developers can make the standby lag on purpose (SELECT pg_wal_replay_pause() on the standby).
setup_replication() {
  ensure_role "$replication_user" "$replication_password" REPLICATION
  # Function privileges are per database: the application's, and template1 for databases made later.
  local db
  for db in "$db_name" template1; do
    psql_admin -d "$db" -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO \"$db_user\""
  done
  local hba line
  hba="$(pg_data)/pg_hba.conf"
  line="host replication $replication_user 127.0.0.1/32 scram-sha-256"
  if ! as_pg grep -qxF "$line" "$hba"; then
    # Before the default lines, so it is the one that matches.
    as_pg sed -i "1i $line" "$hba"
    psql_admin -d postgres -c "SELECT pg_reload_conf()" >/dev/null
  fi
}

start_replica() {
  local data socket
  data="$(replica_data)"
  socket="$(replica_socket_dir)"
  pg_running || { echo "error: the primary PostgreSQL is not running; run: $0 start" >&2; exit 1; }
  setup_replication
  if [ -f "$data/PG_VERSION" ] && [ "$(system_identifier "$data")" != "$(system_identifier "$(pg_data)")" ]; then
    echo "postgresql replica: $data was copied from another cluster; copying again" >&2
    if replica_cluster_up; then as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null; fi
    as_pg rm -rf "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "postgresql replica: copying the primary into $data" >&2
    as_pg rm -rf "$data"
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile.
    as_pg env PGPASSWORD="$replication_password" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$pg_port" \
      -U "$replication_user" -D "$data" -R -X stream -c fast >/dev/null
  fi
  as_pg mkdir -p "$socket"
  if ! replica_running; then
    cluster_stop "$data"
    # hot_standby (the default) made explicit: the point of this standby is to answer reads.
    as_pg "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $replica_port -c listen_addresses=127.0.0.1 -k $socket -c hot_standby=on -c shared_buffers=128MB" \
      start >/dev/null
  fi
  echo "postgresql replica: running on 127.0.0.1:$replica_port (data $data), streaming from :$pg_port"
}

stop_replica() {
  cluster_stop "$(replica_data)"
  echo "postgresql replica: stopped"
}

# The primary alone, the standby and Redis left running: a primary outage, for tests and the soak.
stop_primary() {
  cluster_stop "$(pg_data)"
  echo "postgresql: stopped"
}

cmd_stop() {
  if [ -x "$pg_bin/pg_ctl" ] && replica_cluster_up; then stop_replica; fi
  stop_primary
  if redis_running; then redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; fi
  echo "redis: stopped"
}

cmd_status() {
  local rc=0
  if [ -x "$pg_bin/pg_ctl" ] && pg_running; then
    echo "postgresql: running on 127.0.0.1:$pg_port"
  else
    echo "postgresql: stopped"; rc=3
  fi
  if [ -x "$pg_bin/pg_ctl" ] && replica_running; then
    echo "postgresql replica: running on 127.0.0.1:$replica_port"
  fi
  if command -v redis-cli >/dev/null && redis_running; then
    echo "redis: running on 127.0.0.1:$redis_port"
  else
    echo "redis: stopped"; rc=3
  fi
  return $rc
}

cmd_env() {
  cat <<ENV
export PGHOST=127.0.0.1
export PGPORT=$pg_port
export PGUSER=$db_user
export PGPASSWORD=$db_password
export PGDATABASE=$db_name
export DATABASE_URL=postgresql://$db_user:$db_password@127.0.0.1:$pg_port/$db_name
export REDIS_URL=redis://127.0.0.1:$redis_port
ENV
  if [ -x "$pg_bin/pg_ctl" ] && replica_running; then
    echo "export DATABASE_REPLICA_URL=postgresql://$db_user:$db_password@127.0.0.1:$replica_port/$db_name"
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  start-replica) apt_ensure postgresql-15 postgresql-15-postgis-3; start_replica ;;
  stop-replica) stop_replica ;;
  stop-primary) stop_primary ;;
  *) echo "usage: $0 start|stop|status|env|start-replica|stop-replica|stop-primary" >&2; exit 2 ;;
esac
