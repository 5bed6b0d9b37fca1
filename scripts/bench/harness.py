"""The one benchmark entry point behind `make bench` (scripts/bench.sh prepares a
throwaway PostgreSQL cluster and a fresh database without demo data, then runs):

    python harness.py --mode full|fast [--small] --conf odoo.conf --db DB \\
        --out results.json --pg-restart CMD [--report BENCHMARKS.md]

The run is the list `PHASES` at the end of this file, in order: one function per
phase, `def name(h, ph)`, with the modes it runs in (`--small` runs the full list
on the fast sizes). The measuring phases are here; the server under load, the soak
and the drills (PostgreSQL restart under load, kill -9 of a bulk issuing job,
backup and restore) are in drills.py. A phase

* takes its sizes from `h.p` (add a key to both FULL and FAST),
* runs the product's code in a job of odoo_job.py, `h.job("name", key=value)`,
  which builds its data with fixtures.py (the one fixture module),
* records `ph.figures`, checks with `ph.check(name, ok, detail)` (a failed check
  fails the run and `make test`'s fast variant) or skips with `ph.skip(why)`,
* appears in BENCHMARKS.md: report.py gives it a section (`SECTIONS`); a phase
  without one is listed there with its figures all the same.

Adding a phase, e.g. the import of 10,000 result rows: write `job_result_import`
in odoo_job.py, then here

    def result_import(h, ph):
        ph.figures.update(h.job("result_import"))  # job_result_import(env, p)
        ph.check("every row imported", ph.figures["imported"] == h.p["import_rows"])

and add `("result_import", result_import, BOTH)` to `PHASES`. Every target is
127.0.0.1; every load is bounded in time and every wait has a timeout.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import drills  # noqa: E402
import stats  # noqa: E402

PY = sys.executable
FULL = {"institutions": 10, "programmes": 200, "learners": 10000, "enrolments": 10000,
        "fault_reserve": 400, "sizes": [100, 1000, 10000], "core_sizes": [100, 1000],
        "wrk_seconds": 20, "soak_seconds": 300, "pg_fault_seconds": 24, "repeat": 5,
        "pdfs": 20}  # fmt: skip
FAST = {"institutions": 3, "programmes": 6, "learners": 20, "enrolments": 20,
        "fault_reserve": 30, "sizes": [5, 15], "core_sizes": [5, 15],
        "wrk_seconds": 2, "soak_seconds": 8, "pg_fault_seconds": 6, "repeat": 2,
        "pdfs": 2}  # fmt: skip


def log(msg):
    sys.stderr.write(f"[bench] {time.strftime('%H:%M:%S')} {msg}\n")
    sys.stderr.flush()


class Skip(Exception):
    """A phase cannot run here (e.g. the models it measures are not installed)."""


class Phase:
    """Figures and checks of one part of the run."""

    def __init__(self, name):
        self.name, self.figures, self.checks = name, {}, []
        self.status, self.note = "ok", ""

    def check(self, name, ok, detail=""):
        self.checks.append({"name": name, "ok": bool(ok), "detail": str(detail)})
        if not ok:
            self.status = "failed"
            log(f"CHECK FAILED {self.name}: {name} ({detail})")
        return ok

    def skip(self, why):
        self.status, self.note = "skipped", why
        log(f"{self.name}: skipped ({why})")

    def as_dict(self):
        return {"status": self.status, "note": self.note, "figures": self.figures,
                "checks": self.checks}  # fmt: skip


class Harness:
    def __init__(self, args):
        self.args, self.conf, self.db = args, args.conf, args.db
        self.full = args.mode == "full"
        self.p = FULL if self.full and not args.small else FAST
        self.phases, self.servers, self._server = {}, [], None
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)
        text = Path(self.conf).read_text()
        self.cfg = dict(re.findall(r"^\s*(\w+)\s*=\s*(.*?)\s*$", text, re.M))

    def popen(self, job, db=None, popen=None, **params):
        """The job `job_<job>` of odoo_job.py in a process of its own, with the
        run's parameters and `params` on top."""
        p = json.dumps({**self.p, **params})
        cmd = [PY, str(HERE / "odoo_job.py"), self.conf, db or self.db, job, p]
        out = subprocess.PIPE
        return subprocess.Popen(
            cmd, text=True, **(popen or {"stdout": out, "stderr": out})
        )

    def jobs(self, job, **params):
        """Run a job; its MCJSON lines as dicts (a failed job raises; a job that
        finds the models missing skips the phase)."""
        proc = self.popen(job, **params)
        out, err = proc.communicate(timeout=3600)
        rows = stats.mcjson(out)
        if proc.returncode or not rows:
            raise RuntimeError(f"job {job} failed ({proc.returncode}): {err[-3000:]}")
        if "skipped" in rows[-1]:
            raise Skip(rows[-1]["skipped"])
        return rows

    def job(self, job, **params):
        return self.jobs(job, **params)[-1]

    def sql(self, query, db=None):
        """One query through psql (no Odoo process: instant)."""
        cmd = [*self.psql(), "-d", db or self.db, "-tAF", "\t", "-c", query]
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=60, check=True
        )
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def psql(self):
        return ["psql", "-h", "127.0.0.1", "-p", self.cfg["db_port"],
                "-U", self.cfg["db_user"]]  # fmt: skip

    def states(self, db=None):
        """Awards per state, straight from the database."""
        rows = self.sql("SELECT state, count(*) FROM mc_award GROUP BY state", db)
        return {state: int(n) for state, n in rows}

    def issued(self):
        """Did the issuing phase issue awards?"""
        ph = self.phases.get("issuing")
        return bool(ph) and ph.status == "ok"

    def figure(self, phase, key, default=None):
        ph = self.phases.get(phase)
        return ph.figures.get(key, default) if ph else default

    def server(self):
        """`odoo --workers 2` on the bench database, started once for every phase."""
        if not self._server:
            self._server = self.start_server()
        return self._server

    def start_server(self, db=None, name="odoo", workers=2):
        server = drills.OdooServer(self.conf, db or self.db, self.work / f"{name}.log")
        self.servers.append(server)
        server.start(workers)
        return server

    def run(self):
        try:
            for name, fn, modes in PHASES:
                if self.args.mode in modes or (self.args.small and "full" in modes):
                    self.phases[name] = run_phase(self, name, fn)
        finally:
            for server in self.servers:
                server.stop()
        failed = [n for n, ph in self.phases.items() if ph.status == "failed"]
        phases = {n: ph.as_dict() for n, ph in self.phases.items()}
        results = {"mode": self.args.mode, "params": self.p, "phases": phases,
                   "failed": failed}  # fmt: skip
        Path(self.args.out).write_text(json.dumps(results, indent=1, default=str))
        if self.args.report:
            import report

            Path(self.args.report).write_text(report.render(results))
            log(f"wrote {self.args.report}")
        log("failed phases: " + (", ".join(failed) or "none"))
        return 1 if failed else 0


def run_phase(h, name, fn):
    ph = Phase(name)
    log(f"phase {name}")
    start = time.perf_counter()
    try:
        fn(h, ph)
    except Skip as why:
        ph.skip(str(why))
    except Exception as exc:  # a phase that crashes is a failed check, not a crash
        ph.check("phase completed", False, f"{type(exc).__name__}: {exc}")
        traceback.print_exc()
    ph.figures.setdefault("phase_seconds", round(time.perf_counter() - start, 1))
    return ph


def cmd_output(argv, timeout=60):
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (proc.stdout or proc.stderr).strip()


# --- the measuring phases ----------------------------------------------------------


def machine(h, ph):
    info = ph.figures
    with contextlib.suppress(OSError, AttributeError):
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"^model name\s*:\s*(.+)$", cpu, re.M).group(1)
        mem = Path("/proc/meminfo").read_text()
        kb = re.search(r"^MemTotal:\s*(\d+) kB", mem, re.M).group(1)
        info["ram_gb"] = round(int(kb) / 1048576, 1)
    psql = h.psql()
    info.update(
        nproc=os.cpu_count(), platform=platform.platform(),
        python=platform.python_version(),
        odoo=cmd_output([PY, "-c", "import odoo.release as r; print(r.version)"]),
        postgresql=cmd_output([*psql, "-d", "postgres", "-tAc", "SHOW server_version"]),
        wrk=cmd_output(["wrk", "--version"]).split(" Copyright")[0],
        wkhtmltopdf=cmd_output(["wkhtmltopdf", "--version"]),
        commit=cmd_output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        load_before=os.getloadavg()[0],
    )  # fmt: skip


def reference(h, ph):
    ph.figures.update(h.job("reference"))


def generate(h, ph):
    res = ph.figures = h.job("generate")
    learners = h.p["learners"] + h.p["fault_reserve"]
    ph.check("learners created", res["counts"]["learners"] == learners, res["counts"])


def _issue_rows(h, sizes, core=False):
    """One bulk issue per size (in one process per size in the full run: the peak
    memory is that of one bulk issue); awards/s and queries/award per row."""
    if h.full:
        rows = [h.job("issue", sizes=[n], core=core, rollback=core or n != sizes[-1])
                for n in sizes]  # fmt: skip
    else:  # one process: seconds instead of a minute
        rows = h.jobs("issue", sizes=sizes, core=core, rollback=core)
    for r in rows:
        n, seconds = max(r.get("size", 0), 1), r.get("seconds")
        r.update(awards_per_second=n / seconds if seconds else None,
                 ms_per_award=1000.0 * (seconds or 0) / n,
                 queries_per_award=r.get("queries", 0) / n)  # fmt: skip
    return rows


def issuing(h, ph):
    # issue 4's target is for the awards part alone (before documents and
    # signatures): the same bulk issue without the _post_issue extensions, first
    ph.figures["core_rows"] = _issue_rows(h, h.p["core_sizes"], core=True)
    rows = ph.figures["rows"] = _issue_rows(h, h.p["sizes"])
    for r in rows:
        ph.check(f"{r['size']} awards issued", r["issued"] == r["size"], r)
        ph.check(f"no half-issued award at {r['size']}", r["half_issued"] == 0, r)
    qpa = {r["size"]: r["queries_per_award"] for r in rows}
    ph.figures["queries_flat"] = flat = stats.flat_cost(qpa, 0.5)
    ph.check("SQL queries per award stay flat (largest <= 1.5 x smallest)", flat, qpa)
    ph.figures.update(peak_rss_mb=rows[-1]["maxrss_mb"],
                      rss_before_mb=rows[-1]["rss_before_mb"])  # fmt: skip


def credential_checks(h, ph):
    """The independent check that follows issuing (cron `_cron_check_credentials`),
    one process per CPU on id shards: the verification pages are measured
    afterwards, as a registry serves them once the job has caught up."""
    if not h.issued():
        return ph.skip("no issued awards")
    shards = max(1, min(os.cpu_count() or 1, 4))
    start = time.perf_counter()
    with ThreadPoolExecutor(shards) as pool:
        shard = partial(h.job, "checkcreds", shards=shards)
        results = list(pool.map(lambda k: shard(shard=k), range(shards)))
    seconds = time.perf_counter() - start
    checked = sum(r["checked"] for r in results)
    states = {}
    for r in results:
        for state, n in r["states"].items():
            states[state] = states.get(state, 0) + n
    per_process = sum(r["checked"] / r["seconds"] for r in results if r["seconds"])
    ph.figures.update(processes=shards, checked=checked, seconds=round(seconds, 1),
                      per_second=checked / seconds if seconds else None,
                      per_second_per_process=per_process / shards,
                      states=states)  # fmt: skip
    ph.check("every stored credential passed", set(states) == {"passed"}, states)


def credentials(h, ph):
    """credentials/bench.py: the package alone, on one core. (Inside Odoo, signing
    is in the issuing rows, the independent check in credential_checks, the
    verification page under load in load.)"""
    quick = [] if h.full and not h.args.small else ["--quick"]
    out = cmd_output([PY, str(ROOT / "credentials" / "bench.py"), *quick], 300)
    for key, label in (("signatures_per_second", "signatures/sec"),
                       ("verifications_per_second_proof", r"\(proof only\)"),
                       ("verifications_per_second_full", r"\(full report\)"),
                       ):  # fmt: skip
        m = re.search(label + r":\s+([0-9.]+)", out)
        ph.figures[key] = float(m.group(1)) if m else None
    sig = ph.figures["signatures_per_second"]
    ph.check("credentials/bench.py printed its figures", sig, out[-500:])
    ph.figures["raw_ed25519_signatures_per_second"] = stats.raw_ed25519_rate()


def reports(h, ph):
    res = ph.figures = h.job("reports")
    ref = h.figure("reference", "simple_pdf_seconds")
    ph.figures["reference_pdfs_per_minute"] = 60.0 / ref if ref else None
    ph.figures["certificate_pdfs_per_minute"] = 60 / res["certificate_median_seconds"]
    ph.check("certificates rendered", res["count"] > 0, res)


def listtime(h, ph):
    res = ph.figures = h.job("listtime")
    ph.check("awards list measured on the issued awards", res["awards"] > 0, res)


BOTH, FULL_ONLY = ("full", "fast"), ("full",)
PHASES = [
    ("machine", machine, BOTH),
    ("reference", reference, FULL_ONLY),
    ("generate", generate, BOTH),
    ("issuing", issuing, BOTH),
    ("credential_checks", credential_checks, BOTH),
    ("credentials", credentials, FULL_ONLY),
    ("reports", reports, FULL_ONLY),
    ("listtime", listtime, FULL_ONLY),
    ("load", drills.load, BOTH),
    ("soak", drills.soak, BOTH),
    ("fault_pg_restart", drills.fault_pg_restart, BOTH),
    ("fault_kill", drills.fault_kill, BOTH),
    ("backup_restore", drills.backup_restore, BOTH),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("full", "fast"), default="full")
    parser.add_argument("--small", action="store_true", help="full list, fast sizes")
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, help="results as JSON")
    parser.add_argument("--report", help="write the Markdown report here")
    parser.add_argument("--work", default=tempfile.mkdtemp(prefix="mc-bench-"))
    parser.add_argument("--pg-restart", required=True, help="restarts PostgreSQL")
    return Harness(parser.parse_args(argv)).run()


if __name__ == "__main__":
    sys.exit(main())
