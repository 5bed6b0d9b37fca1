"""Jobs the harness runs inside Odoo, each in its own process (so that its peak
memory is its own, and so that it can be killed): run with Odoo's Python.

    python odoo_job.py -c odoo.conf -d DB generate --learners 10000 ...
    python odoo_job.py -c odoo.conf -d DB issue --size 1000 [--rollback]
    python odoo_job.py -c odoo.conf -d DB job --batch 20        # bulk issuing job
    python odoo_job.py -c odoo.conf -d DB check                 # half-issued awards
    ...

Each prints its figures as one `MCJSON {...}` line on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import model_api


def emit(**data):
    sys.stdout.write("MCJSON " + json.dumps(data, default=str) + "\n")
    sys.stdout.flush()


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mb():
    import psutil

    return psutil.Process().memory_info().rss / 1048576.0


def open_env(conf, db):
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"], setup_logging=True)
    registry = odoo.modules.registry.Registry(db)
    return odoo, registry


def with_env(args, fn):
    odoo, registry = open_env(args.conf, args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return fn(env, cr)


# --- jobs -----------------------------------------------------------------------------


def job_generate(args):
    def run(env, cr):
        missing = model_api.missing_models(env)
        start = time.perf_counter()
        counts = model_api.generate(
            env,
            institutions=args.institutions,
            programmes=args.programmes,
            learners=args.learners,
            enrolments=args.enrolments,
        )
        env.flush_all()
        cr.commit()
        seconds = time.perf_counter() - start
        emit(job="generate", seconds=seconds, counts=counts, missing_models=missing)

    with_env(args, run)


def job_issue(args):
    """Bulk issues of `size` awards (or of each of `sizes`, all rolled back but the
    last one), timed, with their SQL query counts."""
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [args.size]

    def run(env, cr):
        missing = model_api.missing_models(env)
        if missing:
            emit(job="issue", skipped=f"models missing: {missing}")
            return
        if args.core:
            # "before documents and signatures": the awards part alone, without the
            # _post_issue extensions (credentials, documents, CPD) of this process
            env.registry["mc.award"]._post_issue = lambda self, awards: awards
        for k, size in enumerate(sizes):
            rollback = args.rollback or k < len(sizes) - 1
            enrolments = model_api.pending_enrolments(env, limit=size)
            env.flush_all()
            env.invalidate_all()
            rss_before = rss_mb()
            queries_before = cr.sql_log_count
            start = time.perf_counter()
            awards = model_api.issue(env, enrolments)
            env.flush_all()
            seconds = time.perf_counter() - start
            queries = cr.sql_log_count - queries_before
            issued = len(awards.filtered(lambda a: a.state == "issued"))
            problems = model_api.half_issued(env, awards)
            if rollback:
                cr.rollback()
                env.invalidate_all()
            else:
                cr.commit()
            emit(
                job="issue",
                size=len(enrolments),
                issued=issued,
                seconds=seconds,
                queries=queries,
                rss_before_mb=rss_before,
                maxrss_mb=maxrss_mb(),
                half_issued=len(problems),
                committed=not rollback,
                core=bool(args.core),
            )

    with_env(args, run)


def job_bulk(args):
    """The bulk issuing job: everything pending, `batch` awards per transaction.

    A crash (kill -9) loses at most the batch in progress, which PostgreSQL rolls
    back as a whole: no award is ever half-issued. Running the job again issues the
    rest."""
    odoo, registry = open_env(args.conf, args.db)
    total = 0
    check_first = None
    if args.check_first:
        with registry.cursor() as cr:
            check_first = _check(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))
    while True:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            enrolments = model_api.pending_enrolments(env, limit=args.batch)
            if not enrolments:
                break
            model_api.issue(env, enrolments)
            env.flush_all()
            cr.commit()
            total += len(enrolments)
            emit(job="bulk", progress=total)
        if args.limit and total >= args.limit:
            break
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        check = _check(env)
    emit(
        job="bulk",
        done=total,
        maxrss_mb=maxrss_mb(),
        check=check,
        check_first=check_first,
    )


def _check(env):
    Award = env["mc.award"]
    states = {
        s: Award.search_count([("state", "=", s)])
        for s in ("draft", "issued", "suspended", "revoked")
    }
    problems = model_api.half_issued(env)
    return {
        "job": "check",
        "states": states,
        "half_issued": len(problems),
        "examples": {str(k): v for k, v in list(problems.items())[:5]},
        "pending": len(model_api.pending_enrolments(env)),
    }


def job_check(args):
    def run(env, cr):
        if "mc.award" not in env:
            emit(job="check", skipped="mc.award missing")
            return
        emit(**_check(env))

    with_env(args, run)


def job_tokens(args):
    def run(env, cr):
        emit(job="tokens", tokens=model_api.issued_tokens(env, args.limit, args.state))

    with_env(args, run)


def job_revoke(args):
    def run(env, cr):
        awards = env["mc.award"].search(
            [("state", "=", "issued")], limit=args.n, order="id desc"
        )
        model_api.revoke(env, awards)
        env.flush_all()
        cr.commit()
        awards.invalidate_recordset()
        emit(
            job="revoke",
            tokens=awards.mapped("verification_token"),
            states=awards.mapped("state"),
            issued_tokens=model_api.issued_tokens(env, args.issued),
            check=_check(env),
        )

    with_env(args, run)


def job_checkcreds(args):
    """The independent check of stored credentials (the background job after
    issuing), on one shard of the awards (id modulo shards), committing batches."""

    def run(env, cr):
        Award = env["mc.award"]
        if "credential_check_state" not in Award._fields:
            emit(job="checkcreds", skipped="no independent check in this version")
            return
        cr.execute(
            "SELECT id FROM mc_award WHERE credential_check_state = 'pending' "
            "AND credential_json IS NOT NULL AND id %% %s = %s ORDER BY id",
            (args.shards, args.shard),
        )
        ids = [row[0] for row in cr.fetchall()]
        start = time.perf_counter()
        for i in range(0, len(ids), args.batch):
            Award.browse(ids[i : i + args.batch])._mc_check_credentials()
            env.flush_all()
            cr.commit()
            env.invalidate_all()
        seconds = time.perf_counter() - start
        cr.execute(
            "SELECT credential_check_state, count(*) FROM mc_award "
            "WHERE id %% %s = %s AND credential_json IS NOT NULL GROUP BY 1",
            (args.shards, args.shard),
        )
        emit(
            job="checkcreds",
            checked=len(ids),
            seconds=seconds,
            states={str(state): n for state, n in cr.fetchall()},
        )

    with_env(args, run)


def _list_spec(env, model):
    """The fields the web client asks for when it opens the model's list view."""
    from lxml import etree

    arch = env[model].get_views([(False, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        name = node.get("name")
        field = env[model]._fields.get(name)
        if not field:
            continue
        spec[name] = (
            {"fields": {"display_name": {}}} if field.type == "many2one" else {}
        )
    return spec


def _timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return sorted(times)[len(times) // 2]


def job_listtime(args):
    """Opening the awards list as a registry officer: filtered, then grouped."""

    def run(env, cr):
        from odoo.tests.common import new_test_user

        user = env["res.users"].search([("login", "=", "bench_officer")])
        if not user:
            user = new_test_user(
                env,
                login="bench_officer",
                groups="mc_qualification.mc_qualification_group_officer",
                context=model_api.QUIET,
            )
            cr.commit()
        uenv = env(user=user)
        out = {"job": "listtime"}
        # reference: the contacts list (Odoo core), same user, same protocol
        partner_spec = _list_spec(uenv, "res.partner")
        out["reference_partner_list_ms"] = _timed(
            lambda: uenv["res.partner"].web_search_read(
                [("is_company", "=", False)], partner_spec, limit=80
            ),
            args.repeat,
        )
        if "mc.award" in env:
            spec = _list_spec(uenv, "mc.award")
            domain = [("state", "=", "issued")]
            out["awards"] = env["mc.award"].search_count([])
            out["award_list_filtered_ms"] = _timed(
                lambda: uenv["mc.award"].web_search_read(domain, spec, limit=80),
                args.repeat,
            )
            out["award_list_grouped_ms"] = _timed(
                lambda: uenv["mc.award"].web_read_group(
                    domain, ["programme_id"], ["programme_id"], limit=80
                ),
                args.repeat,
            )
        emit(**out)

    with_env(args, run)


def job_reference(args):
    """References measured in the same run: an ORM batch create of 1,000 contacts
    (rolled back) and the PDF of Odoo's simplest report."""

    def run(env, cr):
        Partner = env["res.partner"].with_context(**model_api.QUIET)
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            Partner.create([{"name": f"Ref {i}"} for i in range(1000)])
            env.flush_all()
            timings.append((time.perf_counter() - start) * 1000.0 / 1000)
            cr.rollback()
            env.invalidate_all()
        out = {"job": "reference", "partner_create_ms": sorted(timings)[1]}
        report = env.ref("base.ir_module_reference_print", raise_if_not_found=False)
        if report:
            module = env["ir.module.module"].search([("name", "=", "base")])
            env["ir.actions.report"]._render_qweb_pdf(report.report_name, module.ids)
            start = time.perf_counter()
            for _ in range(args.repeat):
                env["ir.actions.report"]._render_qweb_pdf(
                    report.report_name, module.ids
                )
            out["simple_pdf_seconds"] = (time.perf_counter() - start) / args.repeat
        emit(**out)

    with_env(args, run)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--conf", required=True)
    parser.add_argument("-d", "--db", required=True)
    sub = parser.add_subparsers(dest="job", required=True)
    p = sub.add_parser("generate")
    p.add_argument("--institutions", type=int, default=10)
    p.add_argument("--programmes", type=int, default=200)
    p.add_argument("--learners", type=int, default=10000)
    p.add_argument("--enrolments", type=int, default=10000)
    p = sub.add_parser("issue")
    p.add_argument("--size", type=int)
    p.add_argument("--sizes", help="comma-separated sizes, in one process")
    p.add_argument("--core", action="store_true", help="without _post_issue hooks")
    p.add_argument("--rollback", action="store_true")
    p = sub.add_parser("job")
    p.add_argument("--batch", type=int, default=20)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--check-first", action="store_true")
    sub.add_parser("check")
    p = sub.add_parser("tokens")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--state", default="issued")
    p = sub.add_parser("revoke")
    p.add_argument("--n", type=int, default=5)
    p.add_argument("--issued", type=int, default=5, help="issued tokens to return")
    p = sub.add_parser("checkcreds")
    p.add_argument("--shard", type=int, default=0)
    p.add_argument("--shards", type=int, default=1)
    p.add_argument("--batch", type=int, default=200)
    p = sub.add_parser("listtime")
    p.add_argument("--repeat", type=int, default=5)
    p = sub.add_parser("reference")
    p.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    jobs = {
        "generate": job_generate,
        "issue": job_issue,
        "job": job_bulk,
        "check": job_check,
        "tokens": job_tokens,
        "revoke": job_revoke,
        "listtime": job_listtime,
        "checkcreds": job_checkcreds,
        "reference": job_reference,
    }
    jobs[args.job](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
