#!/usr/bin/env bash
# make lint: pre-commit with local hooks on the whole repository.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

PY=$(command -v python3)
if ! "$PY" -m pre_commit --version >/dev/null 2>&1; then
    say "Installing pre-commit into $PY"
    "$PY" -m pip install -q --disable-pip-version-check "pre-commit==4.0.1" ||
        die "could not install pre-commit; install it with: pip install pre-commit==4.0.1"
fi
command -v node >/dev/null 2>&1 || die "prettier needs Node.js: apt-get install nodejs npm"
cd "$ROOT"
exec "$PY" -m pre_commit run --all-files --show-diff-on-failure --color=never
