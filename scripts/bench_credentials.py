#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credentials signed and verified per second *inside Odoo* (one process, one core).

Run with the Python Odoo runs in, against a database where mc_qualification is
installed (the demo database of `make run`, for instance):

    /opt/odoo18/venv/bin/python scripts/bench_credentials.py \
        -c .local/odoo.conf -d mc_demo [-n 200]

Everything happens in one transaction that is rolled back: the database is left
unchanged. Measured, for N awards of a programme co-awarded by three institutions:

* issue + sign, joint award (one credential, proof set of 3 proofs) through
  ``mc.award._mc_sign_credentials`` (status index allocation included);
* the same for single-institution awards (one proof);
* full verification of a stored credential (shape, every proof, status list
  and its proof, dates) with ``mc_credentials.verify_credential`` and this
  database's keys and status lists, nothing cached;
* the independent check (``_mc_check_credentials``) and the verification page's
  values (``_mc_public_values``) once it has run.
"""

import argparse
import sys
import time
from datetime import date


def _setup(env, n):
    from odoo import Command

    Partner = env["res.partner"]
    unis = Partner.create(
        [
            {
                "name": f"Bench University {c}",
                "is_company": True,
                "is_institution": True,
                "mc_issuer_slug": f"bench-university-{c.lower()}",
            }
            for c in "ABC"
        ]
    )
    unis.action_generate_signing_key()
    partnership = env["mc.partnership"].create(
        {
            "name": "Bench Alliance",
            "code": "BENCH",
            "member_ids": [
                Command.create(
                    {
                        "institution_id": uni.id,
                        "role": "leading" if i == 0 else "partner",
                    }
                )
                for i, uni in enumerate(unis)
            ],
        }
    )
    programme = env["mc.programme"].create(
        {
            "name": "Bench Programme",
            "code": "BENCH1",
            "partnership_id": partnership.id,
            "eqf_level": 6,
            "unit_ids": [
                Command.create(
                    {
                        "name": "Unit 1",
                        "ects": 5,
                        "hours": 125,
                        "institution_id": unis[0].id,
                    }
                )
            ],
        }
    )
    edition = env["mc.edition"].create(
        {
            "name": "Bench",
            "programme_id": programme.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 6, 30),
        }
    )
    learners = Partner.create(
        [
            {
                "name": f"Bench Learner {i}",
                "is_learner": True,
                "email": f"l{i}@bench.test",
            }
            for i in range(2 * n)
        ]
    )
    enrolments = env["mc.enrolment"].create(
        [{"learner_id": learner.id, "edition_id": edition.id} for learner in learners]
    )

    def awards_for(chunk, institutions):
        return env["mc.award"].create(
            [
                {
                    "enrolment_id": enrolment.id,
                    "award_mode": "joint",
                    "award_date": date(2026, 7, 1),
                    "line_ids": [
                        Command.create({"institution_id": inst.id})
                        for inst in institutions
                    ],
                }
                for enrolment in chunk
            ]
        )

    joint = awards_for(enrolments[:n], unis)
    single = awards_for(enrolments[n:], unis[:1])
    return joint, single


def _rate(label, count, seconds, unit="credentials"):
    rate = count / seconds if seconds else float("inf")
    print(f"{label:<58} {rate:9.1f} {unit}/s  ({count} in {seconds:.2f} s)")
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "-n", "--count", type=int, default=200, help="awards per series"
    )
    args = parser.parse_args()

    from mc_credentials import verify_credential

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    results = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(
            cr,
            odoo.SUPERUSER_ID,
            {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
        )
        joint, single = _setup(env, args.count)
        transition = {"mc_award_transition": True}
        for label, awards, proofs in (
            ("issue + sign, joint award (3 proofs per credential)", joint, 3),
            ("issue + sign, single institution (1 proof)", single, 1),
        ):
            awards.with_context(**transition).write({"state": "issued"})
            start = time.perf_counter()
            awards._mc_sign_credentials()
            env.flush_all()
            elapsed = time.perf_counter() - start
            results[label] = _rate(label, len(awards), elapsed)
            _rate("  = proofs", len(awards) * proofs, elapsed, "signatures")
        Award = env["mc.award"]
        for label, awards in (
            ("verify (nothing cached), joint award: 3 proofs + status list", joint),
            ("verify (nothing cached), single institution", single),
        ):
            texts = awards.mapped("credential_json")
            start = time.perf_counter()
            ok = sum(
                verify_credential(
                    text,
                    Award._mc_resolver(),
                    fetch_status_list=Award._mc_status_fetcher(),
                ).ok
                for text in texts
            )
            elapsed = time.perf_counter() - start
            assert ok == len(texts), f"{len(texts) - ok} credentials did not verify"
            results[label] = _rate(label, len(texts), elapsed)
        start = time.perf_counter()
        joint._mc_check_credentials()
        env.flush_all()
        elapsed = time.perf_counter() - start
        assert set(joint.mapped("credential_check_state")) == {"passed"}
        results["independent check"] = _rate(
            "independent check (shape + proofs, stored), joint award",
            len(joint),
            elapsed,
        )
        joint[:1]._mc_public_values()  # the status lists' own proofs, once
        env.invalidate_all()
        start = time.perf_counter()
        for award in joint:
            award._mc_public_values()
        elapsed = time.perf_counter() - start
        results["page values"] = _rate(
            "verification page values (after the check), joint award",
            len(joint),
            elapsed,
            "pages",
        )
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
