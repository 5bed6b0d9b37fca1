#!/usr/bin/env bash
# The replica topology drill, without Docker (tests/test_replica_drill.py runs it in
# `make test`): a primary PostgreSQL and a streaming replica (pg_basebackup -R) on
# loopback ports, Odoo with db_replica_host/db_replica_port, an award issued on the
# primary and verified through the replica, the primary stopped (200 or 503, never 404
# or 500), the replica promoted and Odoo pointed at it (every award verifies).
#
#   scripts/replica_drill.sh [--out results.json]
#   scripts/replica_drill.sh --bench [--seconds 10] [--out results.json]
#       the same topology under wrk (scripts/bench_replica.py): verification page p95
#       via the replica vs /web/health, 2 Odoo workers vs 1, 304s per second
#
# Everything listens on 127.0.0.1 only, each step is bounded in time, and both clusters
# and their folders are removed at the end, also when a step fails.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

OUT=""
SCRIPT=replica_drill.py
SECONDS_ARG=10
while [ $# -gt 0 ]; do
    case "$1" in
    --out)
        OUT=$2
        shift
        ;;
    --bench) SCRIPT=bench_replica.py ;;
    --seconds)
        SECONDS_ARG=$2
        shift
        ;;
    *) die "unknown argument: $1 (use --out FILE, --bench, --seconds N)" ;;
    esac
    shift
done

find_odoo
ensure_debs
ensure_pyreqs

WORK=$(scratch_dir drill)
cleanup() {
    # the drill stops its own processes; this is the safety net after a crash
    for d in "$WORK/primary" "$WORK/replica"; do pg_stop "$d"; done
    [ "${MC_DRILL_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PRIMARY_PORT=$(free_port)
REPLICA_PORT=$(free_port)
HTTP_PORT=$(free_port)
mkdir -p "$WORK/data"
write_conf "$WORK/odoo.conf" "$PRIMARY_PORT" "$WORK/data" "$HTTP_PORT"
pg_start "$WORK/primary" "$PRIMARY_PORT"

RUNAS=""
[ "$(id -u)" = 0 ] && RUNAS="runuser -u postgres --"
"$ODOO_PY" "$ROOT/scripts/$SCRIPT" --seconds "$SECONDS_ARG" \
    --odoo "$ODOO_BIN" --pg-bin "$PG_BIN" --runas "$RUNAS" --db-user "$DB_USER" \
    --addons "$ADDON_NAMES" --work "$WORK" --conf "$WORK/odoo.conf" \
    --primary-port "$PRIMARY_PORT" --replica-port "$REPLICA_PORT" --http-port "$HTTP_PORT" \
    --out "${OUT:-$WORK/drill.json}"
