#!/usr/bin/env bash
# make stop: stop what make run started (Odoo, then the project-local PostgreSQL cluster).
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

PIDFILE="$LOCAL/odoo.pid"
if [ -f "$PIDFILE" ]; then
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        say "Odoo stopped"
    fi
    rm -f "$PIDFILE"
fi
if find_pg; then
    pg_stop "$(run_pgdir)"
    say "PostgreSQL cluster stopped (data kept in $(run_pgdir))"
fi
