#!/usr/bin/env bash
# make bench: the one benchmark entry point (scripts/bench/harness.py lists its phases).
#
#   scripts/bench.sh            full run (~30 min): writes BENCHMARKS.md
#   scripts/bench.sh --small    every phase of the full run on tiny data (checks the
#                               whole entry point; report in .local/bench.*/)
#   scripts/bench.sh --fast     the fast variants (~3 min), as run by `make test`
#                               (tests/test_bench_fast.py); no report
#   scripts/bench.sh --drill    the replica topology drill (primary + synchronous
#                               streaming replica, failover), as run by `make test`
#                               (tests/test_replica_drill.py); no report
#   scripts/bench.sh --out F    also keep the results as JSON in F
#
# A PostgreSQL cluster on a free loopback port (throwaway settings but for the drill,
# removed at the end with its replica) and a fresh database with the addons, WITHOUT
# demo data. Every load targets 127.0.0.1 and is bounded in time. Exit code 1 if a
# check failed.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

MODE=full SMALL=0 OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
    --fast) MODE=fast ;;
    --drill) MODE=drill ;;
    --small) SMALL=1 ;;
    --out) OUT=$2 && shift ;;
    *) die "unknown argument: $1 (use --fast, --small, --drill, --out FILE)" ;;
    esac
    shift
done
find_odoo
ensure_debs wrk
ensure_pyreqs
WORK=$(scratch_dir bench) DB=mc_bench
PGDIR="$WORK/pg" PG_PORT=$(free_port)
trap 'pg_stop "$WORK/run/replica"; pg_stop "$PGDIR"; [ "$SMALL" = 1 ] || rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
# the drill checks that commits wait for the replica: PostgreSQL's own settings
pg_start "$PGDIR" "$PG_PORT" "$([ "$MODE" = drill ] || echo throwaway)"
mkdir -p "$WORK/data"
write_conf "$WORK/odoo.conf" "$PG_PORT" "$WORK/data" "$(free_port)"

start=$(date +%s)
say "bench ($MODE): installing $ADDON_NAMES without demo data"
"$ODOO_BIN" -c "$WORK/odoo.conf" -d "$DB" -i "$ADDON_NAMES" --without-demo=all \
    --stop-after-init --log-level warn --logfile "$WORK/install.log" ||
    die "installing the addons failed: $(tail -n 30 "$WORK/install.log")"
args=(--mode "$MODE" --conf "$WORK/odoo.conf" --db "$DB" --work "$WORK/run"
    --out "${OUT:-$WORK/results.json}" --pgdir "$PGDIR" --pg-bin "$PG_BIN"
    --runas "$(as_pg_cmd)" --install-seconds "$(($(date +%s) - start))")
if [ "$SMALL" = 1 ]; then
    args+=(--small --report "$WORK/BENCHMARKS-small.md")
elif [ "$MODE" = full ]; then
    args+=(--report "$ROOT/BENCHMARKS.md")
fi
"$ODOO_PY" "$ROOT/scripts/bench/harness.py" "${args[@]}"
rc=$?
say "bench ($MODE) finished in $(($(date +%s) - start)) s (exit $rc)"
exit $rc
