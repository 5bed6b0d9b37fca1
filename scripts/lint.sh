#!/usr/bin/env bash
# make lint: pre-commit with local hooks on the whole repository.
# pre-commit runs from the Python environment Odoo runs in (where `make test` installs
# requirements-dev.txt); without Odoo, from python3 on PATH.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

if command -v odoo >/dev/null 2>&1; then
    find_odoo
    ensure_pyreqs
    PY=$ODOO_PY
else
    PY=$(command -v python3) || die "python3 is missing"
fi
if ! "$PY" -m pre_commit --version >/dev/null 2>&1; then
    say "Installing pre-commit into $PY"
    "$PY" -m pip install -q --disable-pip-version-check "pre-commit==4.0.1" ||
        die "could not install pre-commit; install it with: pip install pre-commit==4.0.1"
fi
command -v node >/dev/null 2>&1 || die "prettier needs Node.js: apt-get install nodejs npm"
cd "$ROOT"
exec "$PY" -m pre_commit run --all-files --show-diff-on-failure --color=never
