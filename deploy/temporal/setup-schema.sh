#!/bin/sh
# One-shot job (temporalio/admin-tools): creates Temporal's two PostgreSQL databases if they are
# missing and brings their schemas up to the version shipped with this admin-tools image, which must
# be the server's version. Idempotent: `create` ignores an existing database, `setup-schema -v 0.0`
# leaves a versioned schema alone and `update-schema` applies only newer versions — so running it
# again after bumping TEMPORAL_VERSION is how upgrades get their schema changes.
#
# Connection through temporal-sql-tool's own variables: SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD
# (the password stays out of the process list). Database names: TEMPORAL_DB, TEMPORAL_VISIBILITY_DB.
set -eu

: "${SQL_HOST:?SQL_HOST is required}"
: "${SQL_USER:?SQL_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
export SQL_PORT="${SQL_PORT:-5432}"
export SQL_PLUGIN="${SQL_PLUGIN:-postgres12}"
TEMPORAL_DB="${TEMPORAL_DB:-temporal}"
TEMPORAL_VISIBILITY_DB="${TEMPORAL_VISIBILITY_DB:-temporal_visibility}"
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

log() { echo "[temporal-schema] $*"; }

log "waiting for PostgreSQL at ${SQL_HOST}:${SQL_PORT}"
attempt=1
until nc -z -w 3 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 60 ]; then
    log "PostgreSQL did not answer at ${SQL_HOST}:${SQL_PORT}" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

setup() {
  db="$1"
  schema_dir="$2"
  log "database ${db}: create if missing"
  temporal-sql-tool --db "$db" create
  log "database ${db}: versioning tables"
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  log "database ${db}: update schema from ${schema_dir}"
  temporal-sql-tool --db "$db" update-schema -d "$schema_dir"
}

setup "$TEMPORAL_DB" "${SCHEMA_ROOT}/temporal/versioned"
setup "$TEMPORAL_VISIBILITY_DB" "${SCHEMA_ROOT}/visibility/versioned"
log "schemas are up to date"
