#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: import ROWS result rows through Odoo's standard import.

Builds a programme of five units, ROWS / 5 learners each with a student number
and an enrolment, then imports ROWS result rows (student number, institution
code, unit code, grade, date, ECTS, supervision) as a CSV file with
``base_import.import.execute_import``, in batches of BATCH rows as the import
dialog does (its progress bar advances per batch): first the test run, then the
real import. Prints the seconds of each. Everything is rolled back at the end.

Run it with the Python of Odoo 18 on a database where mc_qualification is
installed::

    python3 scripts/bench_import.py -c /path/odoo.conf -d DB [--rows 10000]
"""

import argparse
import time

import odoo
from odoo import Command, api

OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "float_decimal_separator": ".",
    "float_thousand_separator": ",",
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "tracking_disable": True,
}
HEADER = (
    "Student Number,Institution Code,Unit Code,Grade,Assessment Date,"
    "ECTS Earned,Supervision and Identity Verification\n"
)


def fixture(env, learners_count):
    Partner = env["res.partner"]
    uni = Partner.create(
        {
            "name": "Bench University",
            "is_institution": True,
            "erasmus_code": "X BENCH01",
        }
    )
    partnership = env["mc.partnership"].create(
        {
            "name": "Bench Alliance",
            "code": "BENCH",
            "member_ids": [
                Command.create({"institution_id": uni.id, "role": "leading"})
            ],
        }
    )
    programme = env["mc.programme"].create(
        {
            "name": "Bench Programme",
            "code": "BENCHP",
            "partnership_id": partnership.id,
            "eqf_level": 6,
            "unit_ids": [
                Command.create({"name": f"Unit {i}", "code": f"BU{i}", "ects": 1.0})
                for i in range(5)
            ],
        }
    )
    env["mc.grade.conversion"].create(
        {
            "name": "Bench scale",
            "institution_id": uni.id,
            "line_ids": [
                Command.create({"grade": g, "score": s, "passed": s >= 50})
                for g, s in (("8", 40), ("10", 50), ("14", 70), ("16", 80))
            ],
        }
    )
    edition = env["mc.edition"].create(
        {
            "name": "Bench 2026",
            "code": "BENCH-2026",
            "programme_id": programme.id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
        }
    )
    learners = Partner.create(
        [
            {
                "name": f"Bench Learner {i}",
                "is_learner": True,
                "student_identifier_ids": [
                    Command.create(
                        {"institution_id": uni.id, "identifier": f"S{i:06d}"}
                    )
                ],
            }
            for i in range(learners_count)
        ]
    )
    env["mc.enrolment"].create(
        [
            {"learner_id": learner.id, "edition_id": edition.id, "state": "enrolled"}
            for learner in learners
        ]
    )
    return programme


def run(env, csv_text, rows, batch, dryrun):
    wizard = env["base_import.import"].create(
        {
            "res_model": "mc.result",
            "file": csv_text.encode(),
            "file_type": "text/csv",
            "file_name": "results.csv",
        }
    )
    preview = wizard.parse_preview(dict(OPTIONS))
    fields = ["/".join(preview["matches"][i]) for i in range(len(preview["headers"]))]
    start = time.perf_counter()
    skip, ids, errors = 0, 0, 0
    while skip < rows:
        options = dict(OPTIONS, skip=skip, limit=batch)
        result = wizard.execute_import(fields, preview["headers"], options, dryrun)
        errors += sum(1 for m in result["messages"] if m["type"] == "error")
        ids += len(result["ids"] or [])
        skip = result.get("nextrow") or rows
        print(f"  {'test' if dryrun else 'import'}: {skip}/{rows} rows", flush=True)
    return time.perf_counter() - start, ids, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        fixture(env, args.rows // 5)
        lines = [
            f"S{i // 5:06d},X BENCH01,BU{i % 5},{('10', '14', '16')[i % 3]},"
            f"2026-06-15,1,Supervised, no identity verification\n"
            for i in range(args.rows)
        ]
        csv_text = HEADER + "".join(
            line.replace("Supervised, no", '"Supervised, no').replace(
                "verification\n", 'verification"\n'
            )
            for line in lines
        )
        env.flush_all()
        for dryrun in (True, False):
            seconds, ids, errors = run(env, csv_text, args.rows, args.batch, dryrun)
            label = "test run" if dryrun else "import"
            print(
                f"{label}: {args.rows} rows in {seconds:.1f} s "
                f"({ids} rows saved, {errors} errors)"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
