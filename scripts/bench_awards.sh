#!/usr/bin/env bash
# Benchmark of award issuing on a fresh database (throwaway PostgreSQL cluster):
# installs mc_qualification without demo data, then runs scripts/bench_awards.py,
# which issues 1,000 awards in one batch and prints awards/s and queries/award.
#   scripts/bench_awards.sh [COUNT]
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

find_odoo
ensure_debs
ensure_pyreqs

mkdir -p "$LOCAL"
WORK=$(scratch_dir bench)
PGDIR="$WORK/pg"
cleanup() {
    pg_stop "$PGDIR"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PG_PORT=$(free_port)
HTTP_PORT=$(free_port)
pg_start "$PGDIR" "$PG_PORT"
mkdir -p "$WORK/data"
write_conf "$WORK/odoo.conf" "$PG_PORT" "$WORK/data" "$HTTP_PORT"

say "Installing mc_qualification and mc_credential in a fresh database (no demo data)"
"$ODOO_BIN" -c "$WORK/odoo.conf" -d mc_bench -i mc_qualification,mc_credential --without-demo=all \
    --stop-after-init --log-level warn >"$WORK/install.log" 2>&1 ||
    die "installation failed: $(tail -n 20 "$WORK/install.log")"
"$ODOO_PY" "$ROOT/scripts/bench_awards.py" -c "$WORK/odoo.conf" -d mc_bench \
    --count "${1:-1000}" "${@:2}"
