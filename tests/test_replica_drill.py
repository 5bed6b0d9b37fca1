"""The replica topology drill of issue #19, without Docker.

One `scripts/bench.sh --drill` run (a few minutes, 127.0.0.1 only) installs the addons
on a primary PostgreSQL (a failed install leaves no results: every test fails), builds
a synchronous streaming replica (pg_basebackup -R), runs Odoo with
db_replica_host/db_replica_port, issues awards on the primary and checks the public
routes through the replica, with replay paused, with the primary stopped and after the
replica's promotion (scripts/bench/drills.py, `replica_drill`). Each check of the run is
one test. MC_SKIP_DRILL=1 skips them.
"""

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the whole run: the addons' install (up to 1200 s on a loaded 2-core machine), the
# drill proper (DRILL_BOUND_SECONDS of scripts/bench/drills.py, 900 s) and the set-up
RUN_TIMEOUT = 2400

STEPS = [
    "learners created",
    "streaming replica (synchronous)",
    "award issued on the primary",
    "replica replayed the award",
    "verification page through the replica",
    "status list through the replica",
    "DID document through the replica",
    "Odoo reads from the replica",
    "fresh award not yet on the replica",
    "fresh award verified (primary fallback)",
    "replica caught up",
    "verification page with the primary down",
    "status list with the primary down",
    "DID document with the primary down",
    "replica promoted",
    "award verified after failover",
    "fresh award verified after failover",
    "status list after failover",
    "the promoted primary issues",
    "no ERROR in odoo-promoted.log",
    "bounded in time",
]


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    if os.environ.get("MC_SKIP_DRILL") == "1":
        pytest.skip("MC_SKIP_DRILL=1")
    if not shutil.which("odoo"):
        pytest.skip("the replica drill needs `odoo` on PATH")
    out = tmp_path_factory.mktemp("drill") / "drill.json"
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "bench.sh"), "--drill", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        # SIGTERM to the whole group: the drill stops Odoo and both clusters
        os.killpg(proc.pid, signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=120)
        pytest.fail(f"the drill took over {RUN_TIMEOUT} s:\n{stderr[-3000:]}")
    proc = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    if not out.exists():
        pytest.fail(f"bench.sh --drill left no results:\n{proc.stderr[-4000:]}")
    phases = json.loads(out.read_text())["phases"].values()
    steps = {c["name"]: c for ph in phases for c in ph["checks"]}
    return steps, proc


@pytest.mark.parametrize("name", STEPS)
def test_drill_step(drill, name):
    steps, proc = drill
    step = steps.get(name)
    assert step is not None, f"step {name!r} did not run:\n{proc.stderr[-3000:]}"
    assert step["ok"], step["detail"]


def test_drill_has_no_other_failure_and_honest_exit_code(drill):
    steps, proc = drill
    failed = {name: s["detail"] for name, s in steps.items() if not s["ok"]}
    unknown = {name for name in failed if name not in STEPS}
    assert not unknown, {name: failed[name] for name in unknown}
    assert (proc.returncode == 0) == (not failed), proc.stderr[-2000:]
