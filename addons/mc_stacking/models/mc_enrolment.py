# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round, format_date

OPEN_STATES = ("applied", "enrolled")


class McEnrolment(models.Model):
    """Recognition of prior awards into the enrolment and the pathway towards
    the programme (ECTS recognised and earned, units open, credit expiry)."""

    _inherit = "mc.enrolment"

    recognition_ids = fields.One2many(
        "mc.recognition", "enrolment_id", string="Recognitions"
    )
    ects_recognised = fields.Float(
        string="ECTS recognised",
        compute="_compute_pathway",
        store=True,
        digits=(6, 2),
        help="ECTS of the results that come from recognised prior awards.",
    )
    ects_assessed = fields.Float(
        string="ECTS earned here",
        compute="_compute_pathway",
        store=True,
        digits=(6, 2),
        help="ECTS of the results assessed in this enrolment.",
    )
    pathway_progress = fields.Float(
        string="Progress (%)",
        compute="_compute_pathway",
        store=True,
        aggregator="avg",
    )
    credits_expire_on = fields.Date(
        string="Recognised credits expire",
        compute="_compute_pathway",
        store=True,
        help="The earliest date on which credits recognised in this enrolment "
        "lapse: award before it.",
    )
    open_unit_ids = fields.Many2many(
        "mc.programme.unit",
        string="Units still open",
        compute="_compute_open_unit_ids",
    )

    @api.depends(
        "result_ids.passed",
        "result_ids.ects_earned",
        "result_ids.recognition_id",
        "recognition_ids.state",
        "recognition_ids.credits_valid_until",
        "programme_id.ects",
    )
    def _compute_pathway(self):
        for enrolment in self:
            passed = enrolment.result_ids.filtered("passed")
            recognised = passed.filtered("recognition_id")
            ects_recognised = sum(recognised.mapped("ects_earned"))
            total = sum(passed.mapped("ects_earned"))
            enrolment.ects_recognised = float_round(ects_recognised, 2)
            enrolment.ects_assessed = float_round(total - ects_recognised, 2)
            ects = enrolment.programme_id.ects
            enrolment.pathway_progress = (
                min(100.0, float_round(100.0 * total / ects, 1)) if ects else 0.0
            )
            dates = enrolment.recognition_ids.filtered(
                lambda r: r.state == "recognised" and r.credits_valid_until
            ).mapped("credits_valid_until")
            enrolment.credits_expire_on = min(dates) if dates else False

    @api.depends("result_ids.passed", "programme_id.unit_ids")
    def _compute_open_unit_ids(self):
        for enrolment in self:
            done = enrolment.result_ids.filtered("passed").unit_id
            enrolment.open_unit_ids = enrolment.programme_id.unit_ids - done

    # ------------------------------------------------------------------ actions
    def action_recognise_prior_awards(self):
        """Propose the learners' earlier awards that stack into the programme,
        verify each now and record the recognitions of those that pass; tell the
        officer why the others were not recognised (nothing is recorded for
        them)."""
        Recognition = self.env["mc.recognition"]
        candidates = Recognition._mc_check_awards(self._mc_prior_award_pairs())
        good = [c for c in candidates if not c.problems]
        recognitions = Recognition._mc_record(good)
        lines = [
            self.env._("%(count)s prior award(s) recognised.", count=len(recognitions))
        ]
        lines += [problem for c in candidates for problem in c.problems]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Recognition of prior awards"),
                "message": "\n".join(lines),
                "type": "warning" if len(good) < len(candidates) else "success",
                "sticky": len(good) < len(candidates),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_recognition_upload(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_stacking.mc_recognition_upload_action"
        )
        action["context"] = {"default_enrolment_id": self.id}
        return action

    # ---------------------------------------------------------- business logic
    def _mc_prior_award_pairs(self):
        """``[(enrolment, award)]``: the issued or suspended awards of each
        enrolment's learner whose programme stacks into the enrolment's, not yet
        recognised in that programme."""
        rules_into = self.env["mc.programme.stacking"]._mc_rules_into(self.programme_id)
        sources = self.env["mc.programme"].union(*(s for s, __ in rules_into))
        if not sources:
            return []
        awards = self.env["mc.award"].search(
            [
                ("learner_id", "in", self.learner_id.ids),
                ("programme_id", "in", sources.ids),
                ("state", "in", ("issued", "suspended")),
            ],
            order="award_date, id",
        )
        taken = self.env["mc.recognition"]._mc_taken(
            self.programme_id, awards.mapped("credential_uuid")
        )
        by_learner = awards.grouped("learner_id")
        return [
            (enrolment, award)
            for enrolment in self
            for award in by_learner.get(enrolment.learner_id, awards.browse())
            if (award.programme_id, enrolment.programme_id) in rules_into
            and (enrolment.programme_id.id, award.credential_uuid) not in taken
        ]

    def _mc_recognise_awards(self, awards):
        """Recognise ``awards`` (chosen by the officer) into this enrolment.
        Any bad one refuses them all with its reasons: nothing is recorded."""
        self.ensure_one()
        candidates = self.env["mc.recognition"]._mc_check_awards(
            [(self, award) for award in awards]
        )
        problems = [problem for c in candidates for problem in c.problems]
        if problems:
            raise UserError("\n".join(problems))
        return self.env["mc.recognition"]._mc_record(candidates)

    def _get_award_blockers(self):
        blockers = super()._get_award_blockers()
        date = self.env.context.get("mc_award_date") or fields.Date.context_today(self)
        for enrolment in self:
            lapsed = enrolment.recognition_ids.filtered(
                lambda r: r.state == "recognised"
                and r.credits_valid_until
                and r.credits_valid_until < date
            )
            for recognition in lapsed:
                blockers.setdefault(enrolment.id, []).append(
                    self.env._(
                        "The credits recognised from %(award)s lapsed on %(date)s.",
                        award=recognition.display_name,
                        date=recognition.credits_valid_until,
                    )
                )
        return blockers

    # ------------------------------------------------------------------ portal
    @api.model
    def _mc_portal_enrolments(self, enrolment_id=None):
        """The current user's own enrolments (optionally one of them).

        Learners have no access rights on the registry's models; the portal
        reads through this method only.
        """
        domain = [("learner_id", "=", self.env.user.partner_id.id)]
        if enrolment_id:
            domain.append(("id", "=", enrolment_id))
        # sudo: restricted to the enrolments whose learner is the current user's
        # partner (domain above); callers only get whitelisted values.
        return self.sudo().search(domain, order="id desc")

    def _mc_portal_pathway_values(self):
        """Whitelisted values of the learner's own pathways."""
        partner = self.env.user.partner_id
        if any(enrolment.learner_id != partner for enrolment in self):
            raise AccessError(self.env._("This is not one of your enrolments."))
        state_labels = dict(
            self.env["mc.recognition"]._fields["state"]._description_selection(self.env)
        )
        return [
            {
                "id": enrolment.id,
                "programme": enrolment.programme_id.name,
                "edition": enrolment.edition_id.name,
                "ects": enrolment.programme_id.ects,
                "ects_recognised": enrolment.ects_recognised,
                "ects_assessed": enrolment.ects_assessed,
                "progress": enrolment.pathway_progress,
                "open_units": [
                    {"name": unit.name, "ects": unit.ects}
                    for unit in enrolment.open_unit_ids
                ],
                "expires": format_date(self.env, enrolment.credits_expire_on)
                if enrolment.credits_expire_on
                else "",
                "can_upload": enrolment.state in OPEN_STATES and not enrolment.award_id,
                "recognitions": [
                    {
                        "achievement": recognition.achievement_name or "",
                        "issuer": recognition.issuer_name or "",
                        "ects": recognition.ects_credited,
                        "state": recognition.state,
                        "state_label": state_labels[recognition.state],
                        "valid_until": format_date(
                            self.env, recognition.credits_valid_until
                        )
                        if recognition.credits_valid_until
                        else "",
                        "refusal_reason": recognition.refusal_reason or ""
                        if recognition.state == "refused"
                        else "",
                    }
                    for recognition in enrolment.recognition_ids
                ],
            }
            for enrolment in self
        ]

    def _mc_portal_request_recognition(self, text, lists_text=None):
        """The learner uploads a credential for one of their own enrolments: it
        is verified and becomes a request for a registry manager."""
        self.ensure_one()
        if self.learner_id != self.env.user.partner_id:
            raise AccessError(self.env._("This is not one of your enrolments."))
        # sudo: the learner's own enrolment (checked above); the request is
        # verified like an officer's upload and decided by a registry manager.
        return (
            self.env["mc.recognition"]
            .sudo()
            ._mc_request_external(self.sudo(), text, lists_text)
        )
