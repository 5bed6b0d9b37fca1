#!/usr/bin/env bash
# Run once by the official postgres image when it creates the primary's cluster
# (/docker-entrypoint-initdb.d): a role for streaming replication and the pg_hba line
# that lets the replica service connect with it.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
