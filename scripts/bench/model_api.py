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
    """The registry-scale data set; returns counts of what it created."""
    env = env(context=dict(env.context, **QUIET))
    rng = random.Random(42)
    Partner = env["res.partner"]
    inst_vals = [
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
    insts = Partner.create(inst_vals)
    counts = {"institutions": len(insts)}
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
    partnership = False
    if "mc.partnership" in env:
        partnership = env["mc.partnership"].create(
            _keep(
                env,
                "mc.partnership",
                {
                    "name": f"{BENCH_PREFIX} Alliance",
                    "code": "BENCH",
                    "ownership_model": "joint",
                    "member_ids": [
                        (
                            0,
                            0,
                            {
                                "institution_id": inst.id,
                                "role": "leading" if k == 0 else "partner",
                            },
                        )
                        for k, inst in enumerate(insts)
                    ],
                },
            )
        )
    qtype = env["mc.qualification.type"].search([], limit=1) if (
        "mc.qualification.type" in env
    ) else False
    vals = []
    for i in range(n):
        lead, partner = insts[i % len(insts)], insts[(i + 1) % len(insts)]
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
                        "ects": 2.5,
                        "hours": 60,
                        "eqf_level": 6,
                        "institution_id": (lead if u == 0 else partner).id,
                        "mandatory": True,
                    },
                ),
            )
            for u in range(2)
        ]
        vals.append(
            _keep(
                env,
                "mc.programme",
                {
                    "name": f"{BENCH_PREFIX} Programme {i:03d}",
                    "code": f"BENCH-{i:03d}",
                    "partnership_id": partnership.id if partnership else False,
                    "eqf_level": 6,
                    "qualification_type_id": qtype.id if qtype else False,
                    "unit_ids": units,
                    "delivery_method": "online",
                },
            )
        )
    progs = env["mc.programme"].create(vals)
    _publish(progs)
    return progs


def _publish(progs):
    """Published programmes; through the product's actions when they exist."""
    for method in ("action_submit", "action_publish"):
        todo = progs.filtered(lambda p: p.state != "published")
        if todo and hasattr(todo, method):
            getattr(todo, method)()
    rest = progs.filtered(lambda p: p.state != "published")
    if rest:
        rest.write({"state": "published"})


def _enrolments(env, progs, learner_ids, rng):
    if not progs or "mc.enrolment" not in env:
        return 0
    editions = {}
    if "mc.edition" in env:
        eds = env["mc.edition"].create(
            [
                _keep(
                    env,
                    "mc.edition",
                    {
                        "programme_id": p.id,
                        "name": "2025",
                        "date_start": date(2025, 1, 1),
                        "date_end": date(2025, 6, 30),
                        "seats": 1000,
                    },
                )
                for p in progs
            ]
        )
        editions = {e.programme_id.id: e for e in eds}
    created = 0
    for chunk in _chunks(learner_ids, 500):
        vals = []
        for k, learner_id in enumerate(chunk):
            prog = progs[(created + k) % len(progs)]
            results = [
                (
                    0,
                    0,
                    _keep(
                        env,
                        "mc.result",
                        {
                            "unit_id": unit.id,
                            "grade": rng.choice(["A", "B", "C"]),
                            "passed": True,
                            "ects_earned": unit.ects,
                            "institution_id": unit.institution_id.id,
                            "date": date(2025, 6, 15),
                        },
                    ),
                )
                for unit in prog.unit_ids
            ]
            vals.append(
                _keep(
                    env,
                    "mc.enrolment",
                    {
                        "learner_id": learner_id,
                        "programme_id": prog.id,
                        "edition_id": editions[prog.id].id if prog.id in editions else False,
                        "state": "enrolled",
                        "result_ids": results,
                    },
                )
            )
        enrols = env["mc.enrolment"].create(vals)
        if hasattr(enrols, "action_complete"):
            enrols.action_complete()
        else:
            enrols.write({"state": "completed"})
        created += len(enrols)
        env.flush_all()
        env.invalidate_all()
    return created


# --- issuing --------------------------------------------------------------------------


def pending_enrolments(env, limit=None):
    """Completed enrolments of the bench data set that have no award yet."""
    Enrolment = env["mc.enrolment"]
    domain = [("state", "=", "completed")]
    if "award_ids" in Enrolment._fields:
        domain.append(("award_ids", "=", False))
    return Enrolment.search(domain, limit=limit, order="id")


def issue(env, enrolments):
    """Create and issue the awards of `enrolments` in one batch; returns the awards."""
    env = env(context=dict(env.context, **QUIET))
    enrolments = enrolments.with_env(env)
    if hasattr(enrolments, "action_create_awards"):
        awards = enrolments.action_create_awards()
        if isinstance(awards, dict):
            awards = env["mc.award"].search([("enrolment_id", "in", enrolments.ids)])
    else:
        awards = env["mc.award"].create(
            [
                _keep(
                    env,
                    "mc.award",
                    {
                        "learner_id": e.learner_id.id,
                        "programme_id": e.programme_id.id,
                        "enrolment_id": e.id,
                        "award_mode": "joint",
                    },
                )
                for e in enrolments
            ]
        )
    awards.filtered(lambda a: a.state == "draft").action_issue()
    return awards


def half_issued(env, awards=None):
    """Issued awards missing a part of their issue: number, signed credential or
    status-list entry. Returns {award id: [what is missing]}."""
    Award = env["mc.award"]
    if awards is None:
        awards = Award.search([("state", "in", ("issued", "suspended", "revoked"))])
    problems = {}
    fields = Award._fields
    for award in awards:
        missing = []
        if "line_ids" in fields:
            if not award.line_ids or not all(award.line_ids.mapped("award_number")):
                missing.append("award number")
        elif "award_number" in fields and not award.award_number:
            missing.append("award number")
        if "credential_json" in fields and not award.credential_json:
            missing.append("signed credential")
        status_field = next(
            (
                f
                for f in ("status_list_index", "status_index", "status_entry_id")
                if f in fields
            ),
            None,
        )
        if status_field and not award[status_field] and award[status_field] != 0:
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
    """Revoke through the product's wizard-free method when there is one."""
    for method in ("_revoke", "_do_revoke", "action_revoke_confirm"):
        if hasattr(awards, method):
            getattr(awards, method)(reason)
            return awards
    action = awards.action_revoke()
    if isinstance(action, dict) and action.get("res_model"):
        ctx = dict(action.get("context") or {})
        ctx.update(active_ids=awards.ids, active_model="mc.award", active_id=awards[:1].id)
        wizard_model = env[action["res_model"]].with_context(**ctx)
        vals = _keep(env, action["res_model"], {"reason": reason, "revocation_reason": reason})
        wizard = wizard_model.create(vals)
        for confirm in ("action_confirm", "action_revoke", "action_apply"):
            if hasattr(wizard, confirm):
                getattr(wizard, confirm)()
                break
    return awards
