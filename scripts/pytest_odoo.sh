#!/usr/bin/env bash
# make pytest-odoo ADDON=name: run one addon's tests with pytest-odoo against the
# development database of `make run` (fast inner loop; the addon is updated first).
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

ADDON=${1:-mc_qualification}
PG_PORT=${MC_PG_PORT:-54329}
DB=${MC_DB:-mc_demo}
[ -d "$ADDONS/$ADDON" ] || die "no addon named '$ADDON' under addons/"
find_odoo
ensure_debs
ensure_pyreqs
[ -f "$LOCAL/odoo.conf" ] || die "run 'make run' once first: it creates the development database"
start_run_cluster "$PG_PORT"
"$ODOO_BIN" -c "$LOCAL/odoo.conf" -d "$DB" -u "$ADDON" --stop-after-init --logfile "$LOCAL/odoo.log" ||
    die "updating $ADDON failed: see $LOCAL/odoo.log"
cd "$ADDONS"
exec "$ODOO_PY" -m pytest -p no:cacheprovider --odoo-config "$LOCAL/odoo.conf" \
    --odoo-database "$DB" "$ADDON" "${@:2}"
