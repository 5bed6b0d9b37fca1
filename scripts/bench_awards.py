#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Issue N awards in one batch on an installed database; print awards/s and
SQL queries per award.

    python scripts/bench_awards.py -c odoo.conf -d DB [--count 1000]

(``scripts/bench_awards.sh`` makes the fresh database first.) The fixture is a
joint partnership of two institutions with a 5 ECTS programme of two units; every
learner passed both units, so each award has two awarding institutions, two award
numbers and two classifications. The data is created and committed first; the
timed part is ``mc.award._issue_enrolments()`` on all enrolments, including the
creation of the draft awards and their lines, the checks, the numbering, the
classification, the state change with its chatter tracking, and the commit.
"""

import argparse
import cProfile
import os
import platform
import pstats
import subprocess
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry


def machine_info():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        postgres = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        postgres = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "odoo": odoo.release.version,
        "postgres": postgres,
        "system": platform.platform(),
    }


def make_fixture(env, count):
    stamp = str(int(time.time()))
    partner = env["res.partner"]
    first, second, rector_a, rector_b = partner.create(
        [
            {"name": f"Bench University A {stamp}", "is_institution": True},
            {"name": f"Bench University B {stamp}", "is_institution": True},
            {"name": "Bench Rector A"},
            {"name": "Bench Rector B"},
        ]
    )
    env["mc.signatory"].create(
        [
            {
                "institution_id": first.id,
                "person_id": rector_a.id,
                "function": "rector",
            },
            {
                "institution_id": second.id,
                "person_id": rector_b.id,
                "function": "rector",
            },
        ]
    )
    partnership = env["mc.partnership"].create(
        {
            "name": "Bench Partnership",
            "code": f"BENCH{stamp}",
            "member_ids": [
                Command.create({"institution_id": first.id, "role": "leading"}),
                Command.create({"institution_id": second.id, "role": "partner"}),
            ],
        }
    )
    programme = env["mc.programme"].create(
        {
            "name": "Bench Programme",
            "code": f"BP{stamp}",
            "partnership_id": partnership.id,
            "eqf_level": 6,
            "unit_ids": [
                Command.create(
                    {"name": "Unit 1", "ects": 3.0, "institution_id": first.id}
                ),
                Command.create(
                    {"name": "Unit 2", "ects": 2.0, "institution_id": second.id}
                ),
            ],
        }
    )
    programme.write({"state": "published"})
    for institution, scale in ((first, (10, 14, 16)), (second, (18, 24, 27))):
        env["mc.grade.conversion"].create(
            {
                "name": "Bench scale",
                "institution_id": institution.id,
                "line_ids": [
                    Command.create({"grade": str(grade), "score": score})
                    for grade, score in zip(scale, (50, 70, 80), strict=True)
                ],
            }
        )
    edition = env["mc.edition"].create(
        {
            "name": "Bench Edition",
            "programme_id": programme.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
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
    unit_a, unit_b = programme.unit_ids.sorted("ects", reverse=True)
    env["mc.result"].create(
        [
            {"enrolment_id": enrolment.id, "unit_id": unit.id, "grade": grade}
            for enrolment in enrolments
            for unit, grade in ((unit_a, "16"), (unit_b, "24"))
        ]
    )
    return enrolments


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--profile", action="store_true", help="print the 25 costliest functions"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        enrolment_ids = make_fixture(env, args.count).ids

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        enrolments = env["mc.enrolment"].browse(enrolment_ids)
        queries_before = cr.sql_log_count
        profiler = cProfile.Profile() if args.profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        awards = env["mc.award"]._issue_enrolments(enrolments)
        cr.commit()
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - queries_before
        issued = len(awards.filtered(lambda award: award.state == "issued"))

    info = machine_info()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['system']}")
    print(f"software: Odoo {info['odoo']}, Python {info['python']}, {info['postgres']}")
    print(f"awards issued: {issued} in one batch")
    print(f"time: {elapsed:.2f} s")
    print(f"awards/second: {issued / elapsed:.1f}")
    print(f"SQL queries: {queries} ({queries / issued:.2f} per award)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    if issued != args.count:
        raise SystemExit(f"expected {args.count} issued awards, got {issued}")


if __name__ == "__main__":
    main()
