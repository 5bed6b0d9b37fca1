#!/usr/bin/env bash
# Backup of one Odoo database: the PostgreSQL dump (pg_dump custom format) and the
# filestore (attachments: certificates, signatures), with SHA-256 sums.
#
#   scripts/backup.sh [-c odoo.conf] [-d DB] [-o DIR]
#
# Defaults: the `make run` setup (.local/odoo.conf, database mc_demo), into
# backups/<db>-<UTC timestamp>/. Restore with scripts/restore.sh. Safe while Odoo runs:
# pg_dump reads one consistent snapshot; attachments are written before the
# transaction that references them commits, so the filestore copy taken after the
# dump holds every file the dump refers to (extra files are harmless).
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

CONF="$LOCAL/odoo.conf"
DB=${MC_DB:-mc_demo}
OUT=""
while getopts "c:d:o:h" opt; do
    case "$opt" in
    c) CONF=$OPTARG ;;
    d) DB=$OPTARG ;;
    o) OUT=$OPTARG ;;
    *)
        sed -n '2,12p' "$0"
        exit 2
        ;;
    esac
done
[ -f "$CONF" ] || die "no Odoo configuration at $CONF (give one with -c)"
conf_get() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$CONF" | tail -n 1; }
HOST=$(conf_get db_host)
PORT=$(conf_get db_port)
USER_=$(conf_get db_user)
DATA=$(conf_get data_dir)
find_pg || die "PostgreSQL client binaries not found (apt-get install postgresql)"
[ -n "$OUT" ] || OUT="$ROOT/backups/$DB-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

say "Backing up database '$DB' to $OUT"
"$PG_BIN/pg_dump" -h "${HOST:-127.0.0.1}" -p "${PORT:-5432}" -U "${USER_:-odoo}" \
    -Fc -Z 6 -f "$OUT/db.dump" "$DB" || die "pg_dump failed"
FS="$DATA/filestore/$DB"
if [ -d "$FS" ]; then
    tar -C "$FS" -czf "$OUT/filestore.tar.gz" .
else
    tar -czf "$OUT/filestore.tar.gz" -T /dev/null
fi
{
    echo "database=$DB"
    echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "odoo=$(odoo --version 2>/dev/null || echo unknown)"
    echo "postgresql=$("$PG_BIN/pg_dump" --version)"
} >"$OUT/MANIFEST"
(cd "$OUT" && sha256sum db.dump filestore.tar.gz MANIFEST >SHA256SUMS)
say "Backup done: $(du -sh "$OUT" | cut -f1) in $OUT"
