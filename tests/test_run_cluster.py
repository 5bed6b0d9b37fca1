"""`make run`'s PostgreSQL cluster: durable, and found from any folder.

The persistent cluster keeps the demo database a registry may go on using: it runs
with fsync, full_page_writes and synchronous_commit on; only the throwaway clusters
of `make test`, `make bench` and `make i18n` turn them off. These tests start the
very functions scripts/run.sh calls (scripts/common.sh) on a free loopback port,
with .local/ pointed at a temporary folder.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ("fsync", "full_page_writes", "synchronous_commit")
pytestmark = pytest.mark.skipif(
    not (shutil.which("pg_ctl") or Path("/usr/lib/postgresql").exists()),
    reason="PostgreSQL server binaries are not installed",
)


def bash(local, script):
    """Run `script` with scripts/common.sh sourced and LOCAL set to `local`."""
    common = ROOT / "scripts" / "common.sh"
    proc = subprocess.run(
        ["bash", "-c", f'. "{common}" && LOCAL="{local}" && find_pg && {script}'],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def show(local, port):
    """The durability settings of the cluster listening on `port`."""
    psql = f'"$PG_BIN/psql" -h 127.0.0.1 -p {port} -U "$DB_USER" -d postgres -tA'
    out = bash(local, f'for s in {" ".join(SETTINGS)}; do {psql} -c "SHOW $s"; done')
    return dict(zip(SETTINGS, out.split(), strict=True))


@pytest.fixture
def local():
    """A .local/ folder the postgres user can enter (as root, it runs the clusters);
    pytest's own tmp_path sits in a folder private to root."""
    folder = Path(tempfile.mkdtemp(prefix="mc-run-test-", dir="/tmp")) / "local"
    folder.mkdir(mode=0o755)
    os.chmod(folder.parent, 0o755)
    assert bash(folder, "run_pgdir") == str(folder / "pg")
    yield folder
    bash(folder, 'pg_stop "$(run_pgdir)"')
    shutil.rmtree(folder.parent)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_run_cluster_is_durable(local):
    port = free_port()
    pgdir = bash(local, f'start_run_cluster {port} >&2 && echo "$RUN_PGDIR"')
    assert pgdir == str(local / "pg")
    assert show(local, port) == dict.fromkeys(SETTINGS, "on")


def test_throwaway_cluster_is_not_and_run_cluster_restarts_durable(local):
    """A cluster an older `make run` started without durability is restarted with
    it; the throwaway clusters keep their fast settings."""
    port = free_port()
    bash(local, f'pg_start "$(run_pgdir)" {port} throwaway')
    assert show(local, port) == dict.fromkeys(SETTINGS, "off")
    bash(local, f"start_run_cluster {port}")
    assert show(local, port) == dict.fromkeys(SETTINGS, "on")


def test_run_sh_starts_the_durable_cluster():
    run = (ROOT / "scripts" / "run.sh").read_text()
    assert "start_run_cluster" in run and "throwaway" not in run
    for name in ("test.sh", "bench.sh", "i18n.sh"):
        text = (ROOT / "scripts" / name).read_text()
        assert "throwaway" in text, f"{name} should run a throwaway cluster"


@pytest.mark.skipif(os.geteuid() != 0, reason="as root only")
def test_checkout_the_postgres_user_cannot_enter(tmp_path):
    """As root in a private folder (e.g. /root), the cluster moves to a stable
    folder of this checkout's own in the postgres user's home."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    os.chmod(tmp_path, 0o700)
    pgdir = bash(private / ".local", "run_pgdir")
    home = bash(private, "getent passwd postgres | cut -d: -f6")
    assert pgdir.startswith(f"{home}/mc-run/") and pgdir.endswith("/pg"), pgdir
    assert bash(private / ".local", "run_pgdir") == pgdir  # stable
    scratch = bash(private / ".local", "scratch_dir x")
    shutil.rmtree(scratch)
    assert scratch.startswith(os.environ.get("TMPDIR", "/tmp") + "/"), scratch
