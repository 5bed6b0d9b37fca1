#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database (never overwrites).
#
#   scripts/restore.sh [-c odoo.conf] -d NEW_DB -i BACKUP_DIR
#
# Checks the SHA-256 sums, creates NEW_DB, restores the dump (without the original
# owner, as the configured db_user) and unpacks the filestore under the new name.
# The restored database keeps its signing keys, verification tokens and status lists:
# previously issued credentials still verify, revoked ones still show as revoked.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

CONF="$LOCAL/odoo.conf"
DB=""
IN=""
while getopts "c:d:i:h" opt; do
    case "$opt" in
    c) CONF=$OPTARG ;;
    d) DB=$OPTARG ;;
    i) IN=$OPTARG ;;
    *)
        sed -n '2,9p' "$0"
        exit 2
        ;;
    esac
done
[ -n "$DB" ] && [ -n "$IN" ] || die "usage: scripts/restore.sh [-c odoo.conf] -d NEW_DB -i BACKUP_DIR"
[ -f "$CONF" ] || die "no Odoo configuration at $CONF (give one with -c)"
[ -f "$IN/db.dump" ] || die "no db.dump in $IN"
[[ $DB =~ ^[A-Za-z0-9_.-]+$ ]] || die "database name '$DB': use letters, digits, _ . - only"
conf_get() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$CONF" | tail -n 1; }
HOST=${HOST:-$(conf_get db_host)}
PORT=$(conf_get db_port)
USER_=$(conf_get db_user)
DATA=$(conf_get data_dir)
find_pg || die "PostgreSQL client binaries not found (apt-get install postgresql)"
PGARGS=(-h "${HOST:-127.0.0.1}" -p "${PORT:-5432}" -U "${USER_:-odoo}")

if [ -f "$IN/SHA256SUMS" ]; then
    (cd "$IN" && sha256sum --quiet -c SHA256SUMS) || die "the backup in $IN is damaged (SHA-256 mismatch)"
fi
if [ "$("$PG_BIN/psql" "${PGARGS[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ]; then
    die "database '$DB' already exists: restore into a new name"
fi
[ -e "$DATA/filestore/$DB" ] && die "a filestore already exists at $DATA/filestore/$DB"

say "Restoring $IN into the new database '$DB'"
"$PG_BIN/createdb" "${PGARGS[@]}" -T template0 -E UTF8 "$DB" || die "createdb failed"
"$PG_BIN/pg_restore" "${PGARGS[@]}" -d "$DB" --no-owner --exit-on-error -j 2 "$IN/db.dump" ||
    die "pg_restore failed (the partial database '$DB' is left for inspection)"
mkdir -p "$DATA/filestore/$DB"
tar -C "$DATA/filestore/$DB" -xzf "$IN/filestore.tar.gz"
say "Restored '$DB'. Start Odoo on it with: odoo -c $CONF -d $DB --db-filter '^$DB\$'"
