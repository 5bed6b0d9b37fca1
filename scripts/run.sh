#!/usr/bin/env bash
# make run: start the project-local PostgreSQL cluster and Odoo with the demo database.
# Idempotent: a second run reuses the cluster and the database (and updates the addons
# when their code changed). Works from any folder, as root or not (see run_pgdir); the
# cluster keeps PostgreSQL's durability settings: the demo database may be kept.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

PG_PORT=${MC_PG_PORT:-54329}
HTTP_PORT=${MC_HTTP_PORT:-8069}
DB=${MC_DB:-mc_demo}
CONF="$LOCAL/odoo.conf"
PIDFILE="$LOCAL/odoo.pid"
LOG="$LOCAL/odoo.log"

find_odoo
ensure_debs
ensure_pyreqs
mkdir -p "$LOCAL/data"
start_run_cluster "$PG_PORT"
write_conf "$CONF" "$PG_PORT" "$LOCAL/data" "$HTTP_PORT"

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    say "Odoo is already running (pid $(cat "$PIDFILE")) on http://127.0.0.1:$HTTP_PORT"
    exit 0
fi

# The addons' code digest decides whether the demo database needs an update.
digest=$(find "$ADDONS" -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if ! db_exists "$PG_PORT" "$DB"; then
    say "Creating the demo database '$DB' with $ADDON_NAMES and their demo data (a few minutes the first time)"
    "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$ADDON_NAMES" --stop-after-init --logfile "$LOG" ||
        die "installing the addons failed: see $LOG"
    echo "$digest" >"$LOCAL/addons.stamp"
elif [ "$(cat "$LOCAL/addons.stamp" 2>/dev/null)" != "$digest" ]; then
    say "The addons changed: updating them in '$DB'"
    "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON_NAMES" --stop-after-init --logfile "$LOG" ||
        die "updating the addons failed: see $LOG"
    echo "$digest" >"$LOCAL/addons.stamp"
fi

say "Starting Odoo on http://127.0.0.1:$HTTP_PORT (log: $LOG)"
nohup "$ODOO_BIN" -c "$CONF" -d "$DB" --db-filter "^$DB\$" --logfile "$LOG" >/dev/null 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/login"; then
        say "Odoo is up: http://127.0.0.1:$HTTP_PORT/web/login — log in as admin / admin"
        exit 0
    fi
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || die "Odoo stopped while starting: see $LOG"
    sleep 1
done
die "Odoo did not answer on http://127.0.0.1:$HTTP_PORT within 120 s: see $LOG"
