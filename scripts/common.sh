# Shared helpers for the project's scripts (sourced, not run).
# They find Odoo 18 as the `odoo` command on PATH, find PostgreSQL's server binaries,
# install the Debian packages and Python requirements the addons need, and run a
# project-local PostgreSQL cluster on a loopback port.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
ADDONS="$ROOT/addons"
ADDON_NAMES="mc_qualification,mc_credential,mc_professional,mc_edc"
DB_USER="odoo"

# wkhtmltopdf (Qt) warns on every PDF when XDG_RUNTIME_DIR is unset, which would put a
# WARNING line in Odoo's log: give it a private runtime folder.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="$LOCAL/runtime"
    mkdir -p "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
fi

say() { printf '[mc] %s\n' "$*" >&2; }
die() {
    printf '[mc] ERROR: %s\n' "$*" >&2
    exit 1
}

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
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
        return 0
    fi
    for d in /usr/lib/postgresql/16/bin /usr/lib/postgresql/15/bin; do
        if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
            PG_BIN="$d"
            return 0
        fi
    done
    return 1
}

# ensure_debs: install the Debian packages the product needs when missing (as root),
# otherwise say exactly which ones to install.
ensure_debs() {
    local missing=()
    find_pg || missing+=(postgresql)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    # Browser tours need Chromium; MC_SKIP_BROWSER=1 (the Docker test service, whose
    # Ubuntu base ships Chromium only as a snap) lets Odoo skip them instead.
    if [ "${MC_SKIP_BROWSER:-0}" != 1 ]; then
        command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    fi
    command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
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
                    \( -name '*.py' -o -name '*.json' -o -name '*.toml' \) -print0 |
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
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# scratch_dir NAME: a new folder for a throwaway cluster and its Odoo data. It lives
# under .local/ when the 'postgres' user can reach that folder (as root, clusters belong
# to 'postgres'), else under /tmp: a checkout under a private home folder still works.
scratch_dir() {
    local base="$LOCAL" dir
    mkdir -p "$LOCAL"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$LOCAL" 2>/dev/null; then
        base="${TMPDIR:-/tmp}"
    fi
    dir=$(mktemp -d "$base/$1.XXXXXX") || die "cannot create a scratch folder in $base"
    chmod 755 "$dir"
    echo "$dir"
}

free_port() {
    "$ODOO_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# pg_start DIR PORT: create the cluster in DIR (first time) and start it on 127.0.0.1:PORT.
pg_start() {
    local dir=$1 port=$2
    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown postgres: "$dir"
        chmod 700 "$dir"
        as_pg "$PG_BIN/initdb" -D "$dir" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 ||
            die "initdb failed: see $dir.initdb.log"
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        return 0
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c full_page_writes=off" \
        start >/dev/null || die "PostgreSQL did not start: see $dir/server.log"
}

pg_stop() {
    local dir=$1
    [ -f "$dir/PG_VERSION" ] || return 0
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# db_exists PORT NAME
db_exists() {
    local port=$1 name=$2
    [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$name'" 2>/dev/null)" = 1 ]
}

# write_conf FILE PORT DATA_DIR HTTP_PORT: an Odoo configuration from config/odoo.conf.
write_conf() {
    local file=$1 port=$2 data=$3 http=$4
    sed -e "s#@ADDONS_PATH@#$ODOO_ADDONS_PATH#" \
        -e "s#@DB_PORT@#$port#" \
        -e "s#@DB_USER@#$DB_USER#" \
        -e "s#@DATA_DIR@#$data#" \
        -e "s#@HTTP_PORT@#$http#" \
        "$ROOT/config/odoo.conf" >"$file"
}
