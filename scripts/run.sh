#!/usr/bin/env bash
# make run | make stop | make pytest-odoo ADDON=name: the development server.
#
#   scripts/run.sh                    start the project-local PostgreSQL cluster and Odoo
#                                     with the demo database on http://127.0.0.1:8069
#   scripts/run.sh stop               stop both (the data is kept)
#   scripts/run.sh pytest ADDON [..]  update one addon in the demo database and run its
#                                     tests with pytest-odoo (fast inner loop)
#
# Idempotent: a second run reuses the cluster and the database (and updates the addons
# when their code changed). Works from any folder, as root or not (see run_pgdir); the
# cluster keeps PostgreSQL's durability settings: the demo database may be kept.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

PG_PORT=${MC_PG_PORT:-54329} HTTP_PORT=${MC_HTTP_PORT:-8069} DB=${MC_DB:-mc_demo}
CONF="$LOCAL/odoo.conf" PIDFILE="$LOCAL/odoo.pid" LOG="$LOCAL/odoo.log"
running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

if [ "${1:-}" = stop ]; then
    if running; then
        kill "$(cat "$PIDFILE")"
        for _ in $(seq 1 30); do running && sleep 1; done
        running && kill -9 "$(cat "$PIDFILE")"
        say "Odoo stopped"
    fi
    rm -f "$PIDFILE"
    find_pg && pg_stop "$(run_pgdir)" && say "PostgreSQL stopped (data kept in $(run_pgdir))"
    exit 0
fi
find_odoo
ensure_debs
ensure_pyreqs
mkdir -p "$LOCAL/data"
start_run_cluster "$PG_PORT"
if [ "${1:-}" = pytest ]; then
    ADDON=${2:-mc_qualification}
    [ -d "$ADDONS/$ADDON" ] || die "no addon named '$ADDON' under addons/"
    db_exists "$PG_PORT" "$DB" || die "run 'make run' once first: it creates the development database"
    "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON" --stop-after-init --logfile "$LOG" ||
        die "updating $ADDON failed: see $LOG"
    cd "$ADDONS"
    exec "$ODOO_PY" -m pytest -p no:cacheprovider --odoo-config "$CONF" --odoo-database "$DB" "$ADDON" "${@:3}"
fi
write_conf "$CONF" "$PG_PORT" "$LOCAL/data" "$HTTP_PORT"
running && say "Odoo is already running (pid $(cat "$PIDFILE")) on http://127.0.0.1:$HTTP_PORT" && exit 0

# The addons' code digest decides whether the demo database needs an update.
digest=$(find "$ADDONS" -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if ! db_exists "$PG_PORT" "$DB"; then
    say "Creating the demo database '$DB' with $ADDON_NAMES and their demo data (a few minutes the first time)"
    "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$ADDON_NAMES" --stop-after-init --logfile "$LOG" ||
        die "installing the addons failed: see $LOG"
elif [ "$(cat "$LOCAL/addons.stamp" 2>/dev/null)" != "$digest" ]; then
    say "The addons changed: updating them in '$DB'"
    "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON_NAMES" --stop-after-init --logfile "$LOG" ||
        die "updating the addons failed: see $LOG"
fi
echo "$digest" >"$LOCAL/addons.stamp"
say "Starting Odoo on http://127.0.0.1:$HTTP_PORT (log: $LOG)"
nohup "$ODOO_BIN" -c "$CONF" -d "$DB" --db-filter "^$DB\$" --logfile "$LOG" >/dev/null 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/login" &&
        say "Odoo is up: http://127.0.0.1:$HTTP_PORT/web/login — log in as admin / admin" && exit 0
    running || die "Odoo stopped while starting: see $LOG"
    sleep 1
done
die "Odoo did not answer on http://127.0.0.1:$HTTP_PORT within 120 s: see $LOG"
