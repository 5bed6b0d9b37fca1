# Shared helpers for the project's scripts (sourced, not run).
# They find Odoo 18 as the `odoo` command on PATH, find PostgreSQL's server binaries,
# install the Debian packages and Python requirements the addons need, and run a
# project-local PostgreSQL cluster on a loopback port.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
ADDONS="$ROOT/addons"
# This checkout's credentials package comes first on Python's path: the Odoo and pytest
# runs of a checkout use its own version even when another checkout of the project
# installed a different one into the same Python environment.
export PYTHONPATH="$ROOT/credentials${PYTHONPATH:+:$PYTHONPATH}"
ADDON_NAMES="mc_qualification,mc_credential,mc_professional,mc_edc,mc_stacking"
DB_USER="odoo"

# wkhtmltopdf (Qt) warns on every PDF when XDG_RUNTIME_DIR is unset, which would put a
# WARNING line in Odoo's log: give it a private runtime folder.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="$LOCAL/runtime"
    mkdir -p "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
fi

say() { printf '[mc] %s\n' "$*" >&2; }
die() { say "ERROR: $*" && exit 1; }

# --- Odoo ---------------------------------------------------------------------------
find_odoo() {
    ODOO_BIN=$(command -v odoo || true)
    if [ -z "$ODOO_BIN" ]; then
        die "Odoo 18.0 Community is missing: no 'odoo' command on PATH.
      Install Odoo 18.0 (https://www.odoo.com/documentation/18.0/administration/on_premise/source.html)
      into a Python 3.11 environment and put its 'odoo' command on PATH, then run this again.
      With Docker instead: 'docker compose up' (see README.md)."
    fi
    ODOO_BIN=$(readlink -f "$ODOO_BIN")
    local shebang
    shebang=$(head -n 1 "$ODOO_BIN" | sed 's/^#! *//')
    case "$shebang" in
    */env\ *) ODOO_PY=$(command -v "${shebang##* }") ;;
    /*) ODOO_PY=${shebang%% *} ;;
    *) ODOO_PY=$(command -v python3) ;;
    esac
    local version
    version=$("$ODOO_PY" -c 'import odoo.release as r; print(r.version)' 2>/dev/null || true)
    case "$version" in
    18.0*) ;;
    "") die "'odoo' ($ODOO_BIN) runs with $ODOO_PY, which cannot import odoo. Reinstall Odoo 18.0." ;;
    *) die "Odoo $version found at $ODOO_BIN; these addons need Odoo 18.0 Community." ;;
    esac
    ODOO_ADDONS_PATH="$ADDONS"
}

# --- Debian packages ----------------------------------------------------------------
PG_BIN=""
find_pg() {
    local d
    command -v pg_ctl >/dev/null 2>&1 && d=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    for d in $d /usr/lib/postgresql/16/bin /usr/lib/postgresql/15/bin; do
        [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && PG_BIN=$d && return 0
    done
    return 1
}

# ensure_debs [TOOL...]: install the Debian packages the product (and the named extra
# tools, e.g. wrk) need when missing (as root), otherwise say exactly which ones.
# Browser tours need Chromium; MC_SKIP_BROWSER=1 (the Docker test service, whose
# Ubuntu base ships Chromium only as a snap) lets Odoo skip them instead.
ensure_debs() {
    local missing=() tool
    find_pg || missing+=(postgresql)
    [ "${MC_SKIP_BROWSER:-0}" = 1 ] || set -- chromium "$@"
    for tool in wkhtmltopdf pdftoppm:poppler-utils zbarimg:zbar-tools curl "$@"; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing Debian packages: ${missing[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
            die "apt-get could not install: ${missing[*]}"
        find_pg || die "PostgreSQL server binaries still missing after installing postgresql"
    else
        die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
    fi
}

# ensure_pyreqs: install the addons' Python requirements (and the repository's
# credentials package) into the Python environment Odoo runs in. A stamp file keeps
# repeated runs fast; it changes whenever the requirements or the package change.
ensure_pyreqs() {
    mkdir -p "$LOCAL"
    local stamp="$LOCAL/pyreqs.stamp" digest
    digest=$(
        {
            echo "$ODOO_PY"
            cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" 2>/dev/null
            if [ -d "$ROOT/credentials" ]; then
                find "$ROOT/credentials" \( -path '*/tests' -o -path '*/build' -o -name '*.egg-info' \) -prune -o -type f \
                    \( -name '*.py' -o -name '*.json' -o -name '*.jsonld' -o -name '*.toml' \) -print0 |
                    sort -z | xargs -0 cat
            fi
        } | sha256sum | cut -d' ' -f1
    )
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        return 0
    fi
    say "Installing the addons' Python requirements into $ODOO_PY"
    local args=(-r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt")
    [ -d "$ROOT/credentials" ] && args+=("$ROOT/credentials")
    # Odoo 18's pinned requirements that build from source need pkg_resources.
    printf 'setuptools<70\n' >"$LOCAL/build-constraints.txt"
    PIP_BUILD_CONSTRAINT="$LOCAL/build-constraints.txt" \
        "$ODOO_PY" -m pip install -q --disable-pip-version-check "${args[@]}" ||
        die "could not install the Python requirements into $ODOO_PY (see pip's message above)"
    echo "$digest" >"$stamp"
}

# --- PostgreSQL -----------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' user.
as_pg_cmd() { [ "$(id -u)" = 0 ] && echo "runuser -u postgres --"; }
as_pg() {
    # shellcheck disable=SC2046 # the prefix is several words, or none
    (cd / && $(as_pg_cmd) "$@") # from / : 'postgres' may not enter the current folder
}

# pg_reachable: can the user who runs the clusters enter .local/? (As root, clusters
# belong to 'postgres', which cannot enter a checkout under a private home folder.)
pg_reachable() {
    mkdir -p "$LOCAL"
    [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$LOCAL" 2>/dev/null
}

# scratch_dir NAME: a new folder for a throwaway cluster and its Odoo data, under
# .local/ when pg_reachable, else under /tmp.
scratch_dir() {
    local base="$LOCAL" dir
    pg_reachable || base="${TMPDIR:-/tmp}"
    dir=$(mktemp -d "$base/$1.XXXXXX") || die "cannot create a scratch folder in $base"
    chmod 755 "$dir"
    echo "$dir"
}

# run_pgdir: the persistent cluster of `make run` (and stop, pytest-odoo): .local/pg
# when pg_reachable, else a folder of this checkout's own in the postgres user's home
# (a stable place: the demo database outlives reboots, unlike /tmp).
run_pgdir() {
    if pg_reachable; then
        echo "$LOCAL/pg"
    else
        echo "$(getent passwd postgres | cut -d: -f6)/mc-run/$(basename "$ROOT")-$(echo "$ROOT" | sha256sum | cut -c1-8)/pg"
    fi
}

free_port() {
    "$ODOO_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_run_cluster PORT: the persistent, durable cluster of `make run` (run_pgdir).
start_run_cluster() {
    RUN_PGDIR=$(run_pgdir)
    mkdir -p "$(dirname "$RUN_PGDIR")"
    pg_start "$RUN_PGDIR" "$1"
}

# pg_start DIR PORT [throwaway]: create the cluster in DIR (first time) and start it on
# 127.0.0.1:PORT. A cluster keeps PostgreSQL's durability settings (fsync,
# full_page_writes, synchronous_commit) unless it is a throwaway one (tests, bench,
# i18n); a cluster running without them (an older `make run`) is restarted with them.
pg_start() {
    local dir=$1 port=$2 opts="" fsync
    [ "${3:-}" = throwaway ] && opts="-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown postgres: "$dir"
        chmod 700 "$dir"
        as_pg "$PG_BIN/initdb" -D "$dir" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 ||
            die "initdb failed: see $dir.initdb.log"
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        fsync=$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -tAc "SHOW fsync" 2>/dev/null)
        [ -n "$opts" ] || [ "$fsync" != off ] && return 0
        say "Restarting the PostgreSQL cluster in $dir with fsync and full_page_writes on"
        pg_stop "$dir"
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir $opts" \
        start >/dev/null || die "PostgreSQL did not start: see $dir/server.log"
}

pg_stop() { [ ! -f "$1/PG_VERSION" ] || as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true; }

# db_exists PORT NAME
db_exists() {
    [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$1" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$2'" 2>/dev/null)" = 1 ]
}

# conf_get FILE KEY: one value of an Odoo configuration file.
conf_get() { sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1; }

# write_conf FILE PORT DATA_DIR HTTP_PORT: an Odoo configuration from config/odoo.conf.
write_conf() {
    sed -e "s#@ADDONS_PATH@#$ODOO_ADDONS_PATH#" -e "s#@DB_PORT@#$2#" -e "s#@DB_USER@#$DB_USER#" \
        -e "s#@DATA_DIR@#$3#" -e "s#@HTTP_PORT@#$4#" "$ROOT/config/odoo.conf" >"$1"
}
