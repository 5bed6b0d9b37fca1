#!/usr/bin/env bash
# make test: everything, from a clean state.
#   1. a throwaway PostgreSQL cluster on a free loopback port and a fresh database;
#   2. both addons installed with Odoo's own test runner (--test-enable: at_install and
#      post_install tests), under coverage;
#   3. the repository-level pytest suite (static checks, the credentials package);
#   3b. the Node interop tests (tests/interop: `npm ci`, then `node --test`) on the
#      credentials the Odoo tests dumped into $MC_INTEROP_DIR;
#   4. a coverage summary of addons/;
#   5. any ERROR, WARNING or CRITICAL line in the Odoo log fails the run (OCA checklog);
# The cluster is removed even when tests fail. The last line is "N passed, N failed"
# (", N skipped" when some were skipped), summing the three runners; the exit code is honest.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

find_odoo
ensure_debs
ensure_pyreqs

mkdir -p "$LOCAL"
WORK=$(scratch_dir test)
PGDIR="$WORK/pg"
LOG="$WORK/odoo-test.log"
DB=mc_test
cleanup() {
    pg_stop "$PGDIR"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PG_PORT=$(free_port)
HTTP_PORT=$(free_port)
pg_start "$PGDIR" "$PG_PORT" throwaway
mkdir -p "$WORK/data"
write_conf "$WORK/odoo.conf" "$PG_PORT" "$WORK/data" "$HTTP_PORT"

# The Odoo tests dump freshly issued credentials here for the Node interop tests.
export MC_INTEROP_DIR="$WORK/interop"
mkdir -p "$MC_INTEROP_DIR"

test_tags=${MC_TEST_TAGS:-$(echo "$ADDON_NAMES" | sed 's/\(^\|,\)/\1\//g')}

say "Odoo tests: installing $ADDON_NAMES in a fresh database (tags: $test_tags)"
start=$(date +%s)
cd "$ROOT" || exit 1
"$ODOO_PY" -m coverage erase --rcfile="$ROOT/.coveragerc"
"$ODOO_PY" -m coverage run --rcfile="$ROOT/.coveragerc" "$ODOO_BIN" \
    -c "$WORK/odoo.conf" -d "$DB" -i "$ADDON_NAMES" \
    --test-enable --test-tags "$test_tags" --stop-after-init \
    --log-level info 2>&1 | tee "$LOG"
odoo_rc=${PIPESTATUS[0]}
odoo_seconds=$(($(date +%s) - start))

# The runner's closing report: "F failed, E error(s) of N tests when loading database".
report=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$LOG" | tail -n 1)
odoo_failed=0 odoo_run=0
odoo_skipped=$(grep -cE "^[0-9-]+ [0-9:,]+ [0-9]+ INFO [^ ]+ [^ ]+: skipped " "$LOG")
if [[ $report =~ ([0-9]+)\ failed,\ ([0-9]+)\ error\(s\)\ of\ ([0-9]+)\ tests ]]; then
    odoo_failed=$((BASH_REMATCH[1] + BASH_REMATCH[2]))
    odoo_run=${BASH_REMATCH[3]}
else
    say "Odoo printed no test report: counting the run as one failure"
    odoo_failed=1
fi
odoo_passed=$((odoo_run - odoo_failed - odoo_skipped))
[ "$odoo_passed" -lt 0 ] && odoo_passed=0

# checklog: an ERROR, WARNING or CRITICAL line in the log fails the run, unless it
# matches one of the documented patterns in .checklog-ignore.
bad_lines=$(grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$LOG" |
    grep -v -E -f <(grep -v -e '^#' -e '^$' "$ROOT/.checklog-ignore") || true)
checklog_failed=0
if [ -n "$bad_lines" ]; then
    checklog_failed=1 && say "checklog: the Odoo log has warnings or errors (each fails the run):"
    printf '%s\n' "$bad_lines" | head -n 40 >&2
fi

say "Coverage of addons/ (Odoo tests):"
"$ODOO_PY" -m coverage report --rcfile="$ROOT/.coveragerc" --skip-covered --sort=cover 2>&1 |
    tail -n 25

# Repository-level tests: no database, no Odoo server.
say "Repository tests (pytest)"
pytest_dirs=(tests)
[ -d "$ROOT/credentials/tests" ] && pytest_dirs+=(credentials/tests)
"$ODOO_PY" -m pytest -p no:odoo -p no:cacheprovider -q "${pytest_dirs[@]}" 2>&1 | tee "$WORK/pytest.log"
pytest_rc=${PIPESTATUS[0]}
summary=$(grep -E "^(=+ )?[0-9]+ (passed|failed|error|skipped)|no tests ran" "$WORK/pytest.log" | tail -n 1)
count() { [[ $summary =~ ([0-9]+)\ $1 ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
py_passed=$(count passed)
py_failed=$(($(count failed) + $(count error)))
py_skipped=$(count skipped)
if [ "$pytest_rc" -eq 5 ]; then
    say "pytest collected no test: that is a failure"
    py_failed=$((py_failed + 1))
elif [ "$pytest_rc" -ne 0 ] && [ "$py_failed" -eq 0 ]; then
    py_failed=1
fi

# Independent verification (tests/interop): Digital Bazaar's verifier on what the Odoo
# tests dumped. Runs when they dumped something (a restricted MC_TEST_TAGS may not).
node_passed=0
node_failed=0
node_skipped=0
if [ -d "$MC_INTEROP_DIR/cases" ]; then
    say "Interop tests (node --test, Digital Bazaar's verifier)"
    if ! command -v npm >/dev/null 2>&1; then
        say "Node.js/npm is missing (apt-get install nodejs npm): interop tests fail"
        node_failed=1
    elif ! (cd "$ROOT/tests/interop" && npm ci --no-audit --no-fund --prefer-offline >"$WORK/npm.log" 2>&1); then
        say "npm ci failed in tests/interop (see below): interop tests fail"
        tail -n 20 "$WORK/npm.log" >&2
        node_failed=1
    else
        (cd "$ROOT/tests/interop" && node --test --test-reporter=tap) >"$WORK/node.log" 2>&1
        node_rc=$?
        grep -E "^not ok|^# (tests|pass|fail|skipped|todo)" "$WORK/node.log" >&2
        ncount() { grep -E "^# $1 [0-9]+" "$WORK/node.log" | tail -n 1 | awk '{print $3}'; }
        node_passed=$(ncount pass)
        node_failed=$(ncount fail)
        node_skips=$(ncount skipped)
        node_todos=$(ncount todo)
        node_passed=${node_passed:-0}
        node_failed=${node_failed:-0}
        node_skipped=$((${node_skips:-0} + ${node_todos:-0}))
        if [ "$node_rc" -ne 0 ] && [ "$node_failed" -eq 0 ]; then
            tail -n 30 "$WORK/node.log" >&2
            node_failed=1
        fi
    fi
else
    say "Interop tests skipped: the Odoo tests dumped no credential (MC_TEST_TAGS=$test_tags)"
fi

say "Odoo: $odoo_run tests in ${odoo_seconds}s (exit $odoo_rc); pytest exit $pytest_rc; node: $node_passed passed, $node_failed failed; total $(($(date +%s) - start))s"
passed=$((odoo_passed + py_passed + node_passed))
# A failing Odoo test logs ERROR lines itself: checklog adds a failure of its own only
# when the log has warnings or errors that no failed test accounts for.
[ "$odoo_failed" -gt 0 ] && checklog_failed=0
failed=$((odoo_failed + py_failed + checklog_failed + node_failed))
skipped=$((odoo_skipped + py_skipped + node_skipped))
rc=0
if [ "$odoo_rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$pytest_rc" -ne 0 ]; then
    rc=1
    [ "$failed" -eq 0 ] && failed=1
fi
cleanup
trap - EXIT
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $rc
