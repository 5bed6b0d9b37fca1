"""How the harness drives the product's models (the only file that knows their names).

Everything here runs inside an Odoo environment (see odoo_job.py). The names follow
docs/INTERFACES.md. Data is created in batches (one `create` per model and chunk),
with mail tracking and the chatter's creation messages disabled, as an import would.
"""

from __future__ import annotations

import random
from datetime import date

QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
BENCH_PREFIX = "BENCH"


def has(env, model):
    return model in env


def _keep(env, model, vals):
    """Only the values whose field exists: the harness survives renamed extras."""
    fields = env[model]._fields
    return {k: v for k, v in vals.items() if k in fields}


def _chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def missing_models(env):
    needed = ["mc.programme", "mc.enrolment", "mc.award"]
    return [m for m in needed if m not in env]


# --- data generation ------------------------------------------------------------------


def generate(env, institutions=10, programmes=200, learners=10000, enrolments=10000):
    """The registry-scale data set; returns counts of what it created.

    Institutions get a rector (valid signatory) and a signing key; each
    partnership joins three institutions (joint ownership: a joint award signed by
    three institutions, a proof set of three proofs per credential)."""
    env = env(context=dict(env.context, **QUIET))
    rng = random.Random(42)
    Partner = env["res.partner"]
    insts = Partner.create(
        [
            _keep(
                env,
                "res.partner",
                {
                    "name": f"{BENCH_PREFIX} University {i:02d}",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": f"X BENCH{i:02d}",
                    "email": f"registry@uni{i:02d}.example",
                    "website": f"https://uni{i:02d}.example",
                },
            )
            for i in range(institutions)
        ]
    )
    counts = {"institutions": len(insts)}
    if "mc.signatory" in env:
        people = Partner.create([{"name": f"Rector of {inst.name}"} for inst in insts])
        env["mc.signatory"].create(
            [
                {
                    "institution_id": inst.id,
                    "person_id": person.id,
                    "function": "rector",
                    "date_from": date(2020, 1, 1),
                }
                for inst, person in zip(insts, people, strict=True)
            ]
        )
    if hasattr(insts, "action_generate_signing_key"):
        insts.action_generate_signing_key()
    progs = _programmes(env, insts, programmes, rng)
    counts["programmes"] = len(progs)
    learner_ids = []
    for chunk in _chunks(range(learners), 1000):
        recs = Partner.create(
            [
                _keep(
                    env,
                    "res.partner",
                    {
                        "name": f"Learner {i:05d} {BENCH_PREFIX}",
                        "is_learner": True,
                        "email": f"learner{i:05d}@student.example",
                    },
                )
                for i in chunk
            ]
        )
        learner_ids.extend(recs.ids)
    counts["learners"] = len(learner_ids)
    counts["enrolments"] = _enrolments(env, progs, learner_ids[:enrolments], rng)
    return counts


def _programmes(env, insts, n, rng):
    if "mc.programme" not in env:
        return env["res.partner"].browse()
    size = min(3, len(insts))
    partnerships = env["mc.partnership"].create(
        [
            _keep(
                env,
                "mc.partnership",
                {
                    "name": f"{BENCH_PREFIX} Alliance {k:02d}",
                    "code": f"BENCH{k:02d}",
                    "ownership_model": "joint",
                    "member_ids": [
                        (
                            0,
                            0,
                            {
                                "institution_id": insts[(k + j) % len(insts)].id,
                                "role": "leading" if j == 0 else "partner",
                            },
                        )
                        for j in range(size)
                    ],
                },
            )
            for k in range(len(insts))
        ]
    )
    qtype = env.ref(
        "mc_qualification.mc_qualification_type_cmf", raise_if_not_found=False
    )
    vals = []
    for i in range(n):
        partnership = partnerships[i % len(partnerships)]
        members = partnership.member_ids.institution_id
        units = [
            (
                0,
                0,
                _keep(
                    env,
                    "mc.programme.unit",
                    {
                        "name": f"Unit {u + 1} of programme {i:03d}",
                        "code": f"B{i:03d}U{u + 1}",
                        "ects": ects,
                        "hours": int(ects * 27),
                        "eqf_level": 6,
                        "institution_id": members[u % len(members)].id,
                        "mandatory": True,
                        "supervision_mode": "supervised_id",
                    },
                ),
            )
            for u, ects in enumerate((3.0, 2.0))
        ]
        vals.append(
            _keep(
                env,
                "mc.programme",
                {
                    "name": f"{BENCH_PREFIX} Programme {i:03d}",
                    "code": f"BENCH-{i:03d}",
                    "partnership_id": partnership.id,
                    "eqf_level": 6,
                    "qualification_type_id": qtype.id if qtype else False,
                    "unit_ids": units,
                    "delivery_method": "online",
                },
            )
        )
    progs = env["mc.programme"].create(vals)
    # published as a registry would after approval (the approval workflow itself is
    # not what is measured here)
    progs.write({"state": "published"})
    return progs


def _enrolments(env, progs, learner_ids, rng):
    if not progs or "mc.enrolment" not in env:
        return 0
    editions = env["mc.edition"].create(
        [
            {
                "programme_id": p.id,
                "name": f"{p.code} 2026",
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 6, 30),
            }
            for p in progs
        ]
    )
    created = 0
    for chunk in _chunks(learner_ids, 1000):
        enrols = env["mc.enrolment"].create(
            [
                {
                    "learner_id": learner_id,
                    "edition_id": editions[(created + k) % len(editions)].id,
                    "state": "enrolled",
                }
                for k, learner_id in enumerate(chunk)
            ]
        )
        env["mc.result"].create(
            [
                _keep(
                    env,
                    "mc.result",
                    {
                        "enrolment_id": enrolment.id,
                        "unit_id": unit.id,
                        "grade": rng.choice(["A", "B", "C"]),
                        "passed": True,
                        "date": date(2026, 6, 15),
                    },
                )
                for enrolment in enrols
                for unit in enrolment.programme_id.unit_ids
            ]
        )
        created += len(enrols)
        env.flush_all()
        env.invalidate_all()
    return created


# --- issuing --------------------------------------------------------------------------


def pending_enrolments(env, limit=None):
    """Enrolments (enrolled or completed) that have no award yet."""
    return env["mc.enrolment"].search(
        [("state", "in", ("enrolled", "completed")), ("award_ids", "=", False)],
        limit=limit,
        order="id",
    )


def issue(env, enrolments):
    """Create and issue the awards of `enrolments` in one batch (the bulk issuing
    path of the product); returns the awards."""
    env = env(context=dict(env.context, **QUIET))
    return env["mc.award"]._issue_enrolments(enrolments.with_env(env))


def half_issued(env, awards=None):
    """Issued awards missing a part of their issue: number, signed credential,
    status-list entry or verification token. Returns {award id: [what is missing]}."""
    Award = env["mc.award"]
    if awards is None:
        awards = Award.search([("state", "in", ("issued", "suspended", "revoked"))])
    fields = Award._fields
    problems = {}
    for award in awards.filtered(lambda a: a.state != "draft"):
        missing = []
        if not award.line_ids or not all(award.line_ids.mapped("award_number")):
            missing.append("award number")
        if "credential_json" in fields and not (
            award.credential_json or all(award.line_ids.mapped("credential_json"))
        ):
            missing.append("signed credential")
        if "status_entry_ids" in fields and not award.status_entry_ids:
            missing.append("status-list entry")
        if not award.verification_token:
            missing.append("verification token")
        if missing:
            problems[award.id] = missing
    return problems


def issued_tokens(env, limit=200, state="issued"):
    awards = env["mc.award"].search([("state", "=", state)], limit=limit, order="id")
    return awards.mapped("verification_token")


def revoke(env, awards, reason="Benchmark: revoked to test backups"):
    """Revoke as the registry manager would through the reason wizard."""
    awards._revoke(reason)
    return awards
