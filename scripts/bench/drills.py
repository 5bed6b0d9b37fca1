"""The server phases of the bench, in one place: the verification page under load,
the soak, and the drills: PostgreSQL restarted under load, kill -9 in the middle of
a bulk issuing job, backup and restore. Each is a phase `def name(h, ph)` of the
list in harness.py; the server is `odoo --workers 2` on 127.0.0.1 (`h.server()`),
loaded with wrk (bounded in time, report.lua prints exact percentiles).
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import stats

ROOT = Path(__file__).resolve().parent.parent.parent
LUA = str(Path(__file__).resolve().parent / "report.lua")


class OdooServer:
    """`odoo --workers N` on a free loopback port, in its own process group."""

    def __init__(self, conf, db, logfile):
        self.conf, self.db, self.logfile = conf, db, logfile
        self.port, self.proc = stats.free_port(), None

    def start(self, workers, timeout=120):
        self.workers = workers
        cmd = [shutil.which("odoo"), "-c", self.conf, "-d", self.db,
               "--db-filter", f"^{self.db}$", "--workers", str(workers),
               "--max-cron-threads", "0", "--http-interface", "127.0.0.1",
               "--http-port", str(self.port), "--gevent-port", str(stats.free_port()),
               "--logfile", str(self.logfile), "--limit-time-real", "120",
               "--log-level", "warn"]  # fmt: skip
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.proc = subprocess.Popen(cmd, start_new_session=True, **quiet)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ok("/web/health"):
                for _ in range(2 * workers):  # each worker loads the registry once
                    self.ok("/web/health")
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo stopped while starting: see {self.logfile}")
            time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer within {timeout} s: {self.logfile}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=30):
        """(HTTP status, body) of a GET; status 0 without an answer."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError:
            return 0, ""

    def ok(self, path):
        return 200 <= self.get(path, 10)[0] < 300

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def workers_rss_mb(self):
        import psutil

        total = 0
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(self.proc.pid).children():
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += child.memory_info().rss
        return total / 1048576.0

    def wrk(self, seconds, paths_file=None):
        """wrk -t2 -c16 on the pages of `paths_file` (else /web/health)."""
        url = self.url("/" if paths_file else "/web/health")
        cmd = ["wrk", "-t2", "-c16", f"-d{int(seconds)}s", "--latency", "--timeout",
               "10s", "-s", LUA, url]  # fmt: skip
        env = dict(os.environ, MC_WRK_PATHS=str(paths_file or ""))
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + 60, env=env
        )
        return stats.parse_wrk(proc.stdout)

    def stop(self):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if not self.alive():
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)


def _paths_file(h):
    """The file of verification pages the load cycles through (None before any)."""
    path = h.work / "verify-paths.txt"
    return path if path.exists() else None


def _in_background(h, seconds):
    """wrk on the verification pages in a thread; the dict its result lands in."""
    result = {}
    job = lambda: result.update(h.server().wrk(seconds, _paths_file(h)))  # noqa: E731
    thread = threading.Thread(target=job)
    thread.start()
    return thread, result


def load(h, ph):
    server, secs = h.server(), h.p["wrk_seconds"]
    health = ph.figures["health"] = server.wrk(secs)
    ph.check("no error on /web/health", health["errors"] == 0, health)
    rows = h.issued() and h.sql(
        "SELECT verification_token FROM mc_award WHERE state = 'issued' "
        "AND verification_token IS NOT NULL ORDER BY id LIMIT 200"
    )
    paths = [f"/mc/verify/{row[0]}" for row in rows or []]
    if not paths or not server.ok(paths[0]):
        ph.note = "no verification page yet: only the reference was measured"
        return
    (h.work / "verify-paths.txt").write_text("\n".join(paths) + "\n")
    verify = ph.figures["verify"] = server.wrk(secs, _paths_file(h))
    ph.figures["verify_pages"] = len(paths)
    ph.check("no error on the verification pages", verify["errors"] == 0, verify)
    ph.figures["ratio_rps_verify_to_health"] = stats.ratio(verify["rps"], health["rps"])
    for p in (50, 95, 99):
        ph.figures[f"ratio_p{p}_verify_to_health"] = stats.ratio(
            verify[f"p{p}_ms"], health[f"p{p}_ms"]
        )


def soak(h, ph):
    server, secs = h.server(), h.p["soak_seconds"]
    target = "verification pages" if _paths_file(h) else "/web/health"
    ph.figures.update(target=target, seconds=secs)
    # warm-up (a tenth of the soak, at least 2 s): every worker has rendered the
    # pages once, so that the baseline is not taken while the caches still fill
    server.wrk(max(2, secs // 10), _paths_file(h))
    samples = []
    thread, result = _in_background(h, secs)
    while thread.is_alive():
        samples.append(server.workers_rss_mb())
        time.sleep(0.5 if secs < 60 else 1.0)
    thread.join()
    samples.append(server.workers_rss_mb())
    res = ph.figures["wrk"] = result
    ph.check("no error response during the soak", res["errors"] == 0, res)
    growth = stats.memory_growth(samples)
    ph.figures.update(rss_samples_mb=[round(s, 1) for s in samples],
                      worker_rss_growth=growth, worker_rss_start_mb=samples[0],
                      worker_rss_end_mb=samples[-1])  # fmt: skip
    ph.check("worker memory growth < 10 %", growth < 0.10, f"{growth:.1%}")


def fault_pg_restart(h, ph):
    """PostgreSQL restarted under verification load: Odoo answers again by itself,
    without an error once PostgreSQL is back, and no issued award is lost."""
    server, secs = h.server(), h.p["pg_fault_seconds"]
    before = h.states() if h.issued() else None
    thread, result = _in_background(h, secs)
    time.sleep(secs / 3)
    start = time.perf_counter()
    subprocess.run(h.args.pg_restart, shell=True, check=True, timeout=120)
    ph.figures["pg_restart_seconds"] = round(time.perf_counter() - start, 2)
    thread.join()
    ph.figures["wrk_during_restart"] = result
    paths = _paths_file(h)
    url = paths.read_text().split()[0] if paths else "/web/health"
    start = time.perf_counter()
    while not (recovered := server.ok(url)) and time.perf_counter() - start < 60:
        time.sleep(0.5)
    ph.figures["recovery_seconds_after_load"] = round(time.perf_counter() - start, 2)
    ph.check("Odoo answers again without being restarted", recovered, url)
    after = ph.figures["wrk_after"] = server.wrk(2, paths)
    ph.check("no error once PostgreSQL is back", after["errors"] == 0, after)
    ph.check("the Odoo master process is the same", server.alive(), server.proc.pid)
    if before:
        ph.figures.update(issued_before=before, issued_after=h.states())
        ph.check("no issued award lost", h.states() == before, (before, h.states()))


def fault_kill(h, ph):
    """kill -9 of a bulk issuing job in the middle of a batch: no half-issued
    award; the re-run issues exactly the rest."""
    if not h.issued():
        return ph.skip("no issued awards")
    issued = h.states().get("issued", 0)
    pending = int(h.sql(
        "SELECT count(*) FROM mc_enrolment e WHERE e.state IN ('enrolled', 'completed')"
        " AND NOT EXISTS (SELECT 1 FROM mc_award a WHERE a.enrolment_id = e.id)"
    )[0][0])  # fmt: skip
    ph.figures["pending_before"] = pending
    if not ph.check("enrolments left for the job", pending > 0, pending):
        return
    batch = ph.figures["batch"] = max(2, min(20, pending // 6))
    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL,
             "start_new_session": True}  # fmt: skip
    proc = h.popen("bulk", popen=popen, batch=batch)
    killed_at, deadline = None, time.monotonic() + 600
    for line in proc.stdout:
        rows = stats.mcjson(line)
        if rows and rows[0].get("progress", 0) >= 2 * batch:
            time.sleep(0.3)  # in the middle of the next batch: no chance to clean up
            os.killpg(proc.pid, signal.SIGKILL)
            killed_at = rows[0]["progress"]
            break
        if time.monotonic() > deadline:
            break
    proc.wait(timeout=60)
    ph.figures["killed_after_committed"] = killed_at
    killed = killed_at is not None and proc.returncode == -signal.SIGKILL
    ph.check("the job was killed in the middle", killed, proc.returncode)
    rerun = h.job("bulk", batch=batch, check_first=True)
    mid, end = rerun["check_first"], rerun["check"]
    ph.figures.update(after_kill=mid, rerun_issued=rerun["done"], after_rerun=end)
    ph.check("no half-issued award after the kill", mid["half_issued"] == 0, mid)
    ph.check("work was left for the re-run", mid["pending"] > 0, mid["pending"])
    ph.check("the re-run completed the rest", end["pending"] == 0, end["pending"])
    ph.check("no half-issued award after the re-run", end["half_issued"] == 0, end)
    once = end["states"]["issued"] == issued + pending
    ph.check("every enrolment issued exactly once", once, (issued, end["states"]))


def _badge(body):
    """The status badge of a verification page: valid, revoked, suspended, ..."""
    m = re.search(r'class="mc-status mc-status-([a-z]+)"', body)
    return m.group(1) if m else f"none in {re.sub(r'<[^>]+>', ' ', body)[:300]!r}"


def _timed_script(name, *argv):
    start = time.perf_counter()
    subprocess.run([str(ROOT / "scripts" / name), *map(str, argv)], check=True,
                   timeout=1800)  # fmt: skip
    return round(time.perf_counter() - start, 2)


def backup_restore(h, ph):
    """scripts/backup.sh, then its restore into a new database: same awards,
    issued credentials still verify, revoked ones still show revoked."""
    revoked, issued_tokens, before = [], [], None
    if h.issued():
        res = h.job("revoke", n=3, issued=5)
        revoked, issued_tokens = res["tokens"], res["issued_tokens"]
        before = {k: v for k, v in res["check"]["states"].items() if v}
        ph.figures["revoked"] = len(revoked)
    backup, target = h.work / "backup", f"{h.db}_restored"
    ph.figures["backup_seconds"] = _timed_script(
        "backup.sh", "-c", h.conf, "-d", h.db, "-o", backup
    )
    files = [f for f in backup.rglob("*") if f.is_file()]
    ph.figures["backup_mb"] = round(sum(f.stat().st_size for f in files) / 1048576, 1)
    ph.figures["restore_seconds"] = _timed_script(
        "backup.sh", "-c", h.conf, "-d", target, "-i", backup
    )
    filestore = Path(h.cfg["data_dir"]) / "filestore"
    counts = [stats.count_files(filestore / db) for db in (h.db, target)]
    ph.figures["filestore_files"] = counts
    ph.check("filestore restored", counts[0] == counts[1], counts)
    if before is None:
        return
    ph.check("same awards after restore", h.states(target) == before, before)
    server = h.start_server(db=target, name="restored", workers=0)
    for token, badge in [(t, "valid") for t in issued_tokens] + [
        (t, "revoked") for t in revoked
    ]:
        shown = _badge(server.get(f"/mc/verify/{token}")[1])
        ph.check(f"restored page of {token[-8:]} shows {badge}", shown == badge, shown)
