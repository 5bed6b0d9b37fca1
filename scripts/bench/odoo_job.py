"""Jobs the bench runs inside Odoo, each in a process of its own (its peak memory is
its own, and it can be killed); run with Odoo's Python:

    python odoo_job.py odoo.conf DB JOB '{"sizes": [100, 1000], ...}'

A job is a function `job_<name>(env, p)`: `p` is the run's parameters (harness.py
FULL or FAST) with the caller's own on top; the figures it returns are printed as
one `MCJSON {...}` line on stdout (a job may print more, e.g. its progress). The
data comes from fixtures.py. Jobs that measure roll back unless they say otherwise.
"""

import json
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures
import stats

CERTIFICATE = "mc_qualification.action_report_mc_certificate"
SIMPLEST = "web.action_report_internalpreview"
MODULE_REFERENCE = "base.ir_module_reference_print"


def emit(**data):
    sys.stdout.write("MCJSON " + json.dumps(data, default=str) + "\n")
    sys.stdout.flush()


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


# --- jobs ------------------------------------------------------------------------


def job_generate(env, p):
    """The data set, committed; fault_reserve more learners and enrolments are left
    for the kill -9 drill's bulk issuing job."""
    start, extra = time.perf_counter(), p["fault_reserve"]
    sizes = [p[k] for k in ("institutions", "programmes", "learners", "enrolments")]
    counts = fixtures.generate(env, *sizes[:2], sizes[2] + extra, sizes[3] + extra)
    env.cr.commit()
    return {"seconds": time.perf_counter() - start, "counts": counts}


def job_issue(env, p):
    """Bulk issues of each size, timed with their SQL query counts; all rolled back
    but the last one (unless `rollback`). `core`: without the _post_issue hooks."""
    sizes, cr = p["sizes"], env.cr
    if p.get("core"):  # the awards part alone, before documents and signatures
        env.registry["mc.award"]._post_issue = lambda self, awards: awards
    for k, size in enumerate(sizes):
        rollback = p.get("rollback") or k < len(sizes) - 1
        enrolments = fixtures.pending_enrolments(env, limit=size)
        env.flush_all()
        env.invalidate_all()
        rss_before = maxrss_mb() if k == 0 else None
        queries = cr.sql_log_count
        start = time.perf_counter()
        awards = fixtures.issue(env, enrolments)
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        # the job's peak, before the checks below read every document back
        peak = maxrss_mb()
        env.invalidate_all()
        issued = len(awards.filtered(lambda a: a.state == "issued"))
        half = len(fixtures.half_issued(env, awards))
        sealed = "edc_json" in awards._fields and len(awards.filtered("edc_json"))
        cr.rollback() if rollback else cr.commit()
        env.invalidate_all()
        emit(size=len(enrolments), issued=issued, seconds=seconds, queries=queries,
             rss_before_mb=rss_before, maxrss_mb=peak,
             half_issued=half, sealed_edcs=sealed)  # fmt: skip


def job_bulk(env, p):
    """The bulk issuing job: everything pending, `batch` awards per transaction.
    A kill -9 loses at most the batch in progress, which PostgreSQL rolls back as a
    whole: no award is ever half-issued; running the job again issues the rest."""
    first = fixtures.check(env) if p.get("check_first") else None
    env.cr.commit()
    total = 0
    while enrolments := fixtures.pending_enrolments(env, limit=p["batch"]):
        fixtures.issue(env, enrolments)
        env.flush_all()
        env.cr.commit()
        env.invalidate_all()
        total += len(enrolments)
        emit(progress=total)
    return {"done": total, "check": fixtures.check(env), "check_first": first}


def job_revoke(env, p):
    """Revoke the latest `n` issued awards (committed), as the reason wizard does."""
    Award = env["mc.award"]
    awards = Award.search([("state", "=", "issued")], limit=p["n"], order="id desc")
    awards._revoke("Benchmark: revoked to test backups")
    env.flush_all()
    env.cr.commit()
    issued = Award.search([("state", "=", "issued")], limit=p["issued"], order="id")
    return {"tokens": awards.mapped("verification_token"), "check": fixtures.check(env),
            "issued_tokens": issued.mapped("verification_token")}  # fmt: skip


def job_checkcreds(env, p):
    """The independent check of stored credentials (the cron job after issuing) on
    one shard of the awards (id modulo shards), committing batches."""
    Award, cr = env["mc.award"], env.cr
    if "credential_check_state" not in Award._fields:
        return {"skipped": "no independent check in this version"}
    shard = "id %% %s = %s AND credential_json IS NOT NULL"
    cr.execute(
        f"SELECT id FROM mc_award WHERE credential_check_state = 'pending' AND {shard}"
        " ORDER BY id",
        (p["shards"], p["shard"]),
    )
    ids = [row[0] for row in cr.fetchall()]
    start = time.perf_counter()
    for chunk in fixtures.chunks(ids, 200):
        Award.browse(chunk)._mc_check_credentials()
        env.flush_all()
        cr.commit()
        env.invalidate_all()
    seconds = time.perf_counter() - start
    cr.execute(
        "SELECT credential_check_state, count(*) FROM mc_award"
        f" WHERE {shard} GROUP BY 1",
        (p["shards"], p["shard"]),
    )
    return {"checked": len(ids), "seconds": seconds, "states": dict(cr.fetchall())}


def _median_ms(fn, repeat):
    return statistics.median(timed(fn) for _ in range(repeat)) * 1000.0


def _list_spec(env, model):
    """The fields the web client asks for when it opens the model's list view."""
    from lxml import etree

    arch = env[model].get_views([(False, "list")])["views"]["list"]["arch"]
    fields = env[model]._fields
    return {
        n.get("name"): {"fields": {"display_name": {}}}
        if fields[n.get("name")].type == "many2one"
        else {}
        for n in etree.fromstring(arch).iter("field")
        if n.get("name") in fields
    }


def job_listtime(env, p):
    """Opening the awards list as a registry officer: filtered, then grouped;
    the contacts list (Odoo core) with the same user is the reference."""
    from odoo.tests.common import new_test_user

    group = "mc_qualification.mc_qualification_group_officer"
    user = env["res.users"].search([("login", "=", "bench_officer")]) or (
        new_test_user(env, "bench_officer", group, context=fixtures.QUIET)
    )
    uenv = env(user=user)
    partners, awards = uenv["res.partner"], uenv["mc.award"]
    spec, pspec = _list_spec(uenv, "mc.award"), _list_spec(uenv, "res.partner")
    domain = [("state", "=", "issued")]
    people, group_by, r = [("is_company", "=", False)], ["programme_id"], p["repeat"]
    return dict(
        awards=awards.search_count([]),
        reference_partner_list_ms=_median_ms(
            lambda: partners.web_search_read(people, pspec, limit=80), r),
        award_list_filtered_ms=_median_ms(
            lambda: awards.web_search_read(domain, spec, limit=80), r),
        award_list_grouped_ms=_median_ms(
            lambda: awards.web_read_group(domain, group_by, group_by, limit=80), r),
    )  # fmt: skip


def job_reference(env, p):
    """References of the same run: an ORM batch create of 1,000 contacts (rolled
    back) and the PDF of Odoo's module-reference report."""
    Partner = env["res.partner"].with_context(**fixtures.QUIET)
    per_partner = []
    for _ in range(3):
        vals = [{"name": f"Ref {i}"} for i in range(1000)]
        per_partner.append(timed(lambda v=vals: (Partner.create(v), env.flush_all())))
        env.cr.rollback()
        env.invalidate_all()
    base = env["ir.module.module"].search([("name", "=", "base")]).ids
    render = env["ir.actions.report"]._render_qweb_pdf
    render(MODULE_REFERENCE, base)  # warm-up
    pdf = statistics.mean(
        timed(render, MODULE_REFERENCE, base) for _ in range(p["repeat"])
    )
    env.cr.rollback()
    return {"partner_create_ms": statistics.median(per_partner),
            "simple_pdf_seconds": pdf}  # fmt: skip


def job_reports(env, p):
    """Seconds per certificate PDF (issued joint awards of the data set: logos,
    signatures, QR code) against Odoo's simplest report and the module reference,
    rendered alternately, one wkhtmltopdf call each, nothing stored. wkhtmltopdf
    loads the stylesheets over HTTP: Odoo serves on a free loopback port meanwhile."""
    base_url = _serve()
    params = env["ir.config_parameter"]
    params.set_param("web.base.url", base_url)
    params.set_param("report.url", base_url)
    env.cr.commit()
    awards = env["mc.award"].search([("state", "=", "issued")], limit=p["pdfs"])
    reports = env["ir.actions.report"].with_context(report_pdf_no_attachment=True)
    render = reports._render_qweb_pdf
    web = env["ir.module.module"].search([("name", "=", "web")]).ids
    targets = {"certificate": (CERTIFICATE, None),
               "simplest": (SIMPLEST, env.company.ids),
               "module_reference": (MODULE_REFERENCE, web)}  # fmt: skip
    times = {name: [] for name in targets}
    for k, award in enumerate(awards[:1] + awards):  # the first round warms up
        for name, (ref, ids) in targets.items():
            seconds = timed(render, ref, ids or award.ids)
            if k:
                times[name].append(seconds)
    medians = {f"{n}_median_seconds": statistics.median(t) for n, t in times.items()}
    ratio = medians["certificate_median_seconds"] / medians["simplest_median_seconds"]
    env.cr.rollback()
    return {"count": len(awards), "ratio": ratio, **medians}


def job_result_import(env, p):
    """#17: the test run, then the import, of `import_rows` result rows through
    Odoo's standard import, 2,000 rows at a time as the dialog runs them."""
    rows, csv_text = fixtures.import_rows(env, p["import_rows"])
    wizard = fixtures.quiet(env)["base_import.import"].create({
        "res_model": "mc.result", "file": csv_text.encode(),
        "file_type": "text/csv", "file_name": "results.csv"})  # fmt: skip
    preview, fields = rows.preview(wizard)
    out = {"rows": p["import_rows"], "unmapped": fields.count(False)}
    for name, dryrun in (("test_run", True), ("import", False)):
        start = time.perf_counter()
        ids, errors = rows.execute(wizard, preview["headers"], fields, dryrun, 2000)
        out.update({f"{name}_seconds": time.perf_counter() - start,
                    f"{name}_errors": [e["message"] for e in errors][:5]})  # fmt: skip
    out["imported"] = env["mc.result"].search_count([("id", "in", ids)])
    return out


def job_recognition(env, p):
    """#18: recognition of a cohort's prior awards (issued and independently
    checked earlier, as in production) with their verification."""
    awards, enrolments = fixtures.stacking_cohort(env, p["recognition"])
    env.flush_all()
    env.invalidate_all()
    start = time.perf_counter()
    enrolments.action_recognise_prior_awards()
    env.flush_all()
    seconds = time.perf_counter() - start
    states = enrolments.recognition_ids.mapped("state")
    done = states.count("recognised")
    return {"cohort": len(enrolments), "seconds": seconds, "recognised": done,
            "other": len(states) - done,
            "results": len(enrolments.result_ids)}  # fmt: skip


def job_invoicing(env, p):
    """#20: the invoices of a funding agreement's `places` places (two payers),
    through Odoo's own account.move create; then their posting."""
    agreement = fixtures.funding_agreement(env, p["places"])
    env.flush_all()
    queries, cpu = env.cr.sql_log_count, time.process_time()
    start = time.perf_counter()
    invoices = agreement.action_create_invoices(date_to=date(2026, 12, 31))
    env.flush_all()
    seconds = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries
    out = {"places": p["places"], "seconds": seconds, "invoices": len(invoices),
           "cpu_seconds": time.process_time() - cpu, "queries_per_place":
           queries / p["places"], "lines": len(invoices.invoice_line_ids)}  # fmt: skip
    out["posting_seconds"] = timed(lambda: (invoices.action_post(), env.flush_all()))
    return out


def _serve():
    import odoo

    odoo.service.server.load_server_wide_modules()
    odoo.tools.config["http_port"] = port = stats.free_port()
    server = odoo.service.server.ThreadedServer(odoo.http.root)
    server.http_spawn()
    odoo.service.server.server = server
    return f"http://127.0.0.1:{port}"


def main(conf, db, job, params="{}"):
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    with odoo.modules.registry.Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if missing := fixtures.missing_models(env):
            return emit(skipped=f"the models are not installed: {missing}")
        figures = globals()[f"job_{job}"](env, json.loads(params))
        env.cr.rollback()  # what a job commits, it commits itself
        if figures is not None:
            emit(**figures)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
