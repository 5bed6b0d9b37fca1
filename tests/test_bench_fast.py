"""Fast variants of the load, soak, fault and backup/restore checks of `make bench`.

One `scripts/bench.sh --fast` run (tiny data set, 2-8 s of wrk, on 127.0.0.1 only)
drives a real `odoo --workers 2` and real PostgreSQL: in `make test` it copies the
database that the Odoo test run just installed (found from the `tee .../pytest.log`
process of scripts/test.sh, or given as MC_TEST_WORK / MC_TEST_DB), otherwise it
builds its own throwaway cluster (slower: it installs the addons). Each phase below
is one test; a phase is skipped only while the models it needs are not installed.
MC_SKIP_BENCH_FAST=1 skips them all.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# not from conftest: credentials/tests has a conftest module too (same pytest run)
ROOT = Path(__file__).resolve().parent.parent

PHASES = [
    "generate",
    "issuing",
    "load",
    "soak",
    "fault_pg_restart",
    "fault_kill",
    "backup_restore",
]


def _make_test_work():
    """make test's work directory (cluster + installed database), when this pytest
    runs inside `make test`: MC_TEST_WORK if set, else found from the `tee
    <work>/pytest.log` process that scripts/test.sh pipes this run into."""
    if os.environ.get("MC_TEST_WORK"):
        return os.environ["MC_TEST_WORK"], os.environ.get("MC_TEST_DB", "mc_test")
    try:
        import psutil

        parent = psutil.Process(os.getppid())
        for sibling in parent.children():
            cmd = sibling.cmdline()
            if cmd and os.path.basename(cmd[0]) == "tee" and len(cmd) > 1:
                work = os.path.dirname(cmd[-1])
                if cmd[-1].endswith("/pytest.log") and os.path.exists(
                    os.path.join(work, "pg", "postmaster.pid")
                ):
                    return work, "mc_test"
    except Exception:
        return None, None
    return None, None


@pytest.fixture(scope="module")
def fast_run(tmp_path_factory):
    if os.environ.get("MC_SKIP_BENCH_FAST") == "1":
        pytest.skip("MC_SKIP_BENCH_FAST=1")
    for tool in ("odoo", "wrk"):
        if not shutil.which(tool):
            pytest.skip(f"the fast load/fault variants need `{tool}` on PATH")
    out = tmp_path_factory.mktemp("bench") / "fast.json"
    env = dict(os.environ)
    work, db = _make_test_work()
    if work:
        env.update(MC_TEST_WORK=work, MC_TEST_DB=db)
    proc = subprocess.run(
        [str(ROOT / "scripts" / "bench.sh"), "--fast", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=env,
    )
    if not out.exists():
        pytest.fail(f"bench.sh --fast left no results:\n{proc.stderr[-4000:]}")
    return json.loads(out.read_text()), proc


@pytest.mark.parametrize("phase", PHASES)
def test_fast_variant(fast_run, phase):
    results, proc = fast_run
    ph = results["phases"].get(phase)
    assert ph is not None, f"phase {phase} did not run:\n{proc.stderr[-3000:]}"
    if ph["status"] == "skipped":
        pytest.skip(ph["note"])
    failed = [f"{c['name']}: {c['detail'][:300]}" for c in ph["checks"] if not c["ok"]]
    assert not failed, "\n".join(failed)
    assert ph["checks"], f"phase {phase} checked nothing"


def test_fast_run_exit_code_is_honest(fast_run):
    results, proc = fast_run
    assert (proc.returncode == 0) == (not results["failed"]), proc.stderr[-2000:]
