#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: seconds per certificate PDF against Odoo's simplest report.

Renders COUNT joint certificates (two universities, two pages, logos, signatures and
QR code) one PDF per wkhtmltopdf call, and COUNT times Odoo's own simplest report
(``web.action_report_internalpreview``: one line of text in the internal layout), in
the same process and database, and prints the median seconds of each and their
ratio (target: a certificate costs at most 2x the simplest report).

Nothing is stored: the fixture and the PDFs live in one transaction that is rolled
back; ``report_pdf_no_attachment`` makes every certificate a real rendering.

Run it with the Python of Odoo 18, on a database where mc_qualification is installed
(it is installed, without demo data, when missing), for instance with the throwaway
cluster of ``make test``::

    python3 scripts/bench_reports.py -c /path/odoo.conf -d mc_bench \\
        [--count 20] [--output docs/BENCHMARKS-reports.md]

wkhtmltopdf loads the report stylesheets over HTTP, so the script serves Odoo on a
free loopback port while it runs.
"""

import argparse
import datetime
import os
import platform
import socket
import statistics
import subprocess
import sys
import time

CERTIFICATE = "mc_qualification.action_report_mc_certificate"
BASELINE = "web.action_report_internalpreview"
MODULE_REFERENCE = "base.ir_module_reference_print"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--output", help="write the figures to this Markdown file")
    parser.add_argument(
        "--previews",
        metavar="DIR",
        help="also write PNG previews (pdftoppm -r 60) of a two-sided joint "
        "certificate, a bilingual one and a supplement into DIR",
    )
    return parser.parse_args()


def start_odoo(args, port):
    import odoo
    from odoo.tools import config

    config.parse_config(
        ["-c", args.config, "-d", args.database, "--http-port", str(port)]
    )
    config["without_demo"] = "all"
    odoo.service.server.load_server_wide_modules()
    installed = False
    if odoo.service.db.exp_db_exist(args.database):
        with odoo.sql_db.db_connect(args.database).cursor() as cr:
            cr.execute("SELECT 1 FROM pg_tables WHERE tablename = 'ir_module_module'")
            if cr.fetchone():
                cr.execute(
                    "SELECT 1 FROM ir_module_module"
                    " WHERE name = 'mc_qualification' AND state = 'installed'"
                )
                installed = bool(cr.fetchone())
    else:
        odoo.service.db._create_empty_database(args.database)
    if not installed:
        config["init"] = {"base": 1, "mc_qualification": 1}
    registry = odoo.modules.registry.Registry.new(
        args.database, update_module=not installed
    )
    config["init"] = {}
    server = odoo.service.server.ThreadedServer(odoo.http.root)
    server.http_spawn()
    odoo.service.server.server = server
    return registry


def build_awards(env, count):
    """COUNT issued joint awards of two universities (the two-sided certificate),
    built with the fixture of the report tests."""
    from odoo.addons.mc_qualification.tests.test_reports_common import (
        ReportsFixtureMixin,
    )

    class Fixture(ReportsFixtureMixin):
        pass

    Fixture.env = env
    Fixture._setup_reports_fixture()
    institutions = Fixture.uni_ie | Fixture.uni_fr
    partnership = Fixture._create_partnership(institutions, "BENCH")
    programme = Fixture._create_programme(
        partnership, "BENCH", "Climate Data Literacy", "Maîtrise des données"
    )
    Fixture._publish(programme)
    edition = Fixture._create_edition(programme, "Benchmark edition")
    learners = Fixture._create_learners(count, lang="fr_FR")
    grades = [str(10 + index % 10) for index in range(count)]
    enrolments = Fixture._enrol_with_results(edition, learners, grades)
    return Fixture._issue(enrolments, "joint", institutions)


def timed(reports, report_ref, res_ids):
    start = time.perf_counter()
    pdf, report_type = reports._render_qweb_pdf(report_ref, res_ids)
    elapsed = time.perf_counter() - start
    assert report_type == "pdf" and pdf.startswith(b"%PDF"), report_ref
    return elapsed


def run(args):
    import odoo

    port = free_port()
    registry = start_odoo(args, port)
    base_url = f"http://127.0.0.1:{port}"
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("web.base.url", base_url)
        env["ir.config_parameter"].set_param("report.url", base_url)
        cr.commit()
        awards = build_awards(env, args.count)
        reports = env["ir.actions.report"].with_context(report_pdf_no_attachment=True)
        company = env.company
        web_module = env["ir.module.module"].search([("name", "=", "web")])
        # Warm-up: asset bundles, compiled templates, wkhtmltopdf page cache.
        timed(reports, CERTIFICATE, awards[:1].ids)
        timed(reports, BASELINE, company.ids)
        timed(reports, MODULE_REFERENCE, web_module.ids)
        certificate, baseline, module_reference = [], [], []
        # Interleaved, so that a busy machine slows both alike.
        for award in awards:
            certificate.append(timed(reports, CERTIFICATE, award.ids))
            baseline.append(timed(reports, BASELINE, company.ids))
            module_reference.append(timed(reports, MODULE_REFERENCE, web_module.ids))
        if args.previews:
            write_previews(env, awards[0], args.previews)
        cr.rollback()
    return {
        "certificate": statistics.median(certificate),
        "baseline": statistics.median(baseline),
        "module_reference": statistics.median(module_reference),
        "certificate_all": certificate,
        "baseline_all": baseline,
    }


def write_previews(env, award, directory):
    """PNG previews for the README, rasterised from real PDFs (PDFs not kept)."""
    import tempfile

    os.makedirs(directory, exist_ok=True)
    reports = env["ir.actions.report"].with_context(report_pdf_no_attachment=True)
    documents = [
        ("certificate-joint", CERTIFICATE, "institution"),
        ("certificate-bilingual", CERTIFICATE, "bilingual"),
        ("supplement", "mc_qualification.action_report_mc_supplement", "institution"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, report_ref, mode in documents:
            pdf, _report_type = reports.with_context(
                mc_document_mode=mode
            )._render_qweb_pdf(report_ref, award.ids)
            path = os.path.join(tmp, f"{name}.pdf")
            with open(path, "wb") as handle:
                handle.write(pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", path, os.path.join(directory, name)],
                check=True,
            )
    for name in sorted(os.listdir(directory)):
        size = os.path.getsize(os.path.join(directory, name))
        print(f"preview {name}: {size // 1024} KB")


def wkhtmltopdf_version():
    try:
        out = subprocess.run(
            ["wkhtmltopdf", "--version"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return "not found"
    return out.strip()


def write_markdown(path, figures, count):
    ratio = figures["certificate"] / figures["baseline"]
    verdict = "meets" if ratio <= 2 else "misses"
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs shared with other jobs"
    rows = [
        (
            "Joint certificate, two universities "
            "(2 pages, 2 logos, 2 signatures, QR code)",
            figures["certificate"],
        ),
        (
            f"Odoo's simplest report: `{BASELINE}` (1 line, internal layout)",
            figures["baseline"],
        ),
        (
            f"For reference: `{MODULE_REFERENCE}` (module `web`)",
            figures["module_reference"],
        ),
    ]
    lines = [
        "# Benchmark: certificate PDF against Odoo's simplest report",
        "",
        f"Measured by `scripts/bench_reports.py` on {datetime.date.today()}",
        f"({machine}; {wkhtmltopdf_version()}).",
        "",
        f"Median seconds per PDF over {count} documents, one wkhtmltopdf call each,",
        "rendered alternately in the same process and database; nothing stored",
        "(`report_pdf_no_attachment`), so every certificate is a full rendering.",
        "",
        "| Report | Median s/PDF |",
        "|---|---|",
        *(f"| {label} | {value:.3f} |" for label, value in rows),
        "",
        f"**Ratio certificate / simplest report: {ratio:.2f}×** — {verdict} the "
        "target (≤ 2×).",
        "",
        "Almost all of the time is wkhtmltopdf itself (process start, Qt WebKit",
        "layout, stylesheets fetched over HTTP). Odoo makes every wkhtmltopdf",
        "call wait `report.print_delay` (1 s by default) for the script that",
        "fills headers and footers; the certificate has no header, footer or",
        "script (Debian's wkhtmltopdf ignores them anyway), so it runs with",
        "`--javascript-delay 0`: that second is why it is cheaper than the",
        "simplest report despite its QR code (generated in Python), base64 logos",
        "and signatures and second page. A stored certificate is not rendered",
        "again: the download reads the attachment (`attachment_use`).",
        "",
        "Reproduce (see the script's docstring):",
        "",
        "    python3 scripts/bench_reports.py -c <odoo.conf> -d <database> \\",
        "        --output docs/BENCHMARKS-reports.md --previews docs/img",
        "",
    ]
    text = "\n".join(lines)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def main():
    args = parse_args()
    figures = run(args)
    ratio = figures["certificate"] / figures["baseline"]
    print(f"certificate median: {figures['certificate']:.3f} s/PDF")
    print(f"simplest report median ({BASELINE}): {figures['baseline']:.3f} s/PDF")
    print(f"module reference median: {figures['module_reference']:.3f} s/PDF")
    print(f"ratio: {ratio:.2f}x (target <= 2x)")
    if args.output:
        write_markdown(args.output, figures, args.count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
