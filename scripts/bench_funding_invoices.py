#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Invoice N funded places of one funding agreement; print the time, places/s
and SQL queries per place.

    python scripts/bench_funding_invoices.py -c odoo.conf -d DB [--count 1000]

Run it on a database where mc_professional is installed (a throwaway one: the
fixture is committed). The fixture is one programme edition with a fee of
1,000 per place and one funding agreement whose fee is shared by the funder
(70 %) and an employer (30 %); N learners hold a place each. The timed part is
``mc.funding.agreement.action_create_invoices()``: the checks, the fee split,
two draft customer invoices (funder, employer) of N lines each, through Odoo's
own ``account.move`` create, and the commit. Posting them is timed apart.
"""

import argparse
import os
import platform
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry


def machine_info():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            cpu = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                cpu,
            )
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load": os.getloadavg()[0],
        "python": platform.python_version(),
        "odoo": odoo.release.version,
        "system": platform.platform(),
    }


def make_fixture(env, count):
    stamp = str(int(time.time()))
    if not env.company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company=env.company, install_demo=False
        )
    partner = env["res.partner"]
    institution = partner.create(
        {"name": f"Bench University {stamp}", "is_institution": True}
    )
    partnership = env["mc.partnership"].create(
        {
            "name": "Bench Partnership",
            "code": f"BENCH{stamp}",
            "member_ids": [
                Command.create({"institution_id": institution.id, "role": "leading"})
            ],
        }
    )
    programme = env["mc.programme"].create(
        {
            "name": "Bench Programme",
            "code": f"BP{stamp}",
            "partnership_id": partnership.id,
            "unit_ids": [
                Command.create(
                    {"name": "Unit 1", "ects": 5.0, "institution_id": institution.id}
                )
            ],
        }
    )
    edition = env["mc.edition"].create(
        {
            "name": "Bench Edition",
            "programme_id": programme.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
            "fee_amount": 1000.0,
            "fee_currency_id": env.company.currency_id.id,
        }
    )
    learners = partner.create(
        [{"name": f"Bench Learner {i}", "is_learner": True} for i in range(count)]
    )
    enrolments = env["mc.enrolment"].create(
        [
            {"learner_id": learner.id, "edition_id": edition.id, "state": "enrolled"}
            for learner in learners
        ]
    )
    funder_partner, employer = partner.create(
        [
            {"name": f"Bench Fund {stamp}", "is_company": True},
            {"name": f"Bench Employer {stamp}", "is_company": True},
        ]
    )
    funder = env["mc.funder"].create({"partner_id": funder_partner.id})
    agreement = env["mc.funding.agreement"].create(
        {
            "name": f"BENCH-{stamp}",
            "funder_id": funder.id,
            "edition_id": edition.id,
            "places": count,
            "amount_per_place": 700.0,
            "date_from": date(2026, 1, 1),
            "date_to": date(2026, 12, 31),
            "share_ids": [
                Command.create({"payer": "funder", "percent": 70}),
                Command.create(
                    {"payer": "employer", "partner_id": employer.id, "percent": 30}
                ),
            ],
        }
    )
    agreement.action_activate()
    agreement._allocate(enrolments, date=date(2026, 2, 1))
    return agreement


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        agreement_id = make_fixture(env, args.count).id

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        agreement = env["mc.funding.agreement"].browse(agreement_id)
        queries_before = cr.sql_log_count
        start = time.perf_counter()
        cpu_start = time.process_time()
        invoices = agreement.action_create_invoices(date_to=date(2026, 12, 31))
        cr.commit()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        queries = cr.sql_log_count - queries_before
        lines = len(invoices.invoice_line_ids)
        start = time.perf_counter()
        invoices.action_post()
        cr.commit()
        posting = time.perf_counter() - start

    info = machine_info()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['system']}")
    print(f"load average (1 min) at the end: {info['load']:.1f}")
    print(f"software: Odoo {info['odoo']}, Python {info['python']}")
    print(f"places invoiced: {args.count} ({len(invoices)} invoices, {lines} lines)")
    print(f"time: {elapsed:.2f} s ({args.count / elapsed:.1f} places/s)")
    # On a shared machine the wall time includes waiting for a core: the CPU
    # time of the Odoo process (PostgreSQL's own excluded) says what it cost.
    print(f"CPU time of the Odoo process: {cpu:.2f} s")
    print(f"SQL queries: {queries} ({queries / args.count:.2f} per place)")
    print(f"posting the invoices: {posting:.2f} s")
    if lines != 2 * args.count:
        raise SystemExit(f"expected {2 * args.count} invoice lines, got {lines}")


if __name__ == "__main__":
    main()
