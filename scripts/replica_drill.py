"""The replica topology drill (run by scripts/replica_drill.sh, with Odoo's Python).

Each step is recorded as {"name", "ok", "detail"} in the JSON file named by --out;
tests/test_replica_drill.py asserts them one by one. The clusters live under --work,
listen on 127.0.0.1 only, and every wait is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOB = ROOT / "scripts" / "bench" / "odoo_job.py"
DB = "mc_drill"
REPLICA_NAME = "mc_replica"
# Time bounds, generous for a loaded 2-core machine (eight test runs at once, load
# ~15) yet finite: the addons' install, one Odoo start, one HTTP request, one job of
# scripts/bench/odoo_job.py; the drill proper (everything after the install) must end
# within DRILL_BOUND_SECONDS. tests/test_replica_drill.py bounds the whole run.
INSTALL_TIMEOUT = 1200
START_TIMEOUT = 300
HTTP_TIMEOUT = 60
JOB_TIMEOUT = 600
DRILL_BOUND_SECONDS = 900
# "never 404 or 500" while the primary is down: what an existing credential may answer
OUTAGE_OK = (200, 503)


def log_tail(log, chars=2000):
    """The end of an Odoo log file (where Odoo explains why it failed)."""
    try:
        return Path(log).read_text(errors="replace")[-chars:]
    except OSError as exc:
        return f"(no log: {exc})"


class Drill:
    def __init__(self, args):
        self.args = args
        self.work = Path(args.work)
        self.runas = shlex.split(args.runas)
        self.pg_bin = Path(args.pg_bin)
        self.steps = []
        self.odoo = None
        self.logs = []
        # the addons' install has its own timeout (it is as slow as the machine
        # is loaded); the drill proper is bounded separately
        self.install_seconds = 0.0

    # --- bookkeeping ------------------------------------------------------------------

    def step(self, name, ok, detail=""):
        self.steps.append({"name": name, "ok": bool(ok), "detail": str(detail)[-3000:]})
        print(f"[drill] {'ok  ' if ok else 'FAIL'} {name} {detail}"[:400], flush=True)
        return ok

    def save(self):
        Path(self.args.out).write_text(json.dumps({"steps": self.steps}, indent=1))

    # --- processes --------------------------------------------------------------------

    def run(self, cmd, timeout=300, check=True):
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and proc.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {proc.stderr[-2000:]}")
        return proc

    def pg_ctl(self, datadir, *args, timeout=90, check=True):
        cmd = [*self.runas, str(self.pg_bin / "pg_ctl"), "-D", str(datadir), *args]
        return self.run(cmd, timeout=timeout, check=check)

    def psql(self, port, sql, db=DB):
        cmd = [
            str(self.pg_bin / "psql"),
            *("-h", "127.0.0.1", "-p", str(port), "-U", self.args.db_user),
            *("-d", db, "-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql),
        ]
        return self.run(cmd, timeout=60).stdout.strip()

    def job(self, conf, name, **params):
        """A job of scripts/bench/odoo_job.py (the bench's own fixtures) in a
        process of its own; its last MCJSON line."""
        cmd = [sys.executable, str(JOB), str(conf), DB, name, json.dumps(params)]
        out = self.run(cmd, timeout=JOB_TIMEOUT).stdout
        lines = [x[7:] for x in out.splitlines() if x.startswith("MCJSON ")]
        return json.loads(lines[-1])

    def tokens(self):
        """The public tokens of the issued awards, oldest first (on the primary)."""
        out = self.psql(
            self.args.primary_port,
            "SELECT verification_token FROM mc_award WHERE state = 'issued' "
            "AND verification_token IS NOT NULL ORDER BY id",
        )
        return out.split()

    def start_odoo(self, conf, label, workers=0):
        log = self.work / f"odoo-{label}.log"
        self.logs.append(log)
        cmd = [
            self.args.odoo,
            *("-c", str(conf), "-d", DB, "--workers", str(workers)),
            *("--max-cron-threads", "0"),
            *("--logfile", str(log)),
        ]
        env = dict(os.environ, ODOO_PGAPPNAME="mc-drill-{pid}")
        self.odoo = subprocess.Popen(cmd, env=env, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.odoo.poll() is not None:
                raise RuntimeError(f"Odoo exited: {log_tail(log)}")
            try:
                if self.get("/web/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(
            f"Odoo did not answer /web/health within {START_TIMEOUT} s: {log_tail(log)}"
        )

    def stop_odoo(self):
        if self.odoo is None or self.odoo.poll() is not None:
            return
        os.killpg(self.odoo.pid, signal.SIGTERM)
        try:
            self.odoo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.odoo.pid, signal.SIGKILL)
            self.odoo.wait(timeout=10)

    def get(self, path, headers=None):
        url = f"http://127.0.0.1:{self.args.http_port}{path}"
        req = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode(errors="replace")

    # --- PostgreSQL topology ---------------------------------------------------------

    def wait_replayed(self, timeout=60):
        """True once the replica has replayed everything the primary wrote so far."""
        lsn = self.psql(self.args.primary_port, "SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.psql(
                self.args.replica_port,
                f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn",
            )
            if done == "t":
                return True
            time.sleep(0.2)
        return False

    def make_replica(self):
        a = self.args
        replica = self.work / "replica"
        replica.mkdir(mode=0o700)
        if self.runas:  # as root, the clusters belong to the postgres user
            shutil.chown(replica, "postgres", "postgres")
        self.run(
            [
                *self.runas,
                str(self.pg_bin / "pg_basebackup"),
                *("-h", "127.0.0.1", "-p", str(a.primary_port), "-U", a.db_user),
                *("-D", str(replica), "-R", "-X", "stream", "-c", "fast"),
            ],
            timeout=300,
        )
        options = (
            f"-p {a.replica_port} -c listen_addresses=127.0.0.1 -k {replica} "
            f"-c cluster_name={REPLICA_NAME} -c hot_standby=on -c fsync=off"
        )
        self.pg_ctl(
            replica,
            "-w",
            "-t",
            "60",
            "-l",
            f"{replica}/server.log",
            "-o",
            options,
            "start",
        )
        # the issuing transactions commit only once the replica has them (the
        # production setting documented in docs/SCALING.md)
        port = a.primary_port
        self.psql(
            port, f"ALTER SYSTEM SET synchronous_standby_names = '{REPLICA_NAME}'"
        )
        self.psql(port, "SELECT pg_reload_conf()")
        deadline = time.monotonic() + 30
        state = ""
        while time.monotonic() < deadline and state != "sync":
            state = self.psql(
                port,
                "SELECT sync_state FROM pg_stat_replication "
                f"WHERE application_name = '{REPLICA_NAME}'",
            )
            time.sleep(0.2)
        # and a commit waits for the standby's flush (not off or local)
        commit = self.psql(port, "SHOW synchronous_commit")
        return f"{state} (synchronous_commit={commit})"

    def replica_conf(self):
        conf = self.work / "odoo-replica.conf"
        text = Path(self.args.conf).read_text()
        text += (
            f"db_replica_host = 127.0.0.1\ndb_replica_port = {self.args.replica_port}\n"
        )
        conf.write_text(text)
        return conf

    def promoted_conf(self):
        conf = self.work / "odoo-promoted.conf"
        lines = [
            f"db_port = {self.args.replica_port}"
            if line.startswith("db_port")
            else line
            for line in Path(self.args.conf).read_text().splitlines()
        ]
        conf.write_text("\n".join(lines) + "\n")
        return conf

    # --- the drill -------------------------------------------------------------------

    def public_paths(self, token):
        status = self.psql(
            self.args.primary_port,
            "SELECT purpose || '/' || slug FROM mc_status_list "
            "WHERE credential_json IS NOT NULL ORDER BY id LIMIT 1",
        )
        slug = self.psql(
            self.args.primary_port,
            "SELECT p.mc_issuer_slug FROM res_partner p JOIN mc_signing_key k "
            "ON k.institution_id = p.id ORDER BY p.id LIMIT 1",
        )
        return {
            "verification page": f"/mc/verify/{token}",
            "status list": f"/mc/status/{status}",
            "DID document": f"/mc/issuers/{slug}/did.json",
        }

    def check_valid(self, name, token):
        status, _headers, body = self.get(f"/mc/verify/{token}")
        return self.step(
            name,
            status == 200 and "mc-status-valid" in body,
            f"HTTP {status}",
        )

    def replica_connections(self):
        return int(
            self.psql(
                self.args.replica_port,
                "SELECT count(*) FROM pg_stat_activity "
                f"WHERE datname = '{DB}' AND application_name LIKE 'mc-drill-%'",
                db="postgres",
            )
        )

    def prepare(self, learners=3):
        """The database on the primary, ``learners`` enrolments ready to issue, and
        a synchronous streaming replica; False when the replica is not in sync."""
        a = self.args
        conf = Path(a.conf)
        start, log = time.monotonic(), self.work / "install.log"
        cmd = [
            a.odoo,
            *("-c", str(conf), "-d", DB, "-i", a.addons, "--without-demo=all"),
            *("--stop-after-init", "--log-level", "warn", "--logfile", str(log)),
        ]
        try:
            rc = self.run(cmd, timeout=INSTALL_TIMEOUT, check=False).returncode
        except subprocess.TimeoutExpired:
            rc = f"timeout after {INSTALL_TIMEOUT} s"
        self.install_seconds = time.monotonic() - start
        # Odoo writes to its log file: a failed install is explained there
        detail = (
            f"{self.install_seconds:.0f} s" if rc == 0 else f"{rc}: {log_tail(log)}"
        )
        if not self.step("install", rc == 0, detail):
            return False
        gen = self.job(
            conf,
            "generate",
            institutions=3,
            programmes=1,
            learners=learners,
            enrolments=learners,
            fault_reserve=0,
        )
        self.step("data", gen["counts"].get("enrolments") == learners, gen["counts"])
        sync = self.make_replica()
        ok = sync in (
            "sync (synchronous_commit=on)",
            "sync (synchronous_commit=remote_apply)",
        )
        return self.step("streaming replica (synchronous)", ok, sync)

    def run_drill(self):
        a = self.args
        conf = Path(a.conf)
        if not self.prepare():
            return

        issued = self.job(conf, "issue", sizes=[1])
        tokens = self.tokens()
        self.step(
            "award issued on the primary", issued["issued"] == 1 and tokens, tokens
        )
        if not tokens:
            return
        token = tokens[0]
        self.step("replica replayed the award", self.wait_replayed())
        paths = self.public_paths(token)

        self.start_odoo(self.replica_conf(), "replica")
        for name, path in paths.items():
            status, headers, body = self.get(path)
            ok = status == 200 and (
                name != "verification page" or "mc-status-valid" in body
            )
            self.step(f"{name} through the replica", ok, f"HTTP {status} {path}")
        self.step(
            "Odoo reads from the replica",
            self.replica_connections() > 0,
            "connections of this Odoo on the replica",
        )

        # a verification arriving before the replica caught up with a fresh award
        self.psql(a.replica_port, "SELECT pg_wal_replay_pause()")
        self.job(conf, "issue", sizes=[1])
        fresh = self.tokens()
        fresh_token = next((t for t in fresh if t != token), None)
        on_replica = self.psql(
            a.replica_port,
            f"SELECT count(*) FROM mc_award WHERE verification_token = '{fresh_token}'",
        )
        self.step("fresh award not yet on the replica", on_replica == "0", on_replica)
        self.check_valid("fresh award verified (primary fallback)", fresh_token)
        self.psql(a.replica_port, "SELECT pg_wal_replay_resume()")
        self.step("replica caught up", self.wait_replayed())

        self.pg_ctl(self.work / "primary", "-m", "immediate", "-w", "stop")
        for name, path in paths.items():
            status, headers, _body = self.get(path)
            ok = status in OUTAGE_OK and (status == 200 or "Retry-After" in headers)
            self.step(
                f"{name} with the primary down",
                ok,
                f"HTTP {status} Retry-After={headers.get('Retry-After')}",
            )
        self.stop_odoo()
        self.pg_ctl(self.work / "replica", "-w", "-t", "60", "promote")
        recovery = self.psql(a.replica_port, "SELECT pg_is_in_recovery()")
        self.step("replica promoted", recovery == "f", f"in recovery: {recovery}")
        promoted = self.promoted_conf()
        self.start_odoo(promoted, "promoted")
        self.check_valid("award verified after failover", token)
        self.check_valid("fresh award verified after failover", fresh_token)
        status, _h, _b = self.get(paths["status list"])
        self.step("status list after failover", status == 200, f"HTTP {status}")
        more = self.job(promoted, "issue", sizes=[1])
        self.step("the promoted primary issues", more["issued"] == 1, more)

    def finish(self):
        self.stop_odoo()
        for d in ("primary", "replica"):
            datadir = self.work / d
            if (datadir / "postmaster.pid").exists():
                self.pg_ctl(
                    datadir, "-m", "fast", "-w", "stop", timeout=60, check=False
                )


def main(argv=None, drill_class=Drill):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("odoo", "pg-bin", "runas", "db-user", "addons", "work", "conf", "out"):
        parser.add_argument(f"--{name}", required=True)
    for name in ("primary-port", "replica-port", "http-port"):
        parser.add_argument(f"--{name}", type=int, required=True)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration (bench)")
    args = parser.parse_args(argv)
    drill = drill_class(args)
    start = time.monotonic()
    # a SIGTERM (the test's timeout, replica_drill.sh's trap) still stops Odoo and
    # both clusters: finish() below runs
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        drill.run_drill()
    except Exception as exc:
        drill.step("drill aborted", False, repr(exc))
    finally:
        try:
            drill.finish()
        except Exception as exc:
            drill.step("cleanup", False, repr(exc))
        total = time.monotonic() - start
        drill.step(
            "bounded in time",
            total - drill.install_seconds < DRILL_BOUND_SECONDS,
            f"{total - drill.install_seconds:.0f} s after an install of "
            f"{drill.install_seconds:.0f} s",
        )
        # after the failover, the log must be clean (during the outage, Odoo's
        # own warnings about the unreachable primary are expected)
        for log in drill.logs[1:]:
            if log.exists():
                errors = [x for x in log.read_text().splitlines() if " ERROR " in x]
                drill.step(
                    f"no ERROR in {log.name}", not errors, "\n".join(errors[-5:])
                )
        drill.save()
    return 0 if all(s["ok"] for s in drill.steps) else 1


if __name__ == "__main__":
    sys.exit(main())
