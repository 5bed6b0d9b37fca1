# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import uuid
from dataclasses import dataclass, field

from mc_credentials.verify import verify_credential

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from . import recognition_rules as rules

OPEN_STATES = ("applied", "enrolled")
LIVE_STATES = ("requested", "recognised")


@dataclass
class Candidate:
    """One prior award or credential checked for one enrolment."""

    enrolment: models.BaseModel
    award: models.BaseModel = None
    rule: models.BaseModel = None
    problems: list = field(default_factory=list)
    vals: dict = field(default_factory=dict)


class McRecognition(models.Model):
    """A prior award (of this registry) or an external credential recognised
    into a larger programme: verified when recognised, it becomes results of
    the learner's enrolment (their origin) for the units it covers."""

    _name = "mc.recognition"
    _description = "Recognition of a prior award"
    _inherit = "mail.thread"
    _order = "enrolment_id, id"
    _rec_name = "achievement_name"

    enrolment_id = fields.Many2one(
        "mc.enrolment",
        string="Enrolment",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    learner_id = fields.Many2one(
        related="enrolment_id.learner_id", store=True, string="Learner"
    )
    programme_id = fields.Many2one(
        related="enrolment_id.programme_id", store=True, index=True
    )
    company_id = fields.Many2one(related="enrolment_id.company_id", store=True)
    source = fields.Selection(
        [("award", "Award of this registry"), ("external", "External credential")],
        required=True,
        readonly=True,
    )
    award_id = fields.Many2one(
        "mc.award",
        string="Prior award",
        ondelete="restrict",
        index="btree_not_null",
        readonly=True,
    )
    stacking_id = fields.Many2one(
        "mc.programme.stacking",
        string="Stacking rule",
        ondelete="restrict",
        readonly=True,
    )
    credential_json = fields.Text(
        string="Uploaded credential",
        readonly=True,
        help="The external credential as uploaded (Open Badges 3.0).",
    )
    status_list_json = fields.Text(
        string="Uploaded status lists",
        readonly=True,
        help="The issuer's status list credentials uploaded with it.",
    )
    credential_ref = fields.Char(
        string="Credential id",
        readonly=True,
        index="btree_not_null",
        help="The id inside the signed credential.",
    )
    issuer_ref = fields.Char(string="Issuer identifier", readonly=True)
    issuer_name = fields.Char(string="Issued by", readonly=True)
    trusted_issuer_id = fields.Many2one(
        "mc.trusted.issuer", string="Trusted issuer", readonly=True
    )
    achievement_name = fields.Char(string="Achievement", readonly=True)
    award_date = fields.Date(string="Awarded on", readonly=True)
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("recognised", "Recognised"),
            ("refused", "Refused"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    ects_credited = fields.Float(string="ECTS credited", digits=(6, 2))
    unit_ids = fields.Many2many(
        "mc.programme.unit",
        string="Units covered",
        domain="[('programme_id', '=', programme_id)]",
    )
    credits_valid_until = fields.Date(
        string="Credits valid until",
        help="After this date the recognised credits no longer count towards "
        "the programme; empty: they do not lapse.",
    )
    verification_note = fields.Text(string="Verification", readonly=True)
    verified_on = fields.Datetime(readonly=True)
    refusal_reason = fields.Text(tracking=True)
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    result_ids = fields.One2many("mc.result", "recognition_id", string="Results")

    # ------------------------------------------------------------------ actions
    def action_approve(self):
        """Registry manager: recognise external credentials that were requested,
        verifying them again now."""
        self._mc_check_manager()
        for recognition in self:
            recognition._mc_approve_one()
        return True

    def action_refuse(self):
        self._mc_check_manager()
        wrong = self.filtered(lambda r: r.state != "requested")
        if wrong:
            raise UserError(self.env._("Only requested recognitions can be refused."))
        if any(not (r.refusal_reason or "").strip() for r in self):
            raise UserError(
                self.env._("Give the reason of the refusal before refusing.")
            )
        self.write({"state": "refused", "decided_by_id": self.env.uid})
        return True

    def _mc_check_manager(self):
        if not self.env.user.has_group(
            "mc_qualification.mc_qualification_group_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only a registry manager approves or refuses recognition "
                    "requests."
                )
            )

    # ------------------------------------------------------------ prior awards
    @api.model
    def _mc_check_awards(self, pairs):
        """Check ``pairs`` of (enrolment, award): everything the database says,
        then the signed credential with the verifier, at this moment.

        :returns: a list of :class:`Candidate`, with ``problems`` (sentences an
            officer understands) or the ``vals`` of the recognition to record.
        """
        enrolments = self.env["mc.enrolment"].union(*(e for e, __ in pairs))
        awards = self.env["mc.award"].union(*(a for __, a in pairs))
        rules_into = self.env["mc.programme.stacking"]._mc_rules_into(
            enrolments.programme_id
        )
        taken = self._mc_taken(
            enrolments.programme_id, awards.mapped("credential_uuid")
        )
        units_used = {e: e.result_ids.unit_id for e in enrolments}
        today = fields.Date.context_today(self)
        candidates = []
        for enrolment, award in pairs:
            candidate = Candidate(enrolment, award)
            candidate.rule = rules_into.get(
                (award.programme_id, enrolment.programme_id)
            )
            candidate.problems = self._mc_award_problems(candidate, taken, today)
            if not candidate.problems:
                overlap = candidate.rule.target_unit_ids & units_used[enrolment]
                if overlap:
                    candidate.problems.append(
                        self.env._(
                            "%(units)s of %(programme)s already have a result: "
                            "%(award)s cannot be recognised for them again.",
                            units=", ".join(overlap.mapped("display_name")),
                            programme=enrolment.programme_id.display_name,
                            award=award.display_name,
                        )
                    )
            if not candidate.problems:
                candidate.problems = self._mc_verify_award(candidate)
            if not candidate.problems:
                units_used[enrolment] |= candidate.rule.target_unit_ids
                taken.add((enrolment.programme_id.id, award.credential_uuid))
                candidate.vals = self._mc_award_vals(candidate)
            candidates.append(candidate)
        return candidates

    @api.model
    def _mc_taken(self, programmes, credential_refs, exclude=None):
        """``{(programme id, credential id)}`` already recognised or requested
        (but ``exclude``)."""
        recognitions = self.search_fetch(
            [
                ("programme_id", "in", programmes.ids),
                ("credential_ref", "in", [ref for ref in credential_refs if ref]),
                ("state", "in", LIVE_STATES),
                ("id", "not in", exclude.ids if exclude else []),
            ],
            ["programme_id", "credential_ref"],
        )
        return {(r.programme_id.id, r.credential_ref) for r in recognitions}

    @api.model
    def _mc_award_problems(self, candidate, taken, today):
        """What the database says against recognising the award (no verifier)."""
        enrolment, award, rule = candidate.enrolment, candidate.award, candidate.rule
        names = {"award": award.display_name, "learner": enrolment.learner_id.name}
        if award.learner_id != enrolment.learner_id:
            return [
                self.env._(
                    "%(award)s is the award of another learner than %(learner)s.",
                    **names,
                )
            ]
        if enrolment.state not in OPEN_STATES or enrolment.award_id:
            return [
                self.env._(
                    "%(enrolment)s is closed: prior awards are recognised while "
                    "the learner is enrolled.",
                    enrolment=enrolment.display_name,
                )
            ]
        state_problem = self._mc_award_state_problem(award)
        if state_problem:
            return [state_problem]
        if not rule:
            return [
                self.env._(
                    "%(programme)s does not stack into %(target)s: no stacking "
                    "rule recognises %(award)s there.",
                    programme=award.programme_id.display_name,
                    target=enrolment.programme_id.display_name,
                    **names,
                )
            ]
        if not rule.target_unit_ids:
            return [
                self.env._(
                    "The stacking rule of %(programme)s into %(target)s covers no "
                    "unit: map the units it replaces on the rule first.",
                    programme=award.programme_id.display_name,
                    target=enrolment.programme_id.display_name,
                )
            ]
        if rule.institution_id and rule.institution_id not in enrolment.institution_ids:
            return [
                self.env._(
                    "%(award)s counts towards %(target)s only at %(institution)s.",
                    target=enrolment.programme_id.display_name,
                    institution=rule.institution_id.display_name,
                    **names,
                )
            ]
        until = rules.credits_valid_until(award.award_date, rule.credit_validity_months)
        if until and until < today:
            return [
                self.env._(
                    "The credits of %(award)s were valid until %(date)s: they "
                    "have expired.",
                    date=until,
                    **names,
                )
            ]
        if (enrolment.programme_id.id, award.credential_uuid) in taken:
            return [
                self.env._(
                    "%(award)s is already recognised in %(programme)s.",
                    programme=enrolment.programme_id.display_name,
                    **names,
                )
            ]
        return []

    @api.model
    def _mc_award_state_problem(self, award):
        """Why the award's state forbids its recognition (``None`` if issued)."""
        if award.state == "revoked":
            return self.env._(
                "%(award)s was revoked: it cannot be recognised.",
                award=award.display_name,
            )
        if award.state == "suspended":
            return self.env._(
                "%(award)s is suspended: it cannot be recognised.",
                award=award.display_name,
            )
        if award.state != "issued":
            return self.env._(
                "%(award)s is not issued yet.",
                award=award.display_name,
            )
        return None

    @api.model
    def _mc_verify_award(self, candidate):
        """Verify the award's signed credentials now, with the verifier the
        public page and employers use, and that they name the enrolment's learner.

        Status bits (signed status lists) and validity dates are checked at this
        moment. Shape and proofs are those of the independent check when it
        verified this very text (bound by its SHA-256: a text edited since is
        verified again now, and fails); otherwise they are verified now.
        """
        award, learner = candidate.award, candidate.enrolment.learner_id
        texts = award._mc_credential_texts()
        if not texts:
            return [
                self.env._(
                    "%(award)s has no signed credential to verify.",
                    award=award.display_name,
                )
            ]
        report = award._mc_stored_report()
        if not report.ok:
            return [
                self.env._(
                    "The signed credential of %(award)s does not verify: "
                    "%(checks)s.",
                    award=award.display_name,
                    checks="; ".join(f"{c.name}: {c.message}" for c in report.failed()),
                )
            ]
        recipient_ids = [
            f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, award.credential_uuid or '')}"
        ]
        for text in texts:
            if not rules.names_learner(
                json.loads(text), [learner.email], recipient_ids
            ):
                return [
                    self.env._(
                        "The signed credential of %(award)s names another person: "
                        "it does not match the identity of %(learner)s.",
                        award=award.display_name,
                        learner=learner.name,
                    )
                ]
        candidate.vals["verification_note"] = "\n".join(
            f"{c.name}: {c.message}" for c in report.checks
        )
        return []

    @api.model
    def _mc_award_vals(self, candidate):
        award, rule = candidate.award, candidate.rule
        document = json.loads(award.credential_json)
        return {
            "enrolment_id": candidate.enrolment.id,
            "source": "award",
            "award_id": award.id,
            "stacking_id": rule.id,
            "credential_ref": award.credential_uuid,
            "issuer_ref": rules.issuer_id(document),
            "issuer_name": award.leading_institution_id.name,
            "achievement_name": award.programme_id.name,
            "award_date": award.award_date,
            "state": "recognised",
            "ects_credited": rule._mc_ects_credited(),
            "unit_ids": [Command.set(rule.target_unit_ids.ids)],
            "credits_valid_until": rules.credits_valid_until(
                award.award_date, rule.credit_validity_months
            ),
            "verification_note": candidate.vals.get("verification_note"),
            "verified_on": fields.Datetime.now(),
            "decided_by_id": self.env.uid,
        }

    @api.model
    def _mc_record(self, candidates):
        """Record the recognitions of checked candidates and their results."""
        recognitions = self.create([c.vals for c in candidates])
        recognitions._mc_create_results()
        return recognitions

    def _mc_create_results(self):
        """The units each recognition covers become passed results of the
        enrolment, dated on the award, with the recognition as their origin."""
        self.env["mc.result"].create(
            [
                {
                    "enrolment_id": recognition.enrolment_id.id,
                    "unit_id": unit.id,
                    "passed": True,
                    "ects_earned": unit.ects,
                    "date": recognition.award_date or fields.Date.context_today(self),
                    "institution_id": (
                        recognition.award_id.leading_institution_id.id
                        or unit.institution_id.id
                    ),
                    "recognition_id": recognition.id,
                }
                for recognition in self
                for unit in recognition.unit_ids
            ]
        )

    # ------------------------------------------------------ external credentials
    @api.model
    def _mc_request_external(self, enrolment, text, lists_text=None):
        """Verify an uploaded external credential and record a recognition
        request for a registry manager to decide. Bad input is refused with its
        reasons and nothing is recorded."""
        problems, vals = self._mc_check_external(enrolment, text, lists_text)
        if problems:
            raise UserError("\n".join(problems))
        return self.create(vals)

    @api.model
    def _mc_check_external(self, enrolment, text, lists_text=None, exclude=None):
        """``(problems, vals)`` of an external credential for ``enrolment``:
        trusted issuer, signatures, status lists, dates, learner identity and
        no earlier recognition of it in the programme. A sealed European
        Digital Credential is checked by ``_mc_check_external_edc``."""
        document = rules.load_json(text)
        if rules.is_sealed(document):
            return self._mc_check_external_edc(
                enrolment, document, (text, lists_text), exclude
            )
        if not isinstance(document, dict):
            return [
                self.env._(
                    "The file is neither an Open Badges 3.0 credential (JSON) nor "
                    "a sealed European Digital Credential: only those can be "
                    "verified here."
                )
            ], {}
        issuer_ref = rules.issuer_id(document)
        trusted = self.env["mc.trusted.issuer"]._mc_find(issuer_ref)
        if not trusted:
            return [self._mc_untrusted_problem(issuer_ref)], {}
        lists = rules.status_lists_by_id(rules.load_json(lists_text or "[]"))
        report = verify_credential(
            document, trusted._mc_resolver(), fetch_status_list=lists.get
        )
        problems = self._mc_report_problems(report)
        learner = enrolment.learner_id
        if not problems and not rules.names_learner(document, [learner.email]):
            problems.append(self._mc_identity_problem(learner))
        ref = document.get("id") if isinstance(document.get("id"), str) else None
        ref = ref or rules.text_digest(text)
        problems += self._mc_request_problems(enrolment, ref, exclude)
        if problems:
            return problems, {}
        issuer = document.get("issuer")
        achievement = rules.achievement(document)
        facts = {
            "issuer_name": rules.plain_text(
                issuer.get("name") if isinstance(issuer, dict) else None
            )
            or trusted.name,
            "title": rules.plain_text(achievement.get("name"))
            or rules.plain_text(document.get("name")),
            "awarded": rules.award_date(document),
            "credits": rules.stated_credits(document),
        }
        return [], self._mc_request_vals(
            enrolment, trusted, report, (text, lists_text), ref, facts
        )

    def _mc_untrusted_problem(self, issuer_ref, edc=False):
        if edc:
            return self.env._(
                "The issuer %(issuer)s is a trusted issuer without a registered "
                "certificate: a registry manager must add the certificate its "
                "seals chain to.",
                issuer=issuer_ref,
            )
        return self.env._(
            "The issuer %(issuer)s is not on the list of trusted issuers: "
            "a registry manager must add it first.",
            issuer=issuer_ref or self.env._("(none)"),
        )

    def _mc_report_problems(self, report):
        """The failed checks of a verification report, as one reason."""
        if report.ok:
            return []
        return [
            self.env._(
                "The credential does not verify: %(checks)s.",
                checks="; ".join(f"{c.name}: {c.message}" for c in report.failed()),
            )
        ]

    def _mc_identity_problem(self, learner):
        return self.env._(
            "The credential names another person: it does not match the "
            "identity of %(learner)s.",
            learner=learner.name,
        )

    @api.model
    def _mc_request_problems(self, enrolment, ref, exclude=None):
        """Reasons an external credential ``ref`` cannot be requested into
        ``enrolment``: already recognised or requested, enrolment closed."""
        problems = []
        if (enrolment.programme_id.id, ref) in self._mc_taken(
            enrolment.programme_id, [ref], exclude=exclude
        ):
            problems.append(
                self.env._(
                    "This credential is already recognised or requested in "
                    "%(programme)s.",
                    programme=enrolment.programme_id.display_name,
                )
            )
        if enrolment.state not in OPEN_STATES or enrolment.award_id:
            problems.append(
                self.env._(
                    "%(enrolment)s is closed: prior awards are recognised while "
                    "the learner is enrolled.",
                    enrolment=enrolment.display_name,
                )
            )
        return problems

    @api.model
    def _mc_request_vals(self, enrolment, trusted, report, texts, ref, facts):
        """Values of a recognition request of a verified external credential;
        ``facts`` (issuer name, title, awarded, credits) read from it."""
        text, lists_text = texts
        awarded = facts.get("awarded")
        if isinstance(awarded, str):
            awarded = rules.award_date({"awardedDate": awarded})
        return {
            "enrolment_id": enrolment.id,
            "source": "external",
            "state": "requested",
            "credential_json": text,
            "status_list_json": lists_text or False,
            "credential_ref": ref,
            "issuer_ref": trusted.issuer_ref,
            "issuer_name": facts.get("issuer_name") or trusted.name,
            "trusted_issuer_id": trusted.id,
            "achievement_name": facts.get("title"),
            "award_date": awarded,
            "ects_credited": facts.get("credits") or 0.0,
            "verification_note": "\n".join(
                f"{c.name}: {c.message}" for c in report.checks
            ),
            "verified_on": fields.Datetime.now(),
        }

    def _mc_approve_one(self):
        """Verify the requested external credential again and recognise it for
        the units the manager chose."""
        self.ensure_one()
        if self.state != "requested" or self.source != "external":
            raise UserError(
                self.env._("Only requested external credentials are approved.")
            )
        if not self.unit_ids:
            raise UserError(
                self.env._(
                    "Choose the units of the programme the credential covers first."
                )
            )
        problems, vals = self._mc_check_external(
            self.enrolment_id, self.credential_json, self.status_list_json, self
        )
        overlap = self.unit_ids & self.enrolment_id.result_ids.unit_id
        if overlap:
            problems.append(
                self.env._(
                    "%(units)s already have a result in this enrolment.",
                    units=", ".join(overlap.mapped("display_name")),
                )
            )
        if problems:
            raise UserError("\n".join(problems))
        self.write(
            {
                "state": "recognised",
                "ects_credited": sum(self.unit_ids.mapped("ects")),
                "verification_note": vals["verification_note"],
                "verified_on": vals["verified_on"],
                "decided_by_id": self.env.uid,
            }
        )
        self._mc_create_results()
