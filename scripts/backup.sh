#!/usr/bin/env bash
# Backup of one Odoo database, or its restore into a NEW database (never overwrites).
#
#   scripts/backup.sh [-c odoo.conf] [-d DB] [-o DIR]           backup
#   scripts/backup.sh [-c odoo.conf] -d NEW_DB -i BACKUP_DIR    restore
#
# A backup is the PostgreSQL dump (pg_dump custom format), the filestore (attachments:
# certificates, signatures), a MANIFEST and SHA-256 sums; by default the `make run`
# setup (.local/odoo.conf, database mc_demo) into backups/<db>-<UTC timestamp>/. Safe
# while Odoo runs: pg_dump reads one consistent snapshot; attachments are written before
# the transaction that references them commits, so the filestore copy taken after the
# dump holds every file the dump refers to (extra files are harmless). A restore checks
# the sums, restores the dump as the configured db_user and unpacks the filestore under
# the new name: the database keeps its signing keys, verification tokens and status
# lists, so issued credentials still verify and revoked ones still show revoked.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

CONF="$LOCAL/odoo.conf" DB="" OUT="" IN=""
while getopts "c:d:o:i:h" opt; do
    case "$opt" in
    c) CONF=$OPTARG ;;
    d) DB=$OPTARG ;;
    o) OUT=$OPTARG ;;
    i) IN=$OPTARG ;;
    *) sed -n '2,5p' "$0" && exit 2 ;;
    esac
done
[ -f "$CONF" ] || die "no Odoo configuration at $CONF (give one with -c)"
find_pg || die "PostgreSQL client binaries not found (apt-get install postgresql)"
DATA=$(conf_get "$CONF" data_dir)
PGARGS=(-h "$(conf_get "$CONF" db_host | grep . || echo 127.0.0.1)" -p "$(conf_get "$CONF" db_port)"
    -U "$(conf_get "$CONF" db_user)")

if [ -z "$IN" ]; then
    DB=${DB:-${MC_DB:-mc_demo}}
    OUT=${OUT:-$ROOT/backups/$DB-$(date -u +%Y%m%dT%H%M%SZ)}
    mkdir -p "$OUT"
    say "Backing up database '$DB' to $OUT"
    "$PG_BIN/pg_dump" "${PGARGS[@]}" -Fc -Z 6 -f "$OUT/db.dump" "$DB" || die "pg_dump failed"
    if [ -d "$DATA/filestore/$DB" ]; then
        tar -C "$DATA/filestore/$DB" -czf "$OUT/filestore.tar.gz" .
    else
        tar -czf "$OUT/filestore.tar.gz" -T /dev/null
    fi
    printf 'database=%s\ncreated=%s\nodoo=%s\npostgresql=%s\n' "$DB" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "$(odoo --version 2>/dev/null || echo unknown)" "$("$PG_BIN/pg_dump" --version)" >"$OUT/MANIFEST"
    (cd "$OUT" && sha256sum db.dump filestore.tar.gz MANIFEST >SHA256SUMS)
    say "Backup done: $(du -sh "$OUT" | cut -f1) in $OUT"
    exit 0
fi

[[ $DB =~ ^[A-Za-z0-9_.-]+$ ]] || die "restore: give the NEW database's name with -d (letters, digits, _ . -)"
[ -f "$IN/db.dump" ] || die "no db.dump in $IN"
[ ! -f "$IN/SHA256SUMS" ] || (cd "$IN" && sha256sum --quiet -c SHA256SUMS) ||
    die "the backup in $IN is damaged (SHA-256 mismatch)"
if [ "$("$PG_BIN/psql" "${PGARGS[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ]; then
    die "database '$DB' already exists: restore into a new name"
fi
[ ! -e "$DATA/filestore/$DB" ] || die "a filestore already exists at $DATA/filestore/$DB"
say "Restoring $IN into the new database '$DB'"
"$PG_BIN/createdb" "${PGARGS[@]}" -T template0 -E UTF8 "$DB" || die "createdb failed"
"$PG_BIN/pg_restore" "${PGARGS[@]}" -d "$DB" --no-owner --exit-on-error -j 2 "$IN/db.dump" ||
    die "pg_restore failed (the partial database '$DB' is left for inspection)"
mkdir -p "$DATA/filestore/$DB"
tar -C "$DATA/filestore/$DB" -xzf "$IN/filestore.tar.gz"
say "Restored '$DB'. Start Odoo on it with: odoo -c $CONF -d $DB --db-filter '^$DB\$'"
