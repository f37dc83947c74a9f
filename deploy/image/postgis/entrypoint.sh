#!/bin/bash
# Entrypoint of localhost/tiles-postgis: PostgreSQL 15 + PostGIS, listening on every address of the
# container, password logins by scram-sha-256.
#
# With an empty $PGDATA it first makes one:
#   primary (default)       initdb; the role and database POSTGRES_USER/POSTGRES_DB (password
#                           POSTGRES_PASSWORD) with the postgis extension; a replication role
#   TILES_PG_PRIMARY=host[:port]
#                           a streaming replica of that primary: pg_basebackup (retried until the
#                           primary answers), then standby mode with primary_conninfo
# Environment: POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB (default tiles/tiles/tiles),
#   TILES_PG_REPLICATION_USER/TILES_PG_REPLICATION_PASSWORD (default replicator/replicator),
#   POSTGRES_SUPERUSER_PASSWORD (default: none; the superuser then logs in only inside the container).
# Extra arguments go to postgres (e.g. -c shared_buffers=256MB).
set -euo pipefail

user="${POSTGRES_USER:-tiles}"
password="${POSTGRES_PASSWORD:-tiles}"
database="${POSTGRES_DB:-tiles}"
repl_user="${TILES_PG_REPLICATION_USER:-replicator}"
repl_password="${TILES_PG_REPLICATION_PASSWORD:-replicator}"
primary="${TILES_PG_PRIMARY:-}"
data="${PGDATA:?PGDATA must name the data directory}"

log() { echo "tiles-postgres: $*" >&2; }

# psql -v quoting (:'name', :"name") keeps the names and passwords out of the SQL text.
init_primary() {
  local pwfile
  log "initializing a primary in $data"
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_SUPERUSER_PASSWORD:-$(head -c 24 /dev/urandom | base64)}" >"$pwfile"
  initdb --pgdata="$data.partial" --username=postgres --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  cat >>"$data.partial/pg_hba.conf" <<HBA
# tiles-postgres: every address, passwords only (the container's network decides who can reach it)
host    all             all             all                     scram-sha-256
host    replication     $repl_user      all                     scram-sha-256
HBA
  cat >>"$data.partial/postgresql.conf" <<CONF
# tiles-postgres
listen_addresses = '*'
wal_level = replica
max_wal_senders = 10
# WAL kept for a replica that falls behind or is being copied (no replication slot to clean up).
wal_keep_size = 512MB
hot_standby = on
CONF
  pg_ctl --pgdata="$data.partial" --options="-c listen_addresses=''" --wait --silent start
  psql -X -q -v ON_ERROR_STOP=1 --username=postgres --dbname=postgres \
    -v user="$user" -v password="$password" -v database="$database" \
    -v repl_user="$repl_user" -v repl_password="$repl_password" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"user";
CREATE ROLE :"repl_user" LOGIN REPLICATION PASSWORD :'repl_password';
\connect :"database"
CREATE EXTENSION IF NOT EXISTS postgis;
SQL
  pg_ctl --pgdata="$data.partial" --wait --silent stop
  mv "$data.partial" "$data"
  log "primary ready: database $database, user $user, replication user $repl_user"
}

init_replica() {
  local host="${primary%%:*}" port=5432 delay=1
  [ "$primary" != "$host" ] && port="${primary##*:}"
  log "copying the primary $host:$port into $data (pg_basebackup as $repl_user)"
  until PGPASSWORD="$repl_password" pg_basebackup --host="$host" --port="$port" --username="$repl_user" \
          --pgdata="$data.partial" --wal-method=stream --checkpoint=fast --write-recovery-conf --no-password; do
    rm -rf "$data.partial"
    log "primary $host:$port not reachable yet; retrying in ${delay} s"
    sleep "$delay"
    delay=$(( delay < 16 ? delay * 2 : 30 ))
  done
  mv "$data.partial" "$data"
  log "replica ready: streaming from $host:$port"
}

rm -rf "$data.partial"   # a copy or initdb that was interrupted
if [ ! -s "$data/PG_VERSION" ]; then
  if [ -n "$primary" ]; then init_replica; else init_primary; fi
fi
exec postgres -D "$data" -c listen_addresses='*' "$@"
