"""The server phases of the bench, in one place: the verification page under load,
the soak, and the drills: PostgreSQL restarted under load, kill -9 in the middle of
a bulk issuing job, backup and restore, and a streaming replica (the pages it
serves under load; the failover drill `make test` runs). Each is a phase
`def name(h, ph)` of the list in harness.py; the server is `odoo --workers 2` on
127.0.0.1 (`h.server()`), loaded with wrk (bounded in time, report.lua prints
exact percentiles).
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
APPNAME = "mc-bench-"
OUTAGE_OK = (200, 503)  # what a public route may answer while the primary is down
DRILL_BOUND_SECONDS = 900  # the replica drill after the install, on a loaded machine


class OdooServer:
    """`odoo --workers N` on a free loopback port, in its own process group."""

    def __init__(self, conf, db, logfile):
        self.conf, self.db, self.logfile = conf, db, logfile
        self.port, self.proc = stats.free_port(), None

    def start(self, workers, timeout=300):
        self.workers = workers
        # -d without --db-filter: Odoo serves that database without listing the
        # server's (which it could not while the primary is down)
        cmd = [shutil.which("odoo"), "-c", self.conf, "-d", self.db,
               "--workers", str(workers),
               "--max-cron-threads", "0", "--http-interface", "127.0.0.1",
               "--http-port", str(self.port), "--gevent-port", str(stats.free_port()),
               "--logfile", str(self.logfile), "--limit-time-real", "120",
               "--log-level", "warn"]  # fmt: skip
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        # its connections are named, so that a drill can find them on a replica
        env = dict(os.environ, ODOO_PGAPPNAME=f"{APPNAME}{{pid}}")
        self.proc = subprocess.Popen(cmd, start_new_session=True, env=env, **quiet)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ok("/web/health"):
                return self.settle()
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo stopped while starting: see {self.logfile}")
            time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer within {timeout} s: {self.logfile}")

    def settle(self):
        """Wait until every worker answers (each loads the registry once; after a
        load, each has worked off what the load left queued)."""
        for _ in range(2 * max(self.workers, 1)):
            self.ok("/web/health")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=60):
        """(HTTP status, body, headers) of a GET; status 0 without an answer."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8", "replace"), resp.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace"), exc.headers
        except OSError:
            return 0, "", {}

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

    def wrk(self, seconds, paths_file=None, path="/web/health", headers=()):
        """wrk -t2 -c16 on the pages of `paths_file` (else on `path`)."""
        url = self.url("/" if paths_file else path)
        cmd = ["wrk", "-t2", "-c16", f"-d{int(seconds)}s", "--latency", "--timeout",
               "10s", "-s", LUA, *(f"-H{x}" for x in headers), url]  # fmt: skip
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
    paths = [f"/mc/verify/{t}" for t in (_tokens(h, 200) if h.issued() else [])]
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
    p95 = ph.figures["ratio_p95_verify_to_health"]
    name = "#6: verification page p95 <= 3 x /web/health p95"
    h.target(ph, name, p95 is not None and p95 <= 3, p95)


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
    ph.check("#8: no error response during the soak", res["errors"] == 0, res)
    growth = stats.memory_growth(samples)
    ph.figures.update(rss_samples_mb=[round(s, 1) for s in samples],
                      worker_rss_growth=growth, worker_rss_start_mb=samples[0],
                      worker_rss_end_mb=samples[-1])  # fmt: skip
    ph.check("#8: worker memory growth < 10 %", growth < 0.10, f"{growth:.1%}")


def fault_pg_restart(h, ph):
    """PostgreSQL restarted under verification load: Odoo answers again by itself,
    without an error once PostgreSQL is back, and no issued award is lost."""
    server, secs = h.server(), h.p["pg_fault_seconds"]
    before = h.states() if h.issued() else None
    thread, result = _in_background(h, secs)
    time.sleep(secs / 3)
    start = time.perf_counter()
    pgdir = h.args.pgdir
    h.pg_ctl(
        pgdir, "-m", "fast", "-w", "-t", "60", "-l", f"{pgdir}/server.log", "restart"
    )
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


# --- a streaming replica (issue #19) --------------------------------------------


def _tokens(h, limit=None, port=None):
    """The verification tokens of the issued awards, oldest first."""
    query = ("SELECT verification_token FROM mc_award WHERE state = 'issued' AND "
             "verification_token IS NOT NULL ORDER BY id")  # fmt: skip
    query += f" LIMIT {limit}" if limit else ""
    return [row[0] for row in h.sql(query, port=port)]


def _public_paths(h, token):
    """The public routes a replica serves: page, status list, DID document."""
    status = h.one("SELECT purpose || '/' || slug FROM mc_status_list "
                   "WHERE credential_json IS NOT NULL ORDER BY id LIMIT 1")  # fmt: skip
    slug = h.one("SELECT p.mc_issuer_slug FROM res_partner p JOIN mc_signing_key k "
                 "ON k.institution_id = p.id ORDER BY p.id LIMIT 1")  # fmt: skip
    return {"verification page": f"/mc/verify/{token}",
            "status list": f"/mc/status/{status}",
            "DID document": f"/mc/issuers/{slug}/did.json"}  # fmt: skip


class Replica:
    """A streaming replica (pg_basebackup -R) of the run's cluster on a free
    loopback port; `sync`: the primary's commits wait for it (the production
    setting of docs/SCALING.md)."""

    NAME = "mc_replica"

    def __init__(self, h, sync=False):
        self.h, self.dir, self.port = h, h.work / "replica", stats.free_port()
        self.dir.mkdir(mode=0o700)
        if h.args.runas:  # as root, the clusters belong to the postgres user
            shutil.chown(self.dir, "postgres", "postgres")
        backup = str(Path(h.args.pg_bin) / "pg_basebackup")
        h.cmd([*h.args.runas.split(), backup, "-h", "127.0.0.1", "-p", h.cfg["db_port"],
               "-U", h.cfg["db_user"], "-D", str(self.dir), "-R", "-X", "stream",
               "-c", "fast"])  # fmt: skip
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c "
                f"cluster_name={self.NAME} -c hot_standby=on -c fsync=off")  # fmt: skip
        log = f"{self.dir}/server.log"
        h.pg_ctl(self.dir, "-w", "-t", "60", "-l", log, "-o", opts, "start")
        self.state = sync and self._sync()

    def _sync(self):
        h, state = self.h, ""
        h.sql(f"ALTER SYSTEM SET synchronous_standby_names = '{self.NAME}'")
        h.sql("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and state != "sync":
            state = h.one("SELECT sync_state FROM pg_stat_replication "
                          f"WHERE application_name = '{self.NAME}'")  # fmt: skip
            time.sleep(0.2)
        # and a commit waits for the standby's flush (not off or local)
        return f"{state} (synchronous_commit={h.one('SHOW synchronous_commit')})"

    def one(self, query, db=None):
        return self.h.one(query, db, port=self.port)

    def replayed(self, timeout=60):
        """True once the replica replayed everything the primary wrote so far."""
        lsn = self.h.one("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.one(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn") == "t":
                return True
            time.sleep(0.2)
        return False

    def conf(self, name, promoted=False):
        """Odoo's configuration reading from the replica (db_replica_host), or,
        once promoted, pointed at it."""
        text = Path(self.h.conf).read_text()
        if promoted:
            text = re.sub(r"(?m)^db_port\s*=.*$", f"db_port = {self.port}", text)
        else:
            text += f"db_replica_host = 127.0.0.1\ndb_replica_port = {self.port}\n"
        path = self.h.work / f"{name}.conf"
        path.write_text(text)
        return path

    def connections(self):
        """Connections of the bench's Odoo processes on the replica."""
        query = ("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                 f"'{self.h.db}' AND application_name LIKE '{APPNAME}%'")  # fmt: skip
        return int(self.one(query, db="postgres"))

    def stop(self):
        self.h.pg_ctl(self.dir, "-m", "fast", "-w", "stop", check=False)


def replica_load(h, ph):
    """The verification pages served by Odoo reading from a streaming replica,
    each server warmed first (every worker renders the pages before the
    measurement): p95 next to /web/health's, 2 processes vs 1, and conditional
    GETs (304) of a status list per second."""
    paths, secs, f = _paths_file(h), h.p["wrk_seconds"], ph.figures
    if not paths:
        return ph.skip("no verification page (no issued award)")
    replica = Replica(h)
    try:
        ph.check("replica replayed the awards", replica.replayed())
        conf, status_path = replica.conf("replica"), _public_paths(h, "")["status list"]
        for workers in (2, 1):
            server = h.start_server(
                name=f"replica-w{workers}", workers=workers, conf=conf
            )
            f[f"warmup_w{workers}"] = server.wrk(max(2, secs // 4), paths)
            server.settle()
            if workers == 2:
                f["health"] = server.wrk(secs)
                _status, body, headers = server.get(status_path)
                f["status_list_bytes"] = len(body.encode())
                etag = [f"If-None-Match: {headers.get('ETag')}"]
                f["status_304"] = server.wrk(secs, path=status_path, headers=etag)
                f["reads_on_replica"] = replica.connections()
            f[f"verify_w{workers}"] = server.wrk(secs, paths)
            server.stop()
    finally:
        replica.stop()
    ph.check(
        "Odoo reads from the replica", f["reads_on_replica"] > 0, f["reads_on_replica"]
    )
    for name in ("health", "verify_w2", "verify_w1"):
        ok = f[name]["errors"] == 0 and f[name]["requests"] > 0
        ph.check(f"{name}: answers without error", ok, f[name])
    c304 = f["status_304"]
    all304 = (
        c304["non_2xx"] == c304["requests"] and not c304["socket_errors"]["timeout"]
    )
    ph.check("every conditional GET answered 304", all304, c304)
    verify, health = f["verify_w2"], f["health"]
    ratio = stats.ratio
    f.update(ratio_p95_verify_to_health=ratio(verify["p95_ms"], health["p95_ms"]),
             ratio_rps_w2_to_w1=ratio(verify["rps"], f["verify_w1"]["rps"]),
             ratio_rps_304_to_health=ratio(c304["rps"], health["rps"]))  # fmt: skip
    p95 = f["ratio_p95_verify_to_health"]
    name = "#19: page p95 via the replica <= 1.5 x /web/health p95"
    h.target(ph, name, p95 is not None and p95 <= 1.5, p95)


def _check_valid(ph, server, name, token):
    status, body, _headers = server.get(f"/mc/verify/{token}")
    return ph.check(name, status == 200 and _badge(body) == "valid", f"HTTP {status}")


def replica_drill(h, ph):
    """The replica topology drill (`bench.sh --drill`, in `make test` through
    tests/test_replica_drill.py): an award issued on the primary and verified
    through a synchronous replica, a fresh award the replica has not replayed
    yet (the primary answers), the primary stopped (200 or 503, never 404 or
    500), the replica promoted and Odoo pointed at it (every award verifies)."""
    start = time.monotonic()
    replica = Replica(h, sync=True)
    try:
        sync = (
            "sync (synchronous_commit=on)",
            "sync (synchronous_commit=remote_apply)",
        )
        if ph.check(
            "streaming replica (synchronous)", replica.state in sync, replica.state
        ):
            _drill(h, ph, replica)
    finally:
        replica.stop()
        seconds = time.monotonic() - start
        ph.check("bounded in time", seconds < DRILL_BOUND_SECONDS, f"{seconds:.0f} s")


def _drill(h, ph, replica):
    issued, tokens = h.job("issue", sizes=[1]), _tokens(h)
    if not ph.check(
        "award issued on the primary", issued["issued"] == 1 and tokens, tokens
    ):
        return
    token = tokens[0]
    ph.check("replica replayed the award", replica.replayed())
    paths = _public_paths(h, token)
    server = h.start_server(
        name="odoo-replica", workers=0, conf=replica.conf("replica")
    )
    for name, path in paths.items():
        status, body, _headers = server.get(path)
        ok = status == 200 and (name != "verification page" or _badge(body) == "valid")
        ph.check(f"{name} through the replica", ok, f"HTTP {status} {path}")
    n = replica.connections()
    ph.check("Odoo reads from the replica", n > 0, f"{n} connections on the replica")
    # a verification arriving before the replica caught up with a fresh award
    replica.one("SELECT pg_wal_replay_pause()")
    h.job("issue", sizes=[1])
    fresh = next((t for t in _tokens(h) if t != token), None)
    there = replica.one(
        f"SELECT count(*) FROM mc_award WHERE verification_token = '{fresh}'"
    )
    ph.check("fresh award not yet on the replica", there == "0", there)
    _check_valid(ph, server, "fresh award verified (primary fallback)", fresh)
    replica.one("SELECT pg_wal_replay_resume()")
    ph.check("replica caught up", replica.replayed())
    h.pg_ctl(h.args.pgdir, "-m", "immediate", "-w", "stop")
    for name, path in paths.items():
        status, _body, headers = server.get(path)
        ok = status in OUTAGE_OK and (status == 200 or "Retry-After" in headers)
        retry = headers.get("Retry-After")
        ph.check(
            f"{name} with the primary down", ok, f"HTTP {status} Retry-After={retry}"
        )
    server.stop()
    h.pg_ctl(replica.dir, "-w", "-t", "60", "promote")
    recovery = replica.one("SELECT pg_is_in_recovery()")
    ph.check("replica promoted", recovery == "f", f"in recovery: {recovery}")
    promoted = replica.conf("promoted", promoted=True)
    server = h.start_server(name="odoo-promoted", workers=0, conf=promoted)
    _check_valid(ph, server, "award verified after failover", token)
    _check_valid(ph, server, "fresh award verified after failover", fresh)
    status = server.get(paths["status list"])[0]
    ph.check("status list after failover", status == 200, f"HTTP {status}")
    more = h.job("issue", conf=promoted, sizes=[1])
    ph.check("the promoted primary issues", more["issued"] == 1, more)
    server.stop()
    errors = [x for x in server.logfile.read_text().splitlines() if " ERROR " in x]
    ph.check("no ERROR in odoo-promoted.log", not errors, "\n".join(errors[-5:]))
