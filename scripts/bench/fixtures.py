"""The bench's one fixture module: the data every phase measures on, and how the
bench drives the product's models (the only file that knows their names).

Everything here runs inside an Odoo environment (see odoo_job.py). Names follow
docs/INTERFACES.md. Data is created in batches (one `create` per model and chunk),
mail tracking and chatter creation messages off, as an import would. A new phase
that needs data of its own adds one function here, building on `generate`'s
records (named with PREFIX) and on `make`, `new_learners` and `enrol`.
"""

import base64
import io
import random
from datetime import date

from odoo import Command

QUIET = dict.fromkeys(("tracking_disable", "mail_create_nolog", "mail_notrack",
                       "mail_create_nosubscribe", "no_reset_password"),
                      True)  # fmt: skip
PREFIX = "BENCH"
NEEDED = ("mc.programme", "mc.enrolment", "mc.award")


def quiet(env):
    return env(context=dict(env.context, **QUIET))


def keep(env, model, vals):
    """Only the values whose field exists: the bench survives renamed extras."""
    return {k: v for k, v in vals.items() if k in env[model]._fields}


def chunks(seq, size=1000):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def missing_models(env):
    return [m for m in NEEDED if m not in env]


def _png(rgb, size=(240, 120)):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, rgb).save(buf, "PNG")
    return base64.b64encode(buf.getvalue())


# --- the data set ---------------------------------------------------------------


def make(env, model, rows):
    """One batch `create` of `rows`, keeping only the fields the model has."""
    return quiet(env)[model].create([keep(env, model, row) for row in rows])


def generate(env, institutions=10, programmes=200, learners=10000, enrolments=10000):
    """Institutions (logo, rector with a signature, signing key), three-institution
    joint partnerships, published programmes of two units, one edition each, and
    learners enrolled with passed results. Returns counts of what it created."""
    countries = [env.ref(f"base.{c}").id for c in ("be", "nl", "fr", "es", "it", "de")]
    insts = make(env, "res.partner", [
        {"name": f"{PREFIX} University {i:02d}", "is_company": True,
         "country_id": countries[i % len(countries)],
         "is_institution": True, "erasmus_code": f"X BENCH{i:02d}",
         "email": f"registry@uni{i:02d}.example", "image_1920": _png((0, 60, 20 * i)),
         "website": f"https://uni{i:02d}.example"}
        for i in range(institutions)
    ])  # fmt: skip
    people = make(env, "res.partner", [{"name": f"Rector of {u.name}"} for u in insts])
    make(env, "mc.signatory", [
        {"institution_id": inst.id, "person_id": person.id, "function": "rector",
         "date_from": date(2020, 1, 1), "signature": _png((20, 20, 20), (300, 80))}
        for inst, person in zip(insts, people, strict=True)
    ])  # fmt: skip
    if hasattr(insts, "action_generate_signing_key"):
        insts.action_generate_signing_key()
    if "mc.seal.certificate" in env:  # sealed EDCs (issue #16): labelled TEST seals
        env["mc.seal.certificate"]._mc_generate_test(insts)
    editions = _editions(env, _programmes(env, _partnerships(env, insts), programmes))
    learner_ids = new_learners(env, learners).ids
    done = enrol(env, editions, learner_ids[:enrolments], random.Random(42))
    return {"institutions": len(insts), "programmes": len(editions),
            "learners": len(learner_ids), "enrolments": done}  # fmt: skip


def _partnerships(env, insts, size=3):
    n = len(insts)
    return make(env, "mc.partnership", [
        {"name": f"{PREFIX} Alliance {k:02d}", "code": f"BENCH{k:02d}",
         "ownership_model": "joint",
         "member_ids": [Command.create({"institution_id": insts[(k + j) % n].id,
                                        "role": "partner" if j else "leading"})
                        for j in range(min(size, n))]}
        for k in range(n)
    ])  # fmt: skip


def _programmes(env, partnerships, n):
    qtype = env.ref("mc_qualification.mc_qualification_type_cmf", False)
    rows = []
    for i in range(n):
        partnership = partnerships[i % len(partnerships)]
        members = partnership.member_ids.institution_id
        units = [Command.create(keep(env, "mc.programme.unit", {
            "name": f"Unit {u + 1} of programme {i:03d}", "code": f"B{i:03d}U{u + 1}",
            "ects": ects, "hours": int(ects * 27), "eqf_level": 6, "mandatory": True,
            "institution_id": members[u % len(members)].id,
            "supervision_mode": "supervised_id"}))
            for u, ects in enumerate((3.0, 2.0))]  # fmt: skip
        rows.append({
            "name": f"{PREFIX} Programme {i:03d}", "code": f"BENCH-{i:03d}",
            "partnership_id": partnership.id, "eqf_level": 6, "unit_ids": units,
            "qualification_type_id": qtype.id if qtype else False,
            "delivery_method": "online"})  # fmt: skip
    progs = make(env, "mc.programme", rows)
    # published as a registry would after approval (the workflow is not measured)
    progs.write({"state": "published"})
    return progs


def _editions(env, progs):
    return make(env, "mc.edition", [
        {"programme_id": p.id, "name": f"{p.code} 2026",
         "date_start": date(2026, 1, 1), "date_end": date(2026, 6, 30)}
        for p in progs
    ])  # fmt: skip


def new_learners(env, n):
    ids = []
    for chunk in chunks(range(n)):
        ids += make(env, "res.partner", [
            {"name": f"Learner {i:05d} {PREFIX}", "is_learner": True,
             "email": f"learner{i:05d}@student.example"}
            for i in chunk
        ]).ids  # fmt: skip
    return env["res.partner"].browse(ids)


def enrol(env, editions, learner_ids, rng):
    """Enrol the learners round-robin in the editions, with passed results."""
    done = 0
    for chunk in chunks(learner_ids):
        enrols = make(env, "mc.enrolment", [
            {"learner_id": lid, "state": "enrolled",
             "edition_id": editions[(done + k) % len(editions)].id}
            for k, lid in enumerate(chunk)
        ])  # fmt: skip
        make(env, "mc.result", [
            {"enrolment_id": e.id, "unit_id": unit.id, "passed": True,
             "grade": rng.choice("ABC"), "date": date(2026, 6, 15)}
            for e in enrols for unit in e.programme_id.unit_ids
        ])  # fmt: skip
        done += len(enrols)
        env.flush_all()
        env.invalidate_all()
    return done


# --- issuing ---------------------------------------------------------------------


def pending_enrolments(env, limit=None):
    """Enrolments (enrolled or completed) that have no award yet."""
    domain = [("state", "in", ("enrolled", "completed")), ("award_ids", "=", False)]
    return env["mc.enrolment"].search(domain, limit=limit, order="id")


def issue(env, enrolments):
    """The product's bulk issuing path on `enrolments`; returns the awards."""
    env = quiet(env)
    return env["mc.award"]._issue_enrolments(enrolments.with_env(env))


def half_issued(env, awards=None):
    """Issued awards missing a part of their issue: award number, signed credential,
    status-list entry or verification token. Returns {award id: [what is missing]}."""
    Award = env["mc.award"]
    if awards is None:
        awards = Award.search([("state", "in", ("issued", "suspended", "revoked"))])
    unsigned = "credential_json" not in Award._fields  # before the credential part
    unlisted = "status_entry_ids" not in Award._fields
    unsealed = "edc_json" not in Award._fields  # without mc_edc
    problems = {}
    for a in awards.filtered(lambda a: a.state != "draft"):
        lines = a.line_ids
        parts = {
            "award number": lines and all(lines.mapped("award_number")),
            "signed credential": unsigned or a.credential_json
            or all(lines.mapped("credential_json")),
            "status-list entry": unlisted or a.status_entry_ids,
            "sealed EDC": unsealed or a.edc_json or all(lines.mapped("edc_json")),
            "verification token": a.verification_token,
        }  # fmt: skip
        if missing := [what for what, ok in parts.items() if not ok]:
            problems[a.id] = missing
    return problems


def check(env):
    """Awards per state, half-issued awards and pending enrolments."""
    states = ("draft", "issued", "suspended", "revoked")
    count = env["mc.award"].search_count
    problems = half_issued(env)
    return {"states": {s: count([("state", "=", s)]) for s in states},
            "half_issued": len(problems), "pending": len(pending_enrolments(env)),
            "examples": {str(k): v for k, v in list(problems.items())[:5]}}  # fmt: skip


# --- one feature each: import (#17), recognition (#18), invoicing (#20) -------------


def _programme(env, code, institution, units, partnership=None):
    """A programme of `units` [(code, ects)] at one institution, and its edition."""
    partnership = partnership or make(env, "mc.partnership", [{
        "name": f"{PREFIX} {code} partnership", "code": f"{code}P",
        "member_ids": [Command.create({"institution_id": institution.id,
                                       "role": "leading"})]}])  # fmt: skip
    programme = make(env, "mc.programme", [{
        "name": f"{PREFIX} {code}", "code": code, "partnership_id": partnership.id,
        "eqf_level": 6, "unit_ids": [Command.create({
            "name": f"Unit {unit}", "code": unit, "ects": ects, "hours": int(ects * 27),
            "institution_id": institution.id}) for unit, ects in units]}])  # fmt: skip
    edition = make(env, "mc.edition", [{
        "name": f"{code} 2026", "code": f"{code}-2026", "programme_id": programme.id,
        "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31)}])  # fmt: skip
    return programme, edition


def import_rows(env, n):
    """The result file of the import template (the rows the import tests build,
    odoo.addons.mc_qualification.tests.import_rows) for `n` results: five units,
    n / 5 learners with a student number, each enrolled."""
    from odoo.addons.mc_qualification.tests import import_rows as rows

    uni = make(env, "res.partner", [{"name": f"{PREFIX} Import University",
               "is_institution": True, "erasmus_code": "X IMPORT01"}])  # fmt: skip
    units = [(f"IU{k}", 1.0) for k in range(5)]
    _programme_, edition = _programme(env, "IMPORT", uni, units)
    make(env, "mc.grade.conversion", [{"name": "Import scale", "institution_id": uni.id,
        "line_ids": [Command.create({"grade": g, "score": v, "passed": v >= 50})
            for g, v in (("8", 40), ("10", 50), ("14", 70), ("16", 80))]}])  # fmt: skip
    learners = make(env, "res.partner", [{
        "name": f"Import learner {i}", "is_learner": True,
        "student_identifier_ids": [Command.create({"institution_id": uni.id,
                                                   "identifier": f"S{i:06d}"})]}
        for i in range(n // 5)])  # fmt: skip
    make(env, "mc.enrolment", [{"learner_id": learner.id, "edition_id": edition.id,
         "state": "enrolled"} for learner in learners])  # fmt: skip
    env.flush_all()
    supervision = "Supervised, no identity verification"
    return rows, rows.results_csv(
        (f"S{i // 5:06d}", "X IMPORT01", f"IU{i % 5}", ("10", "14", "16")[i % 3],
         "2026-06-15", "1", supervision) for i in range(n))  # fmt: skip


def stacking_cohort(env, n):
    """A micro-degree that the programmes of `n` issued awards stack into (one
    5 ECTS unit covered by each), and their learners enrolled in it."""
    awards = env["mc.award"].search([("state", "=", "issued")], limit=n, order="id")
    sources = awards.programme_id
    inst = sources[:1].partnership_id.member_ids[:1].institution_id
    degree, edition = _programme(env, "STACK", inst, [("SU1", 5.0), ("SU2", 10.0)],
                                 sources[:1].partnership_id)  # fmt: skip
    qtype = env.ref("mc_qualification.mc_qualification_type_micro_degree_ug", False)
    degree.qualification_type_id = qtype
    # the rules a registry sets before it publishes (the workflow is not measured)
    before_publishing = env(context=dict(env.context, mc_programme_creating=True))
    make(before_publishing, "mc.programme.stacking", [
        keep(env, "mc.programme.stacking", {
            "programme_id": p.id, "target_programme_id": degree.id,
            "credit_validity_months": 60, "target_unit_ids": [Command.set(
                degree.unit_ids.filtered(lambda u: u.code == "SU1").ids)]})
        for p in sources])  # fmt: skip
    degree.write({"state": "published"})
    return awards, make(env, "mc.enrolment", [
        {"learner_id": lid, "edition_id": edition.id, "state": "enrolled"}
        for lid in awards.learner_id.ids])  # fmt: skip


def funding_agreement(env, places):
    """A funding agreement of `places` places on an edition with a fee of 1,000,
    shared by the funder (70 %) and an employer (30 %), every place allocated."""
    if not env.company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company=env.company, install_demo=False)  # fmt: skip
    uni = make(env, "res.partner", [{"name": f"{PREFIX} Funded University",
                                     "is_institution": True}])  # fmt: skip
    _programme_, edition = _programme(env, "FUNDED", uni, [("FU1", 5.0)])
    edition.write({"fee_amount": 1000.0, "fee_currency_id": env.company.currency_id.id})
    learners = new_learners(env, places)
    enrolments = make(env, "mc.enrolment", [
        {"learner_id": lid, "edition_id": edition.id, "state": "enrolled"}
        for lid in learners.ids])  # fmt: skip
    fund, employer = make(env, "res.partner", [
        {"name": f"{PREFIX} Fund", "is_company": True},
        {"name": f"{PREFIX} Employer", "is_company": True}])  # fmt: skip
    agreement = make(env, "mc.funding.agreement", [{
        "name": f"{PREFIX}-FUNDED", "edition_id": edition.id, "places": places,
        "funder_id": make(env, "mc.funder", [{"partner_id": fund.id}]).id,
        "amount_per_place": 700.0, "date_from": date(2026, 1, 1),
        "date_to": date(2026, 12, 31), "share_ids": [
            Command.create({"payer": "funder", "percent": 70}),
            Command.create({"payer": "employer", "partner_id": employer.id,
                            "percent": 30})]}])  # fmt: skip
    agreement.action_activate()
    agreement._allocate(enrolments, date=date(2026, 2, 1))
    return agreement
