#!/usr/bin/env bash
# make bench: benchmarks, load, soak, faults and backup/restore on a fresh database.
#
#   scripts/bench.sh            full run (~15-25 min): writes BENCHMARKS.md
#   scripts/bench.sh --fast     the fast variants (~1 min, tiny data, 8 s soak), as run
#                               by `make test` (tests/test_bench_fast.py); no report
#   scripts/bench.sh --out F    also keep the results as JSON in F
#   scripts/bench.sh --small    every phase of the full run on tiny data (checks the
#                               harness; the report stays in .local/bench.*/)
#
# With MC_TEST_WORK=<make test's work directory> and MC_TEST_DB=<its database> (set by
# `make test` for its pytest stage), --fast copies that already installed database
# (CREATE DATABASE ... TEMPLATE, seconds) instead of installing the addons again.
#
# 1. a throwaway PostgreSQL cluster on a free loopback port (removed at the end);
# 2. a fresh database with both addons, WITHOUT demo data;
# 3. scripts/bench/harness.py: data generation, issuing at 100/1,000/10,000, credentials,
#    PDFs, list timings, wrk on 127.0.0.1 against `odoo --workers 2`, soak, faults
#    (kill -9 of a bulk issuing job, PostgreSQL restart under load), backup/restore.
# Every load targets 127.0.0.1 only and is bounded in time. Exit code 1 if a check failed.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

MODE=full
SMALL=0
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
    --fast) MODE=fast ;;
    --small) SMALL=1 ;;
    --out)
        OUT=$2
        shift
        ;;
    *) die "unknown argument: $1 (use --fast, --out FILE)" ;;
    esac
    shift
done

find_odoo
ensure_debs
ensure_pyreqs
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || die "could not install wrk"
    else
        die "missing Debian package: wrk. Install it with: sudo apt-get install wrk"
    fi
fi

mkdir -p "$LOCAL"
WORK=$(scratch_dir bench)
DB=mc_bench
REUSE=0
if { [ "$MODE" = fast ] || [ "$SMALL" = 1 ]; } && [ -n "${MC_TEST_WORK:-}" ] && [ -n "${MC_TEST_DB:-}" ] &&
    [ -f "$MC_TEST_WORK/odoo.conf" ]; then
    REUSE=1
fi
if [ "$REUSE" = 1 ]; then
    # make test's cluster: ours to use until it tears it down; we only add databases.
    PGDIR="$MC_TEST_WORK/pg"
    cp "$MC_TEST_WORK/odoo.conf" "$WORK/odoo.conf"
    PG_PORT=$(sed -n 's/^db_port *= *//p' "$WORK/odoo.conf")
    DATA_DIR=$(sed -n 's/^data_dir *= *//p' "$WORK/odoo.conf")
    DB=mc_bench_fast
    cleanup() {
        for d in "$DB" "${DB}_restored"; do
            "$PG_BIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" --if-exists "$d" 2>/dev/null
            rm -rf "${DATA_DIR:?}/filestore/$d"
        done
        [ "${MC_BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
    }
else
    PGDIR="$WORK/pg"
    cleanup() {
        pg_stop "$PGDIR"
        [ "${MC_BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
    }
fi
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$REUSE" = 0 ]; then
    PG_PORT=$(free_port)
    HTTP_PORT=$(free_port)
    pg_start "$PGDIR" "$PG_PORT"
    mkdir -p "$WORK/data"
    write_conf "$WORK/odoo.conf" "$PG_PORT" "$WORK/data" "$HTTP_PORT"
fi

PG_CTL="$PG_BIN/pg_ctl -D $PGDIR -m fast -w -t 60 -l $PGDIR/server.log restart"
if [ "$(id -u)" = 0 ]; then
    PG_RESTART="runuser -u postgres -- $PG_CTL >/dev/null"
else
    PG_RESTART="$PG_CTL >/dev/null"
fi

start=$(date +%s)
if [ "$REUSE" = 1 ]; then
    say "bench ($MODE): copying make test's database $MC_TEST_DB"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -T "$MC_TEST_DB" "$DB" ||
        die "could not copy the database $MC_TEST_DB"
    if [ -d "$DATA_DIR/filestore/$MC_TEST_DB" ]; then
        cp -a "$DATA_DIR/filestore/$MC_TEST_DB" "$DATA_DIR/filestore/$DB"
    fi
else
    say "bench ($MODE): installing $ADDON_NAMES without demo data"
    "$ODOO_BIN" -c "$WORK/odoo.conf" -d "$DB" -i "$ADDON_NAMES" --without-demo=all \
        --stop-after-init --log-level warn --logfile "$WORK/install.log" ||
        die "installing the addons failed: $(tail -n 30 "$WORK/install.log")"
    say "installed in $(($(date +%s) - start)) s"
fi

args=(--mode "$MODE" --conf "$WORK/odoo.conf" --db "$DB" --work "$WORK/run"
    --out "${OUT:-$WORK/results.json}" --pg-restart "$PG_RESTART")
if [ "$SMALL" = 1 ]; then
    # every phase of the full run on tiny data: checks the harness, keeps BENCHMARKS.md
    args+=(--small --report "$WORK/BENCHMARKS-small.md")
    MC_BENCH_KEEP=1
elif [ "$MODE" = full ]; then
    args+=(--report "$ROOT/BENCHMARKS.md")
fi
"$ODOO_PY" "$ROOT/scripts/bench/harness.py" "${args[@]}"
rc=$?
say "bench ($MODE) finished in $(($(date +%s) - start)) s (exit $rc)"
exit $rc
