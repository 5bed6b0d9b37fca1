#!/usr/bin/env bash
# make bench: the one benchmark entry point (scripts/bench/harness.py lists its phases).
#
#   scripts/bench.sh            full run (~25 min): writes BENCHMARKS.md
#   scripts/bench.sh --small    every phase of the full run on tiny data (checks the
#                               whole entry point; report in .local/bench.*/)
#   scripts/bench.sh --fast     the fast variants (~3 min), as run by `make test`
#                               (tests/test_bench_fast.py); no report
#   scripts/bench.sh --out F    also keep the results as JSON in F
#
# A throwaway PostgreSQL cluster on a free loopback port (removed at the end) and a
# fresh database with the addons, WITHOUT demo data. Every load targets 127.0.0.1
# and is bounded in time. Exit code 1 if a check failed.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

MODE=full SMALL=0 OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
    --fast) MODE=fast ;;
    --small) SMALL=1 ;;
    --out) OUT=$2 && shift ;;
    *) die "unknown argument: $1 (use --fast, --small, --out FILE)" ;;
    esac
    shift
done
find_odoo
ensure_debs wrk
ensure_pyreqs
WORK=$(scratch_dir bench) DB=mc_bench
PGDIR="$WORK/pg" PG_PORT=$(free_port)
trap 'pg_stop "$PGDIR"; [ "$SMALL" = 1 ] || rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
pg_start "$PGDIR" "$PG_PORT" throwaway
mkdir -p "$WORK/data"
write_conf "$WORK/odoo.conf" "$PG_PORT" "$WORK/data" "$(free_port)"

start=$(date +%s)
say "bench ($MODE): installing $ADDON_NAMES without demo data"
"$ODOO_BIN" -c "$WORK/odoo.conf" -d "$DB" -i "$ADDON_NAMES" --without-demo=all \
    --stop-after-init --log-level warn --logfile "$WORK/install.log" ||
    die "installing the addons failed: $(tail -n 30 "$WORK/install.log")"
restart="$(as_pg_cmd) $PG_BIN/pg_ctl -D $PGDIR -m fast -w -t 60 -l $PGDIR/server.log restart"
args=(--mode "$MODE" --conf "$WORK/odoo.conf" --db "$DB" --work "$WORK/run"
    --out "${OUT:-$WORK/results.json}" --pg-restart "$restart >/dev/null")
if [ "$SMALL" = 1 ]; then
    args+=(--small --report "$WORK/BENCHMARKS-small.md")
elif [ "$MODE" = full ]; then
    args+=(--report "$ROOT/BENCHMARKS.md")
fi
"$ODOO_PY" "$ROOT/scripts/bench/harness.py" "${args[@]}"
rc=$?
say "bench ($MODE) finished in $(($(date +%s) - start)) s (exit $rc)"
exit $rc
