"""The one benchmark entry point behind `make bench` (scripts/bench.sh prepares a
throwaway PostgreSQL cluster and a fresh database without demo data, then runs):

    python harness.py --mode full|fast|drill [--small] --conf odoo.conf --db DB \\
        --out results.json --pgdir DIR --pg-bin DIR [--runas CMD] [--report F]

The run is the list `PHASES` at the end of this file, in order: one function per
phase, `def name(h, ph)`, with the modes it runs in (`--small` runs the full list
on the fast sizes; `drill` is the replica drill of `make test`). The measuring
phases are here; the servers under load, the soak and the drills (PostgreSQL
restart, kill -9 of a bulk issuing job, backup and restore, the streaming replica)
are in drills.py. A phase takes its sizes from `h.p` (a key in FULL and FAST),
runs the product's code in a job of odoo_job.py (`h.job("recognition")` runs
`job_recognition(env, p)`, which builds its data with fixtures.py), records
`ph.figures`, checks with `ph.check(name, ok, detail)` (a failed check fails the
run), turns an issue's target into a check of the full run with `h.target(...)`,
or skips with `ph.skip(why)`. report.py gives it a section in BENCHMARKS.md; a
phase without one is listed there with its figures all the same. Every target is
127.0.0.1; every load is bounded in time and every wait has a timeout.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import signal
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
        "pdfs": 20, "import_rows": 10000, "recognition": 1000,
        "places": 1000}  # fmt: skip
FAST = {"institutions": 3, "programmes": 6, "learners": 20, "enrolments": 20,
        "fault_reserve": 30, "sizes": [5, 15], "core_sizes": [5, 15],
        "wrk_seconds": 2, "soak_seconds": 8, "pg_fault_seconds": 6, "repeat": 2,
        "pdfs": 2, "import_rows": 50, "recognition": 5, "places": 10}  # fmt: skip
# the replica drill of make test (tests/test_replica_drill.py): one programme of
# three institutions, three learners
DRILL = {**FAST, "institutions": 3, "programmes": 1, "learners": 3, "enrolments": 3,
         "fault_reserve": 0}  # fmt: skip


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
        self.p = DRILL if args.mode == "drill" else self.p
        self.phases, self.servers, self._server = {}, [], None
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)
        text = Path(self.conf).read_text()
        self.cfg = dict(re.findall(r"^\s*(\w+)\s*=\s*(.*?)\s*$", text, re.M))

    def popen(self, job, conf=None, popen=None, **params):
        """The job `job_<job>` of odoo_job.py in a process of its own, with the
        run's parameters and `params` on top (on another Odoo configuration)."""
        p = json.dumps({**self.p, **params})
        cmd = [PY, str(HERE / "odoo_job.py"), conf or self.conf, self.db, job, p]
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

    def sql(self, query, db=None, port=None):
        """One query through psql (no Odoo process: instant); rows of strings."""
        cmd = [*self.psql(port), "-d", db or self.db, "-tAF", "\t", "-c", query]
        out = self.cmd(cmd)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def one(self, query, db=None, port=None):
        """The first value of a query's answer ('' without a row)."""
        return next(iter(self.sql(query, db, port)), [""])[0]

    def psql(self, port=None):
        return ["psql", "-h", "127.0.0.1", "-p", str(port or self.cfg["db_port"]),
                "-U", self.cfg["db_user"]]  # fmt: skip

    def cmd(self, cmd, timeout=300, check=True):
        """A command (from /: the postgres user may not enter the current folder);
        its stderr in the error when it fails."""
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd="/"
        )
        if check and proc.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {proc.stderr[-2000:]}")
        return proc

    def pg_ctl(self, datadir, *args, check=True):
        """pg_ctl on a cluster of the run, as the user the clusters belong to."""
        pg_ctl = str(Path(self.args.pg_bin) / "pg_ctl")
        cmd = [*self.args.runas.split(), pg_ctl, "-D", str(datadir), *args]
        return self.cmd(cmd, timeout=120, check=check)

    def db_bytes(self):
        """[pg_database_size, size of the award tables (mc_award*, mc_status*)],
        once VACUUM FULL left only live rows."""
        self.sql("VACUUM FULL")
        return [int(n) for n in self.sql(
            "SELECT pg_database_size(current_database()), sum(pg_total_relation_size("
            "oid)) FROM pg_class WHERE relkind = 'r' AND relname ~ '^mc_(award|status)'"
        )[0]]  # fmt: skip

    def target(self, ph, name, ok, detail):
        """An issue's target: a check of the full run (and --small), a figure of
        the fast variants (make test's run does not time the machine)."""
        detail = f"{detail:.2f}" if isinstance(detail, float) else detail
        if self.full:
            return ph.check(name, ok, detail)
        ph.figures.setdefault("targets", {})[name] = bool(ok)

    def states(self, db=None):
        """Awards per state, straight from the database."""
        rows = self.sql("SELECT state, count(*) FROM mc_award GROUP BY state", db)
        return {state: int(n) for state, n in rows}

    def issued(self):
        """Did the issuing phase issue awards (whatever its targets)?"""
        ph = self.phases.get("issuing")
        return bool(ph) and bool(self.states().get("issued"))

    def figure(self, phase, key, default=None):
        ph = self.phases.get(phase)
        return ph.figures.get(key, default) if ph else default

    def server(self):
        """`odoo --workers 2` on the bench database, started once for every phase."""
        if not self._server:
            self._server = self.start_server()
        return self._server

    def start_server(self, db=None, name="odoo", workers=2, conf=None):
        log = self.work / f"{name}.log"
        server = drills.OdooServer(conf or self.conf, db or self.db, log)
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
        load_before=os.getloadavg()[0], install_seconds=h.args.install_seconds,
    )  # fmt: skip


def reference(h, ph):
    ph.figures.update(h.job("reference"))


def generate(h, ph):
    res = ph.figures = h.job("generate")
    learners = h.p["learners"] + h.p["fault_reserve"]
    ph.check("learners created", res["counts"]["learners"] == learners, res["counts"])
    if h.full:  # the database before issuing (db_size)
        res["db_bytes"] = h.db_bytes()


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
    core = ph.figures["core_rows"][-1]
    rate = core["awards_per_second"]
    name = f"#4: >= 50 awards/s for {core['size']}, before documents and signatures"
    h.target(ph, name, rate >= 50, rate)
    last = rows[-1]
    ph.figures.update(peak_rss_mb=last["maxrss_mb"], seconds=last["seconds"],
                      rss_before_mb=last["rss_before_mb"])  # fmt: skip
    if last["sealed_edcs"] is not False:  # mc_edc: every award with its sealed EDC
        ph.check(
            "a sealed EDC per issued award", last["sealed_edcs"] == last["issued"], last
        )
    # issue #16: 10,000 joint awards with credentials and sealed EDCs
    n, seconds, rss = last["size"], last["seconds"], last["maxrss_mb"]
    h.target(
        ph, f"#16: {n} awards issued in < 5 min", seconds < 300, f"{seconds:.0f} s"
    )
    h.target(ph, "#16: issuing job peak memory < 400 MB", rss < 400, f"{rss:.0f} MB")


def db_size(h, ph):
    """Database size per 100,000 issued awards: the growth from before issuing to
    after it (both after VACUUM FULL) of the database and of the award tables."""
    before, awards = h.figure("generate", "db_bytes"), h.states().get("issued", 0)
    if not before or not awards:
        return ph.skip("no issued awards")
    after = h.db_bytes()
    largest = h.sql("SELECT relname, pg_total_relation_size(oid) / 1048576 FROM "
                    "pg_class WHERE relkind = 'r' ORDER BY 2 DESC LIMIT 6")  # fmt: skip
    per_100k = [(after[k] - before[k]) / awards * 1e5 / 1048576 for k in (0, 1)]
    ph.figures.update(awards=awards, bytes_before=before, bytes_after=after,
                      mb_per_100k_awards=per_100k[0], largest_mb=dict(largest),
                      award_tables_mb_per_100k=per_100k[1])  # fmt: skip
    ph.check("the award tables grew with the awards", after[1] > before[1], after)


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


def _package_bench(ph, script, quick, labels):
    """Run a bench script of the credentials package; its rates as figures."""
    out = cmd_output([PY, str(ROOT / "credentials" / script), *quick], 300)
    for key, label in labels.items():
        m = re.search(label + r":?\s+([0-9.]+)", out)
        ph.figures[key] = float(m.group(1)) if m else None
    first = ph.figures[next(iter(labels))]
    ph.check(f"credentials/{script} printed its figures", first, out[-500:])
    return first


def credentials(h, ph):
    """credentials/bench.py and bench_edc.py: the package alone, on one core, next
    to raw Ed25519 and ES256 signatures (issue #16: EDCs built and sealed). Inside
    Odoo, signing and sealing are in the issuing rows, the independent check in
    credential_checks, the verification page under load in load."""
    quick = [] if h.full and not h.args.small else ["--quick"]
    sig = _package_bench(ph, "bench.py", quick, {
        "signatures_per_second": "signatures/sec",
        "verifications_per_second_proof": r"\(proof only\)",
        "verifications_per_second_full": r"\(full report\)"})  # fmt: skip
    h.target(ph, "#6: >= 100 signatures/s (one core)", (sig or 0) >= 100, sig)
    ph.figures["raw_ed25519_signatures_per_second"] = stats.raw_ed25519_rate()
    _package_bench(ph, "bench_edc.py", quick, {
        "edc_sealed_per_second": r"EDC built \+ sealed \(ES256\)",
        "raw_es256_per_second": "raw ES256 signature",
        "edc_built_per_second": r"EDC built \(joint, no seal\)",
        "edc_verified_per_second": r"sealed EDC verified \S+ \S+"})  # fmt: skip


def recognition(h, ph):
    """#18: recognition of a cohort's prior awards with verification."""
    if not h.issued():
        return ph.skip("no issued awards")
    res = ph.figures = h.job("recognition")
    n = res["cohort"]
    ph.check("every prior award recognised", res["recognised"] == n and n, res)
    seconds = res["seconds"]
    h.target(ph, f"#18: {n} prior awards recognised in < 30 s", seconds < 30, seconds)


def result_import(h, ph):
    """#17: 10,000 result rows through Odoo's import (test run, then import)."""
    res = ph.figures = h.job("result_import")
    ph.check("every column matched", res["unmapped"] == 0, res)
    ph.check("every row imported", res["imported"] == res["rows"], res)
    for name in ("test_run", "import"):
        ph.check(f"no error in the {name}", not res[f"{name}_errors"], res)
        seconds = res[f"{name}_seconds"]
        h.target(ph, f"#17: {name} of {res['rows']} rows < 60 s", seconds < 60, seconds)


def invoicing(h, ph):
    """#20: invoicing a funding agreement's places (two payers)."""
    res = ph.figures = h.job("invoicing")
    ph.check("a line per place and payer", res["lines"] == 2 * res["places"], res)
    seconds = res["seconds"]
    h.target(ph, f"#20: {res['places']} places invoiced < 30 s", seconds < 30, seconds)


def reports(h, ph):
    res = ph.figures = h.job("reports")
    ref = h.figure("reference", "simple_pdf_seconds")
    ph.figures["reference_pdfs_per_minute"] = 60.0 / ref if ref else None
    ph.figures["certificate_pdfs_per_minute"] = 60 / res["certificate_median_seconds"]
    ph.check("certificates rendered", res["count"] > 0, res)
    ratio = res["ratio"]
    h.target(
        ph, "#5: a certificate PDF <= 2 x Odoo's simplest report", ratio <= 2, ratio
    )


def listtime(h, ph):
    res = ph.figures = h.job("listtime")
    ph.check("awards list measured on the issued awards", res["awards"] > 0, res)


BOTH, FULL_ONLY, ALL = ("full", "fast"), ("full",), ("full", "fast", "drill")
PHASES = [
    ("machine", machine, ALL),
    ("reference", reference, FULL_ONLY),
    ("generate", generate, ALL),
    ("issuing", issuing, BOTH),
    ("credential_checks", credential_checks, BOTH),
    ("db_size", db_size, FULL_ONLY),
    ("credentials", credentials, FULL_ONLY),
    ("reports", reports, FULL_ONLY),
    ("listtime", listtime, FULL_ONLY),
    ("recognition", recognition, FULL_ONLY),
    ("result_import", result_import, FULL_ONLY),
    ("invoicing", invoicing, FULL_ONLY),
    ("load", drills.load, BOTH),
    ("replica_load", drills.replica_load, FULL_ONLY),
    ("soak", drills.soak, BOTH),
    ("fault_pg_restart", drills.fault_pg_restart, BOTH),
    ("fault_kill", drills.fault_kill, BOTH),
    ("backup_restore", drills.backup_restore, BOTH),
    ("replica_drill", drills.replica_drill, ("drill",)),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("full", "fast", "drill"), default="full")
    parser.add_argument("--small", action="store_true", help="full list, fast sizes")
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, help="results as JSON")
    parser.add_argument("--report", help="write the Markdown report here")
    parser.add_argument("--work", default=tempfile.mkdtemp(prefix="mc-bench-"))
    parser.add_argument("--pgdir", required=True, help="the cluster's folder")
    parser.add_argument("--pg-bin", required=True, help="PostgreSQL's binaries")
    parser.add_argument("--runas", default="", help="prefix: run as the cluster's user")
    parser.add_argument("--install-seconds", type=float, help="the addons' install")
    # a SIGTERM (a test's timeout) still stops the servers and clusters: finally
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return Harness(parser.parse_args(argv)).run()


if __name__ == "__main__":
    sys.exit(main())
