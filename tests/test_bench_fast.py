"""Fast variants of the load, soak, fault and backup/restore checks of `make bench`.

One `scripts/bench.sh --fast` run (tiny data set, 2-8 s of wrk, on 127.0.0.1 only)
drives a real `odoo --workers 2` and real PostgreSQL on a throwaway cluster of its own,
on a fresh database without demo data, as `make bench` does. Each phase below is one
test; a phase is skipped only while the models it needs are not installed.
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
    "credential_checks",
    "load",
    "soak",
    "fault_pg_restart",
    "fault_kill",
    "backup_restore",
]


@pytest.fixture(scope="module")
def fast_run(tmp_path_factory):
    if os.environ.get("MC_SKIP_BENCH_FAST") == "1":
        pytest.skip("MC_SKIP_BENCH_FAST=1")
    for tool in ("odoo", "wrk"):
        if not shutil.which(tool):
            pytest.skip(f"the fast load/fault variants need `{tool}` on PATH")
    out = tmp_path_factory.mktemp("bench") / "fast.json"
    proc = subprocess.run(
        [str(ROOT / "scripts" / "bench.sh"), "--fast", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
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
    failed = [
        f"{c['name']}: {c['detail'][-1500:]}" for c in ph["checks"] if not c["ok"]
    ]
    assert not failed, "\n".join(failed)
    assert ph["checks"], f"phase {phase} checked nothing"


def test_fast_run_exit_code_is_honest(fast_run):
    results, proc = fast_run
    assert (proc.returncode == 0) == (not results["failed"]), proc.stderr[-2000:]
