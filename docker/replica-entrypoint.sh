#!/usr/bin/env bash
# Entry point of the db-replica service (official postgres image, run as postgres):
# clone the primary once with pg_basebackup -R (which writes primary_conninfo and
# standby.signal), then run a hot standby. cluster_name is the application name the
# primary's synchronous_standby_names refers to.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    export PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD"
    until pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" \
        -R -X stream -c fast; do
        echo "waiting for the primary $PRIMARY_HOST" >&2
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
fi
exec postgres -c hot_standby=on -c cluster_name=replica
