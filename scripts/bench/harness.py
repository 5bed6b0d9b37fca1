"""The benchmark, load, fault and backup/restore harness behind `make bench`.

Run by scripts/bench.sh (which prepares a throwaway PostgreSQL cluster and a fresh
database with both addons, without demo data) with Odoo's Python:

    python harness.py --mode full|fast --conf odoo.conf --db DB --out results.json \
        [--report BENCHMARKS.md]

Every target is 127.0.0.1; every load is bounded in time (wrk -d) and every wait
has a timeout. Each phase records figures and checks; a failed check fails the run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import stats  # noqa: E402

PY = sys.executable
JOB = str(HERE / "odoo_job.py")
LUA = str(HERE / "report.lua")

FULL = {
    "institutions": 10,
    "programmes": 200,
    "learners": 10000,
    "enrolments": 10000,
    "fault_reserve": 400,
    "sizes": [100, 1000, 10000],
    "wrk_seconds": 20,
    "soak_seconds": 300,
    "pg_fault_seconds": 24,
    "repeat": 5,
}
FAST = {
    "institutions": 3,
    "programmes": 6,
    "learners": 20,
    "enrolments": 20,
    "fault_reserve": 30,
    "sizes": [5, 15],
    "wrk_seconds": 2,
    "soak_seconds": 8,
    "pg_fault_seconds": 6,
    "repeat": 2,
}


def log(msg):
    sys.stderr.write(f"[bench] {time.strftime('%H:%M:%S')} {msg}\n")
    sys.stderr.flush()


def mcjson(text):
    """The MCJSON lines of a job's output, as dicts."""
    return [
        json.loads(line[len(stats.MARKER) :])
        for line in text.splitlines()
        if line.startswith(stats.MARKER)
    ]


class Phase:
    """Figures and checks of one part of the run."""

    def __init__(self, name):
        self.name = name
        self.figures = {}
        self.checks = []
        self.status = "ok"
        self.note = ""

    def check(self, name, ok, detail=""):
        self.checks.append({"name": name, "ok": bool(ok), "detail": str(detail)})
        if not ok:
            self.status = "failed"
            log(f"CHECK FAILED {self.name}: {name} ({detail})")
        return ok

    def skip(self, why):
        self.status = "skipped"
        self.note = why
        log(f"{self.name}: skipped ({why})")

    def as_dict(self):
        return {
            "status": self.status,
            "note": self.note,
            "figures": self.figures,
            "checks": self.checks,
        }


class Harness:
    def __init__(self, args):
        self.args = args
        self.p = FAST if args.mode == "fast" or args.small else FULL
        self.conf = args.conf
        self.db = args.db
        self.phases = {}
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.data_dir = self._conf_value("data_dir")
        self.servers = []

    def _conf_value(self, key):
        for line in Path(self.conf).read_text().splitlines():
            m = re.match(rf"^\s*{key}\s*=\s*(.*?)\s*$", line)
            if m:
                return m.group(1)
        return None

    # --- helpers --------------------------------------------------------------------
    def job(self, *argv, db=None, timeout=3600):
        return self.jobs(*argv, db=db, timeout=timeout)[-1]

    def jobs(self, *argv, db=None, timeout=3600):
        cmd = [PY, JOB, "-c", self.conf, "-d", db or self.db, *map(str, argv)]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"job {argv[0]} failed ({proc.returncode}): {proc.stderr[-3000:]}"
            )
        out = mcjson(proc.stdout)
        if not out:
            raise RuntimeError(
                f"job {argv[0]} printed no figures: {proc.stderr[-2000:]}"
            )
        return out

    def sql(self, query, db=None):
        """One query through psql (no Odoo process: instant)."""
        proc = subprocess.run(
            [
                "psql", "-h", "127.0.0.1", "-p", self._conf_value("db_port"),
                "-U", self._conf_value("db_user"), "-d", db or self.db,
                "-tAF", "\t", "-c", query,
            ],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return [line.split("\t") for line in proc.stdout.splitlines() if line]

    def sql_states(self):
        """Awards per state, straight from the database."""
        rows = self.sql("SELECT state, count(*) FROM mc_award GROUP BY state")
        return {"states": {state: int(n) for state, n in rows}}

    def phase(self, name, fn):
        ph = Phase(name)
        self.phases[name] = ph
        log(f"phase {name}")
        start = time.perf_counter()
        try:
            fn(ph)
        except Exception as exc:  # a phase that crashes is a failed check, not a crash
            ph.check("phase completed", False, f"{type(exc).__name__}: {exc}")
            traceback.print_exc()
        ph.figures.setdefault("phase_seconds", round(time.perf_counter() - start, 1))
        return ph

    def figure(self, phase, key, default=None):
        ph = self.phases.get(phase)
        return ph.figures.get(key, default) if ph else default

    # --- phases ---------------------------------------------------------------------
    def machine(self, ph):
        info = {"nproc": os.cpu_count(), "platform": platform.platform()}
        with contextlib.suppress(OSError):
            cpu = Path("/proc/cpuinfo").read_text()
            m = re.search(r"^model name\s*:\s*(.+)$", cpu, re.M)
            info["cpu"] = m.group(1) if m else platform.processor()
            mem = Path("/proc/meminfo").read_text()
            m = re.search(r"^MemTotal:\s*(\d+) kB", mem, re.M)
            info["ram_gb"] = round(int(m.group(1)) / 1048576, 1) if m else None
        info["python"] = platform.python_version()
        info["odoo"] = _cmd([PY, "-c", "import odoo.release as r; print(r.version)"])
        info["postgresql"] = _cmd(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                self._conf_value("db_port"),
                "-U",
                self._conf_value("db_user"),
                "-d",
                "postgres",
                "-tAc",
                "SHOW server_version",
            ]
        )
        info["wrk"] = _cmd(["wrk", "--version"]).split(" Copyright")[0]
        info["wkhtmltopdf"] = _cmd(["wkhtmltopdf", "--version"])
        info["commit"] = _cmd(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
        info["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        info["load_before"] = os.getloadavg()[0]
        ph.figures.update(info)

    def reference(self, ph):
        res = self.job(
            "reference", "--repeat", self.p["repeat"] if self.args.mode == "full" else 1
        )
        ph.figures.update(res)

    def generate(self, ph):
        p = self.p
        res = self.job(
            "generate",
            "--institutions",
            p["institutions"],
            "--programmes",
            p["programmes"],
            "--learners",
            p["learners"] + p["fault_reserve"],
            "--enrolments",
            p["enrolments"] + p["fault_reserve"],
        )
        ph.figures.update(res)
        if res.get("missing_models"):
            ph.note = f"models not installed yet: {', '.join(res['missing_models'])}"
        ph.check(
            "learners created",
            res["counts"]["learners"] == p["learners"] + p["fault_reserve"],
            res["counts"],
        )

    def issuing(self, ph):
        if self.phases["generate"].figures.get("missing_models"):
            return ph.skip("the awards models are not installed")
        if self.args.mode == "full":  # first: needs 1,000 pending enrolments
            # issue 4's target is for the awards part alone (before documents and
            # signatures): the same bulk issue without the _post_issue extensions
            core = self.jobs("issue", "--sizes", "100,1000", "--core", "--rollback")
            for res in core:
                n = max(res["size"], 1)
                res["awards_per_second"] = (
                    n / res["seconds"] if res["seconds"] else None
                )
                res["queries_per_award"] = res["queries"] / n
            ph.figures["core_rows"] = core
        rows = []
        sizes = self.p["sizes"]
        if self.args.mode == "fast":  # one process: seconds instead of a minute
            results = self.jobs("issue", "--sizes", ",".join(map(str, sizes)))
        else:  # one process per size: the peak memory is that of one bulk issue
            results = [
                self.job("issue", "--size", size, *([] if last else ["--rollback"]))
                for size, last in ((s, s == sizes[-1]) for s in sizes)
            ]
        for size, res in zip(sizes, results, strict=False):
            if "skipped" in res:
                return ph.skip(res["skipped"])
            n = max(res["size"], 1)
            res["awards_per_second"] = n / res["seconds"] if res["seconds"] else None
            res["ms_per_award"] = res["seconds"] * 1000.0 / n
            res["queries_per_award"] = res["queries"] / n
            rows.append(res)
            ph.check(f"{size} awards issued", res["issued"] == size, res)
            ph.check(f"no half-issued award at {size}", res["half_issued"] == 0, res)
        ph.figures["rows"] = rows
        qpa = {r["size"]: r["queries_per_award"] for r in rows}
        ph.figures["queries_flat"] = stats.flat_cost(qpa, 0.5)
        ph.check(
            "SQL queries per award stay flat (largest <= 1.5 x smallest)",
            stats.flat_cost(qpa, 0.5),
            qpa,
        )
        big = rows[-1]
        ph.figures["peak_rss_mb"] = big["maxrss_mb"]
        ph.figures["rss_before_mb"] = big["rss_before_mb"]
        ref = self.figure("reference", "partner_create_ms")
        for r in rows:
            r["ratio_to_partner_create"] = stats.ratio(r["ms_per_award"], ref)

    def credential_checks(self, ph):
        """The independent check that runs in the background after issuing (cron
        `_cron_check_credentials`), here in one process per CPU on id shards: the
        verification pages are measured afterwards, as a registry serves them once
        the job has caught up."""
        if not self.phases.get("issuing") or self.phases["issuing"].status != "ok":
            return ph.skip("no issued awards")
        shards = max(1, min(os.cpu_count() or 1, 4))
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    PY,
                    JOB,
                    "-c",
                    self.conf,
                    "-d",
                    self.db,
                    "checkcreds",
                    "--shard",
                    str(k),
                    "--shards",
                    str(shards),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for k in range(shards)
        ]
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=3600)
            res = mcjson(out)
            if proc.returncode != 0 or not res:
                raise RuntimeError(f"checkcreds failed: {err[-2000:]}")
            results.append(res[-1])
        seconds = time.perf_counter() - start
        if any("skipped" in res for res in results):
            return ph.skip(results[0]["skipped"])
        checked = sum(res["checked"] for res in results)
        states = {}
        for res in results:
            for state, n in res["states"].items():
                states[state] = states.get(state, 0) + n
        ph.figures.update(
            processes=shards,
            checked=checked,
            seconds=round(seconds, 1),
            per_second=checked / seconds if seconds else None,
            per_second_per_process=sum(
                res["checked"] / res["seconds"] for res in results if res["seconds"]
            )
            / shards,
            states=states,
        )
        ph.check("every stored credential passed", set(states) == {"passed"}, states)

    def credentials(self, ph):
        bench = ROOT / "credentials" / "bench.py"
        if not bench.exists():
            return ph.skip("credentials/bench.py missing")
        argv = [PY, str(bench)] + (["--quick"] if self.args.mode == "fast" else [])
        out = _cmd(argv, timeout=300)
        for key, pattern in (
            ("signatures_per_second", r"signatures/sec:\s+([0-9.]+)"),
            (
                "verifications_per_second_proof",
                r"verifications/sec \(proof only\):\s+([0-9.]+)",
            ),
            (
                "verifications_per_second_full",
                r"verifications/sec \(full report\):\s+([0-9.]+)",
            ),
        ):
            m = re.search(pattern, out)
            ph.figures[key] = float(m.group(1)) if m else None
        ph.check(
            "credential benchmark printed its figures",
            ph.figures["signatures_per_second"],
            out[-500:],
        )
        ph.figures["raw_ed25519_signatures_per_second"] = _raw_ed25519_rate()
        ph.figures["ratio_sign_to_raw_ed25519"] = stats.ratio(
            ph.figures["signatures_per_second"],
            ph.figures["raw_ed25519_signatures_per_second"],
        )
        self._team_script(ph, "bench_credentials.py", "-n", 200)

    def _team_script(self, ph, name, *extra):
        """Run another part's own bench script (scripts/bench_*.py) when it exists and
        keep its figures: MCJSON lines, else its "label  rate unit/s (n in s)" lines,
        else its last lines of text."""
        script = ROOT / "scripts" / name
        if not script.exists():
            ph.figures.setdefault("team_scripts", {})[name] = "not present"
            return None
        argv = [PY, str(script), "-c", self.conf, "-d", self.db, *map(str, extra)]
        proc = subprocess.run(
            argv, capture_output=True, text=True, timeout=1800, check=False
        )
        rows = mcjson(proc.stdout) or stats.parse_rate_lines(proc.stdout)
        ph.figures.setdefault("team_scripts", {})[name] = (
            rows or proc.stdout.strip().splitlines()[-15:]
        )
        ph.figures.setdefault("team_values", {})[name] = stats.parse_key_values(
            proc.stdout
        )
        ph.check(f"{name} ran", proc.returncode == 0, proc.stderr[-1500:])
        return rows

    def reports(self, ph):
        rows = self._team_script(
            ph, "bench_reports.py", "--count", 20 if self.args.mode == "full" else 3
        )
        values = ph.figures.get("team_values", {}).get("bench_reports.py", {})
        ref = self.figure("reference", "simple_pdf_seconds")
        if ref:
            ph.figures["reference_pdfs_per_minute"] = 60.0 / ref
        if values.get("certificate median"):
            ph.figures["certificate_pdfs_per_minute"] = (
                60.0 / values["certificate median"]
            )
            ph.figures["ratio_certificate_pdfs_per_minute_to_reference"] = stats.ratio(
                ph.figures["certificate_pdfs_per_minute"],
                ph.figures.get("reference_pdfs_per_minute"),
            )
        if values.get("ratio") is not None:
            ph.figures["certificate_to_simplest_report"] = values["ratio"]
        for row in rows or []:
            for key, value in row.items():
                if "per_minute" in key and isinstance(value, int | float):
                    ph.figures[key] = value
                    ph.figures[f"ratio_{key}_to_reference"] = stats.ratio(
                        value, ph.figures.get("reference_pdfs_per_minute")
                    )

    def awards_script(self, ph):
        # last: it commits its own fixture (1,000 more awards) into the database
        self._team_script(
            ph, "bench_awards.py", "--count", 1000 if self.args.mode == "full" else 20
        )

    def listtime(self, ph):
        res = self.job("listtime", "--repeat", self.p["repeat"])
        ph.figures.update(res)
        ref = res.get("reference_partner_list_ms")
        for key in ("award_list_filtered_ms", "award_list_grouped_ms"):
            if key in res:
                ph.figures[f"ratio_{key}"] = stats.ratio(res[key], ref)
        if "awards" in res:
            ph.check(
                "awards list measured on the issued awards", res["awards"] > 0, res
            )

    # --- the server phases ----------------------------------------------------------
    def start_server(self, db=None, name="odoo", workers=2):
        server = OdooServer(
            self.conf, db or self.db, self.work / f"{name}.log", workers
        )
        self.servers.append(server)
        server.start()
        return server

    def verify_paths(self, limit=200, state="issued", db=None):
        if not self.phases.get("issuing") or self.phases["issuing"].status == "skipped":
            return []
        if state not in ("issued", "suspended", "revoked"):
            raise ValueError(state)
        rows = self.sql(
            f"SELECT verification_token FROM mc_award WHERE state = '{state}' "
            f"AND verification_token IS NOT NULL ORDER BY id LIMIT {int(limit)}",
            db,
        )
        return [f"/mc/verify/{row[0]}" for row in rows]

    def load(self, ph):
        server = self.server
        secs = self.p["wrk_seconds"]
        health = server.wrk("/web/health", secs)
        ph.figures["health"] = _wrk_summary(health)
        ph.check(
            "no error on /web/health",
            stats.errors_total(health) == 0,
            ph.figures["health"],
        )
        paths = self.verify_paths()
        if not paths or not server.ok(paths[0]):
            ph.note = "no verification page yet: only the reference was measured"
            return
        self.paths_file = self.work / "verify-paths.txt"
        self.paths_file.write_text("\n".join(paths) + "\n")
        verify = server.wrk("/", secs, paths_file=self.paths_file)
        ph.figures["verify"] = _wrk_summary(verify)
        ph.figures["verify_pages"] = len(paths)
        ph.check(
            "no error on the verification pages",
            stats.errors_total(verify) == 0,
            ph.figures["verify"],
        )
        ph.figures["ratio_rps_verify_to_health"] = stats.ratio(
            verify["rps"], health["rps"]
        )
        for p in (50, 95, 99):
            ph.figures[f"ratio_p{p}_verify_to_health"] = stats.ratio(
                verify["percentiles"].get(float(p)), health["percentiles"].get(float(p))
            )

    def _load(self, seconds):
        """wrk on the verification pages (on /web/health before there are any)."""
        paths_file = getattr(self, "paths_file", None)
        return self.server.wrk(
            "/" if paths_file else "/web/health", seconds, paths_file=paths_file
        )

    def _load_in_background(self, seconds):
        """Start :meth:`_load` in a thread; return the thread and the dict its
        wrk result lands in once it is joined."""
        result = {}
        thread = threading.Thread(target=lambda: result.update(self._load(seconds)))
        thread.start()
        return thread, result

    def soak(self, ph):
        server = self.server
        secs = self.p["soak_seconds"]
        paths_file = getattr(self, "paths_file", None)
        target = "verification pages" if paths_file else "/web/health"
        ph.figures["target"] = target
        ph.figures["seconds"] = secs
        samples = []
        t, result = self._load_in_background(secs)
        interval = 0.5 if secs < 60 else 1.0
        while t.is_alive():
            samples.append(server.workers_rss_mb())
            time.sleep(interval)
        t.join()
        samples.append(server.workers_rss_mb())
        ph.figures["wrk"] = _wrk_summary(result)
        ph.figures["rss_samples_mb"] = [round(s, 1) for s in samples]
        ph.check(
            "no error response during the soak",
            stats.errors_total(result) == 0,
            ph.figures["wrk"],
        )
        growth = stats.memory_growth(samples)
        ph.figures["worker_rss_growth"] = growth
        ph.figures["worker_rss_start_mb"] = samples[0]
        ph.figures["worker_rss_end_mb"] = samples[-1]
        ph.check("worker memory growth < 10 %", growth < 0.10, f"{growth:.1%}")

    def fault_pg_restart(self, ph):
        server = self.server
        before = (
            self.sql_states()
            if "issuing" in self.phases and self.phases["issuing"].status != "skipped"
            else None
        )
        paths_file = getattr(self, "paths_file", None)
        secs = self.p["pg_fault_seconds"]
        t, result = self._load_in_background(secs)
        time.sleep(secs / 3)
        start = time.perf_counter()
        subprocess.run(self.args.pg_restart, shell=True, check=True, timeout=120)
        ph.figures["pg_restart_seconds"] = round(time.perf_counter() - start, 2)
        t.join()
        ph.figures["wrk_during_restart"] = _wrk_summary(result)
        url = (paths_file.read_text().split()[0]) if paths_file else "/web/health"
        start = time.perf_counter()
        recovered = False
        while time.perf_counter() - start < 60:
            if server.ok(url):
                recovered = True
                break
            time.sleep(0.5)
        ph.figures["recovery_seconds_after_load"] = round(
            time.perf_counter() - start, 2
        )
        ph.check("Odoo answers again without being restarted", recovered, url)
        after_load = self._load(2)
        ph.figures["wrk_after"] = _wrk_summary(after_load)
        ph.check(
            "no error once PostgreSQL is back",
            stats.errors_total(after_load) == 0,
            ph.figures["wrk_after"],
        )
        ph.check("the Odoo master process is the same", server.alive(), server.proc.pid)
        if before:
            after = self.sql_states()
            ph.figures["issued_before"] = before["states"]
            ph.figures["issued_after"] = after["states"]
            ph.check(
                "no issued award lost",
                after["states"] == before["states"],
                (before["states"], after["states"]),
            )

    def fault_kill(self, ph):
        if not self.phases.get("issuing") or self.phases["issuing"].status == "skipped":
            return ph.skip("the awards models are not installed")
        before = self.sql_states()
        before["pending"] = int(
            self.sql(
                "SELECT count(*) FROM mc_enrolment e WHERE e.state IN "
                "('enrolled', 'completed') AND NOT EXISTS "
                "(SELECT 1 FROM mc_award a WHERE a.enrolment_id = e.id)"
            )[0][0]
        )
        before["states"].setdefault("issued", 0)
        ph.figures["pending_before"] = before["pending"]
        if not ph.check("enrolments left for the job", before["pending"] > 0, before):
            return
        batch = max(2, min(20, before["pending"] // 6))
        cmd = [PY, JOB, "-c", self.conf, "-d", self.db, "job", "--batch", str(batch)]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        killed_at = None
        deadline = time.monotonic() + 600
        for line in proc.stdout:
            rows = mcjson(line)
            if rows and rows[0].get("progress", 0) >= 2 * batch:
                # in the middle of the next batch: kill -9, no chance to clean up
                time.sleep(0.3)
                os.killpg(proc.pid, signal.SIGKILL)
                killed_at = rows[0]["progress"]
                break
            if time.monotonic() > deadline:
                break
        proc.wait(timeout=60)
        ph.figures["killed_after_committed"] = killed_at
        ph.figures["batch"] = batch
        ph.check(
            "the job was killed in the middle",
            killed_at is not None and proc.returncode == -signal.SIGKILL,
            proc.returncode,
        )
        # the re-run checks the database first (as left by the kill), then works
        rerun = self.job("job", "--batch", batch, "--check-first")
        mid = rerun["check_first"]
        ph.figures["after_kill"] = mid
        ph.check(
            "no half-issued award after the kill",
            mid["half_issued"] == 0,
            mid.get("examples"),
        )
        ph.check("work was left for the re-run", mid["pending"] > 0, mid["pending"])
        ph.figures["rerun_issued"] = rerun.get("done")
        end = rerun["check"]
        ph.figures["after_rerun"] = end
        ph.check("the re-run completed the rest", end["pending"] == 0, end["pending"])
        ph.check(
            "no half-issued award after the re-run",
            end["half_issued"] == 0,
            end.get("examples"),
        )
        ph.check(
            "every enrolment issued exactly once",
            end["states"]["issued"] == before["states"]["issued"] + before["pending"],
            (before["states"], end["states"]),
        )

    def backup_restore(self, ph):
        have_awards = (
            self.phases.get("issuing") and self.phases["issuing"].status != "skipped"
        )
        revoked, original, issued_paths = [], None, []
        if have_awards:
            res = self.job("revoke", "--n", 3, "--issued", 5)
            revoked = res["tokens"]
            ph.figures["revoked"] = len(revoked)
            original = res["check"]
            issued_paths = [f"/mc/verify/{t}" for t in res["issued_tokens"]]
        backup_dir = self.work / "backup"
        env = dict(os.environ, MC_CONF=self.conf)
        start = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / "scripts" / "backup.sh"),
                "-c",
                self.conf,
                "-d",
                self.db,
                "-o",
                str(backup_dir),
            ],
            check=True,
            env=env,
            timeout=1800,
        )
        ph.figures["backup_seconds"] = round(time.perf_counter() - start, 2)
        ph.figures["backup_mb"] = round(
            sum(f.stat().st_size for f in backup_dir.rglob("*") if f.is_file())
            / 1048576,
            1,
        )
        target = f"{self.db}_restored"
        start = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / "scripts" / "restore.sh"),
                "-c",
                self.conf,
                "-d",
                target,
                "-i",
                str(backup_dir),
            ],
            check=True,
            env=env,
            timeout=1800,
        )
        ph.figures["restore_seconds"] = round(time.perf_counter() - start, 2)
        filestore = Path(self.data_dir) / "filestore"
        src_files = _count_files(filestore / self.db)
        dst_files = _count_files(filestore / target)
        ph.figures["filestore_files"] = [src_files, dst_files]
        ph.check("filestore restored", src_files == dst_files, (src_files, dst_files))
        if not have_awards:
            return
        restored = self.sql(
            "SELECT state, count(*) FROM mc_award GROUP BY state", target
        )
        restored_states = {state: int(n) for state, n in restored}
        expected = {k: v for k, v in original["states"].items() if v}
        ph.check(
            "same awards after restore",
            restored_states == expected,
            (expected, restored_states),
        )
        server = self.start_server(db=target, name="restored", workers=0)
        try:
            for path in issued_paths:
                body = server.get(path)
                ph.check(
                    f"issued credential still verifies ({path[-8:]})",
                    _says_valid(body),
                    _page_summary(body),
                )
            for token in revoked:
                body = server.get(f"/mc/verify/{token}")
                ph.check(
                    f"revoked credential still shows revoked ({token[-8:]})",
                    _says_revoked(body),
                    _page_summary(body),
                )
        finally:
            server.stop()

    # --- the run --------------------------------------------------------------------
    def run(self):
        self.phase("machine", self.machine)
        if self.args.mode == "full":
            self.phase("reference", self.reference)
        self.phase("generate", self.generate)
        self.phase("issuing", self.issuing)
        self.phase("credential_checks", self.credential_checks)
        if self.args.mode == "full":
            self.phase("credentials", self.credentials)
            self.phase("reports", self.reports)
            self.phase("awards_script", self.awards_script)
            self.phase("listtime", self.listtime)
        try:
            self.server = self.start_server()
            self.phase("load", self.load)
            self.phase("soak", self.soak)
            self.phase("fault_pg_restart", self.fault_pg_restart)
        finally:
            for server in self.servers:
                server.stop()
        self.phase("fault_kill", self.fault_kill)
        self.phase("backup_restore", self.backup_restore)
        failed = [n for n, ph in self.phases.items() if ph.status == "failed"]
        results = {
            "mode": self.args.mode,
            "params": self.p,
            "phases": {n: ph.as_dict() for n, ph in self.phases.items()},
            "failed": failed,
        }
        Path(self.args.out).write_text(json.dumps(results, indent=1, default=str))
        if self.args.report:
            import report

            Path(self.args.report).write_text(report.render(results))
            log(f"wrote {self.args.report}")
        log("failed phases: " + (", ".join(failed) or "none"))
        return 1 if failed else 0


def _badge(body):
    """The status badge of the verification page: valid, revoked, suspended, ..."""
    m = re.search(r'class="mc-status mc-status-([a-z]+)"', body)
    return m.group(1) if m else None


def _page_summary(body):
    """What a verification page says, for a failed check: its badge and checks."""
    text = re.sub(r"<[^>]+>", " ", body)
    text = re.sub(r"\s+", " ", text)
    i = text.find("Status list")
    return f"badge={_badge(body)}; " + (
        text[max(0, i - 400) : i + 400] if i >= 0 else text[:600]
    )


def _says_valid(body):
    return _badge(body) == "valid"


def _says_revoked(body):
    return _badge(body) == "revoked"


def _count_files(path):
    return (
        sum(1 for f in Path(path).rglob("*") if f.is_file())
        if Path(path).exists()
        else 0
    )


def _cmd(argv, timeout=60):
    try:
        proc = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (proc.stdout or proc.stderr).strip()


def _raw_ed25519_rate(seconds=1.0):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    msg = b"x" * 64
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        key.sign(msg)
        n += 1
    return n / (time.perf_counter() - start)


def _wrk_summary(res):
    return {
        "requests": res.get("requests"),
        "seconds": res.get("seconds"),
        "rps": res.get("rps"),
        "p50_ms": res.get("percentiles", {}).get(50.0),
        "p95_ms": res.get("percentiles", {}).get(95.0),
        "p99_ms": res.get("percentiles", {}).get(99.0),
        "errors": stats.errors_total(res) if res else None,
        "non_2xx": res.get("non_2xx"),
        "socket_errors": res.get("socket_errors"),
    }


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OdooServer:
    """`odoo --workers 2` on 127.0.0.1, in its own process group."""

    def __init__(self, conf, db, logfile, workers=2):
        self.conf, self.db, self.logfile, self.workers = conf, db, logfile, workers
        self.port = _free_port()
        self.proc = None

    def start(self, timeout=120):
        odoo_bin = shutil.which("odoo")
        cmd = [
            odoo_bin, "-c", self.conf, "-d", self.db, "--db-filter", f"^{self.db}$",
            "--workers", str(self.workers), "--max-cron-threads", "0",
            "--http-interface", "127.0.0.1", "--http-port", str(self.port),
            "--gevent-port", str(_free_port()), "--logfile", str(self.logfile),
            "--limit-time-real", "120", "--log-level", "warn",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ok("/web/health"):
                # a first request per worker loads the registry: warm both up
                for _ in range(2 * self.workers):
                    self.ok("/web/health")
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo stopped while starting: see {self.logfile}")
            time.sleep(0.5)
        raise RuntimeError(
            f"Odoo did not answer within {timeout} s: see {self.logfile}"
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=30):
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as resp:
                return resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code} " + exc.read().decode("utf-8", "replace")

    def ok(self, path):
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as resp:
                return 200 <= resp.status < 300
        except (OSError, urllib.error.URLError):
            return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def workers_rss_mb(self):
        import psutil

        try:
            children = psutil.Process(self.proc.pid).children()
        except psutil.NoSuchProcess:
            return 0.0
        total = 0
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
        return total / 1048576.0

    def wrk(self, path, seconds, threads=2, connections=16, paths_file=None):
        cmd = [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s",
            "--latency", "--timeout", "10s", "-s", LUA, self.url(path),
        ]  # fmt: skip
        env = dict(os.environ, MC_WRK_PATHS=str(paths_file or ""))
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            env=env,
            check=False,
        )
        return stats.parse_wrk_text(proc.stdout)

    def stop(self):
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("full", "fast"), default="full")
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, help="results as JSON")
    parser.add_argument("--report", help="write the Markdown report here")
    parser.add_argument(
        "--small",
        action="store_true",
        help="every phase of the full run on the fast run's data (checks the harness)",
    )
    parser.add_argument("--work", default=tempfile.mkdtemp(prefix="mc-bench-"))
    parser.add_argument(
        "--pg-restart", required=True, help="shell command restarting PostgreSQL"
    )
    args = parser.parse_args(argv)
    return Harness(args).run()


if __name__ == "__main__":
    sys.exit(main())
