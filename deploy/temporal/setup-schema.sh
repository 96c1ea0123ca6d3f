#!/bin/sh
# One-shot job: creates Temporal's two PostgreSQL databases if they are missing and brings their
# schemas up to the version shipped beside the server (the schema of the release it was built from, see
# provision-server.sh). Compose's temporal-schema job and the production shape on this
# machine (reliability/shape.ts) both run this script. Idempotent: `create` ignores an existing
# database, `setup-schema -v 0.0` leaves a versioned schema alone and `update-schema` applies only
# newer versions, so running it again after bumping deploy/temporal/versions.env is how upgrades get
# their schema changes.
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
SCHEMA_ROOT="${SCHEMA_ROOT:-/opt/temporal/schema/postgresql/v12}"

log() { echo "[temporal-schema] $*"; }

setup() {
  db="$1"
  schema_dir="$2"
  log "database ${db}: create if missing"
  # Retried while PostgreSQL is still starting (no client tools needed to wait for it).
  attempt=1
  until temporal-sql-tool --db "$db" create; do
    if [ "$attempt" -ge 60 ]; then
      log "could not create ${db} on ${SQL_HOST}:${SQL_PORT}" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
  log "database ${db}: versioning tables"
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  log "database ${db}: update schema from ${schema_dir}"
  temporal-sql-tool --db "$db" update-schema -d "$schema_dir"
}

setup "$TEMPORAL_DB" "${SCHEMA_ROOT}/temporal/versioned"
setup "$TEMPORAL_VISIBILITY_DB" "${SCHEMA_ROOT}/visibility/versioned"
log "schemas are up to date"
