"""Public routes served by a streaming replica, under wrk (issue #19's figures).

Run by `scripts/replica_drill.sh --bench [--seconds N] [--out F]`: the drill's
topology (primary + synchronous streaming replica on loopback, Odoo with
db_replica_host), then, each for N seconds of `wrk -t2 -c16` on 127.0.0.1:

* /web/health and the verification pages (cycling through the issued awards) with
  `odoo --workers 2`: p95 of the page next to /web/health's (target <= 1.5x);
* the verification pages with `--workers 1`: throughput of 2 processes vs 1;
* conditional GETs of a status list (If-None-Match: its ETag, answered 304) per
  second, next to /web/health.

The figures go to --out (JSON, with the drill's steps) and to stdout as a table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replica_drill

LUA = replica_drill.ROOT / "scripts" / "bench" / "report.lua"
AWARDS = 200


class ReplicaBench(replica_drill.Drill):
    figures: dict

    def wrk(self, path, paths_file=None, headers=()):
        cmd = ["wrk", "-t2", "-c16", f"-d{self.args.seconds}s", "--latency"]
        cmd += ["--timeout", "10s", "-s", str(LUA)]
        for header in headers:
            cmd += ["-H", header]
        cmd.append(f"http://127.0.0.1:{self.args.http_port}{path}")
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=self.args.seconds + 60,
            check=False,
            env=dict(os.environ, MC_WRK_PATHS=str(paths_file or "")),
        )
        line = next(x for x in proc.stdout.splitlines() if x.startswith("MCJSON "))
        res = json.loads(line[7:])
        seconds = res["duration_us"] / 1e6
        errors = sum(res["errors"].values())
        return {
            "requests": res["requests"],
            "rps": round(res["requests"] / seconds, 1),
            "p50_ms": round(res["latency_us"]["50"] / 1000, 2),
            "p95_ms": round(res["latency_us"]["95"] / 1000, 2),
            "p99_ms": round(res["latency_us"]["99"] / 1000, 2),
            "non_2xx": res["non_2xx"],
            "errors": errors,
        }

    def run_drill(self):
        a = self.args
        conf = Path(a.conf)
        if not self.prepare(learners=AWARDS):
            return
        size_sql = f"SELECT pg_database_size('{replica_drill.DB}')"
        size_before = int(self.psql(a.primary_port, size_sql))
        issued = self.job(conf, "issue", sizes=[AWARDS])
        self.psql(a.primary_port, "CHECKPOINT")
        size_after = int(self.psql(a.primary_port, size_sql))
        tokens = self.tokens()
        self.step("awards issued", issued["issued"] == AWARDS, len(tokens))
        # the independent check that follows issuing (the page then shows its
        # stored result, as in production), before the load
        checked = self.job(conf, "checkcreds", shards=1, shard=0)
        self.step(
            "independent check of the credentials", not checked.get("skipped"), checked
        )
        self.step("replica replayed the awards", self.wait_replayed())
        paths_file = self.work / "verify-paths.txt"
        paths_file.write_text("".join(f"/mc/verify/{t}\n" for t in tokens))
        status_path = self.public_paths(tokens[0])["status list"]
        replica_conf = self.replica_conf()
        figures = self.figures = {
            "awards": len(tokens),
            "seconds": a.seconds,
            "db_bytes_per_award": round((size_after - size_before) / AWARDS),
        }

        self.start_odoo(replica_conf, "bench-w2", workers=2)
        _status, headers, body = self.get(status_path)
        etag = headers["ETag"]
        figures["status_list_bytes"] = len(body.encode())
        figures["health_w2"] = self.wrk("/web/health")
        figures["verify_w2"] = self.wrk("/", paths_file=paths_file)
        figures["status_304_w2"] = self.wrk(
            status_path, headers=[f"If-None-Match: {etag}"]
        )
        figures["status_200_w2"] = self.wrk(status_path)
        self.step("Odoo reads from the replica", self.replica_connections() > 0)
        self.stop_odoo()
        self.start_odoo(replica_conf, "bench-w1", workers=1)
        figures["verify_w1"] = self.wrk("/", paths_file=paths_file)
        self.stop_odoo()

        health, verify = figures["health_w2"], figures["verify_w2"]
        conditional = figures["status_304_w2"]
        figures["ratio_p95_verify_health"] = round(
            verify["p95_ms"] / health["p95_ms"], 2
        )
        figures["ratio_rps_w2_w1"] = round(
            verify["rps"] / figures["verify_w1"]["rps"], 2
        )
        figures["ratio_rps_304_health"] = round(conditional["rps"] / health["rps"], 2)
        for name in ("health_w2", "verify_w2", "verify_w1", "status_200_w2"):
            res = figures[name]
            self.step(
                f"{name}: no error", not res["errors"] and not res["non_2xx"], res
            )
        self.step(
            "status_304_w2: every answer a 304",
            conditional["non_2xx"] == conditional["requests"]
            and not conditional["errors"],
            conditional,
        )
        print(table(figures), flush=True)

    def save(self):
        data = {"steps": self.steps, "figures": getattr(self, "figures", {})}
        Path(self.args.out).write_text(json.dumps(data, indent=1))


def table(f):
    rows = [
        ("`/web/health`, 2 workers (reference)", f["health_w2"]),
        ("verification page via the replica, 2 workers", f["verify_w2"]),
        ("verification page via the replica, 1 worker", f["verify_w1"]),
        ("status list, conditional GET (304), 2 workers", f["status_304_w2"]),
        ("status list, full GET (200), 2 workers", f["status_200_w2"]),
    ]
    out = [
        "| target | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, r in rows:
        out.append(
            f"| {label} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
            f"| {r['errors']} |"
        )
    out.append("")
    out.append(
        f"verification page p95 ÷ /web/health p95: {f['ratio_p95_verify_health']}× "
        f"(target ≤ 1.5×); 2 workers ÷ 1 worker throughput: {f['ratio_rps_w2_w1']}×; "
        f"304s per second ÷ /web/health req/s: {f['ratio_rps_304_health']}×"
    )
    out.append(
        f"database growth per issued award: {f['db_bytes_per_award']} bytes; "
        f"one status list credential: {f['status_list_bytes']} bytes"
    )
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(replica_drill.main(drill_class=ReplicaBench))
