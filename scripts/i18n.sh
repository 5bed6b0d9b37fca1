#!/usr/bin/env bash
# make i18n: refresh each addon's .pot from a throwaway database and merge it into the
# existing .po files (msgmerge keeps every translation whose source text still exists).
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

find_odoo
ensure_debs
ensure_pyreqs
command -v msgmerge >/dev/null 2>&1 || die "msgmerge is missing: apt-get install gettext"
mkdir -p "$LOCAL"
WORK=$(scratch_dir i18n)
chmod 755 "$WORK"
trap 'pg_stop "$WORK/pg"; rm -rf "$WORK"' EXIT
PG_PORT=$(free_port)
pg_start "$WORK/pg" "$PG_PORT" throwaway
mkdir -p "$WORK/data"
write_conf "$WORK/odoo.conf" "$PG_PORT" "$WORK/data" "$(free_port)"
"$ODOO_BIN" -c "$WORK/odoo.conf" -d mc_i18n -i "$ADDON_NAMES" --without-demo=all \
    --stop-after-init --logfile "$WORK/install.log" || die "install failed: see $WORK/install.log"
for addon in ${ADDON_NAMES//,/ }; do
    mkdir -p "$ADDONS/$addon/i18n"
    pot="$ADDONS/$addon/i18n/$addon.pot"
    "$ODOO_BIN" -c "$WORK/odoo.conf" -d mc_i18n --i18n-export="$pot" --modules="$addon" \
        --stop-after-init --logfile "$WORK/export.log" || die "export of $addon failed"
    for po in "$ADDONS/$addon/i18n/"*.po; do
        [ -e "$po" ] || continue
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$pot"
    done
    say "$addon: $(grep -c '^msgid ' "$pot") terms in $pot"
done
