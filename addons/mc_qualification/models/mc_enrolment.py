# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

from ..tools import lock_rows

ACTIVE_STATES = ("enrolled", "completed")


class McEnrolment(models.Model):
    """A learner following one edition of a programme."""

    _name = "mc.enrolment"
    _description = "Enrolment"
    _inherit = "mail.thread"
    _order = "edition_id desc, learner_id"
    _rec_names_search = ("learner_id", "edition_id")

    learner_id = fields.Many2one(
        "res.partner",
        string="Learner",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        domain=[("is_learner", "=", True)],
    )
    edition_id = fields.Many2one(
        "mc.edition",
        string="Edition",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    programme_id = fields.Many2one(
        related="edition_id.programme_id", store=True, index=True, string="Programme"
    )
    partnership_id = fields.Many2one(
        related="edition_id.programme_id.partnership_id", string="Partnership"
    )
    company_id = fields.Many2one(
        related="edition_id.company_id", store=True, string="Company"
    )
    state = fields.Selection(
        [
            ("applied", "Applied"),
            ("enrolled", "Enrolled"),
            ("completed", "Completed"),
            ("failed", "Failed"),
            ("withdrawn", "Withdrawn"),
        ],
        default="applied",
        required=True,
        tracking=True,
        index=True,
    )
    # Mobility
    home_institution_id = fields.Many2one(
        "res.partner",
        string="Home Institution",
        ondelete="restrict",
        tracking=True,
        domain="[('id', 'in', institution_ids)]",
        help="The partner institution where the learner is registered. In a "
        "network programme it awards the qualification.",
    )
    mobility_window_id = fields.Many2one(
        "mc.mobility.window",
        string="Mobility Window",
        ondelete="restrict",
        tracking=True,
        domain="[('programme_id', '=', programme_id)]",
        help="The window (course package) followed at a host institution.",
    )
    institution_ids = fields.Many2many(
        related="edition_id.programme_id.institution_ids", string="Institutions"
    )
    # Results and completion
    result_ids = fields.One2many("mc.result", "enrolment_id", string="Results")
    ects_earned = fields.Float(
        string="ECTS Earned", compute="_compute_completion", store=True, digits=(6, 2)
    )
    is_complete = fields.Boolean(
        string="Complete", compute="_compute_completion", store=True
    )
    completion_note = fields.Text(compute="_compute_completion", store=True)
    has_double_award = fields.Boolean(
        compute="_compute_completion",
        store=True,
        help="Network programme: the learner completed a mobility window at "
        "another partner and receives an award from the home and the host "
        "institution.",
    )
    # Awards
    award_ids = fields.One2many("mc.award", "enrolment_id", string="Awards")
    award_id = fields.Many2one(
        "mc.award",
        compute="_compute_award_id",
        string="Current Award",
        help="The award of this enrolment that is not revoked.",
    )

    _sql_constraints = (
        (
            "learner_edition_uniq",
            "unique(learner_id, edition_id)",
            "A learner enrols only once in an edition.",
        ),
    )

    @api.depends(
        "result_ids.passed",
        "result_ids.ects_earned",
        "result_ids.unit_id",
        "programme_id.ects",
        "programme_id.unit_ids.mandatory",
        "mobility_window_id.host_institution_id",
        "mobility_window_id.unit_ids",
        "home_institution_id",
        "partnership_id.ownership_model",
    )
    def _compute_completion(self):
        for enrolment in self:
            passed = enrolment.result_ids.filtered("passed")
            passed_units = passed.unit_id
            ects = float_round(sum(passed.mapped("ects_earned")), precision_digits=2)
            programme = enrolment.programme_id
            missing = programme.unit_ids.filtered("mandatory") - passed_units
            reasons = []
            if missing:
                reasons.append(
                    self.env._(
                        "Mandatory units not passed: %(units)s.",
                        units=", ".join(missing.mapped("display_name")),
                    )
                )
            if float_compare(ects, programme.ects, precision_digits=2) < 0:
                reasons.append(
                    self.env._(
                        "%(earned)s of the %(required)s ECTS of the programme earned.",
                        earned=ects,
                        required=programme.ects,
                    )
                )
            enrolment.ects_earned = ects
            enrolment.is_complete = bool(programme) and not reasons
            if enrolment.is_complete:
                enrolment.completion_note = self.env._(
                    "Complete: all mandatory units passed and %(ects)s ECTS earned.",
                    ects=ects,
                )
            else:
                enrolment.completion_note = " ".join(reasons)
            window = enrolment.mobility_window_id
            enrolment.has_double_award = bool(
                enrolment.partnership_id.ownership_model == "network"
                and window.host_institution_id
                and enrolment.home_institution_id
                and window.host_institution_id != enrolment.home_institution_id
                and window.unit_ids
                and not window.unit_ids - passed_units
            )

    @api.depends("award_ids.state")
    def _compute_award_id(self):
        awards = self.env["mc.award"].search(
            [("enrolment_id", "in", self.ids), ("state", "!=", "revoked")]
        )
        by_enrolment = {award.enrolment_id: award for award in awards}
        for enrolment in self:
            enrolment.award_id = by_enrolment.get(enrolment, False)

    @api.depends("learner_id", "edition_id")
    def _compute_display_name(self):
        for enrolment in self:
            enrolment.display_name = self.env._(
                "%(learner)s – %(edition)s",
                learner=enrolment.learner_id.name or "",
                edition=enrolment.edition_id.name or "",
            )

    @api.constrains("home_institution_id", "mobility_window_id", "edition_id")
    def _check_institutions(self):
        for enrolment in self:
            programme = enrolment.programme_id
            home = enrolment.home_institution_id
            if home and home not in programme.institution_ids:
                raise ValidationError(
                    self.env._(
                        "The field 'Home Institution' must be a partner of the "
                        "programme %(programme)s; %(institution)s is not.",
                        programme=programme.display_name,
                        institution=home.display_name,
                    )
                )
            window = enrolment.mobility_window_id
            if window and window.programme_id != programme:
                raise ValidationError(
                    self.env._(
                        "The field 'Mobility Window' must be a window of the "
                        "programme %(programme)s.",
                        programme=programme.display_name,
                    )
                )

    @api.constrains("edition_id", "state")
    def _check_seats(self):
        editions = self.edition_id.filtered("seats")
        if not editions:
            return
        counts = dict(
            self._read_group(
                [
                    ("edition_id", "in", editions.ids),
                    ("state", "in", ("enrolled", "completed", "failed")),
                ],
                ["edition_id"],
                ["__count"],
            )
        )
        for edition in editions:
            if counts.get(edition, 0) > edition.seats:
                raise ValidationError(
                    self.env._(
                        "Edition %(edition)s has %(seats)s seats: they are all taken.",
                        edition=edition.display_name,
                        seats=edition.seats,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_enrol(self):
        wrong = self.filtered(lambda e: e.state != "applied")
        if wrong:
            raise UserError(
                self.env._(
                    "Only applications can be enrolled: %(names)s.",
                    names=", ".join(wrong.mapped("display_name")),
                )
            )
        self.write({"state": "enrolled"})

    def action_complete(self):
        incomplete = self.filtered(lambda e: not e.is_complete)
        if incomplete:
            raise UserError(
                "\n".join(
                    f"{enrolment.display_name}: {enrolment.completion_note}"
                    for enrolment in incomplete
                )
            )
        self.write({"state": "completed"})

    def action_fail(self):
        self.filtered(lambda e: e.state in ACTIVE_STATES).write({"state": "failed"})

    def action_withdraw(self):
        awarded = self.filtered("award_id")
        if awarded:
            raise UserError(
                self.env._(
                    "Revoke the award before withdrawing: %(names)s.",
                    names=", ".join(awarded.mapped("display_name")),
                )
            )
        self.write({"state": "withdrawn"})

    def action_issue_award(self):
        """Create the award of each enrolment (when needed) and issue it."""
        awards = self.env["mc.award"]._issue_enrolments(self)
        if len(awards) == 1:
            return awards._get_form_action()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_award_action"
        ) | {"domain": [("id", "in", awards.ids)]}

    def action_view_award(self):
        self.ensure_one()
        return self.award_id._get_form_action()

    # ---------------------------------------------------------- business logic
    def _lock_for_award(self):
        """Lock the enrolments' rows so that two officers cannot award them at
        the same moment: the second one gets a clear error at once."""
        lock_rows(
            self,
            self.env._(
                "Another user is issuing an award for one of these enrolments "
                "right now. Try again in a moment."
            ),
        )

    def _get_awarding_plan(self):
        """Return {enrolment: (award_mode, awarding institutions)}.

        Joint ownership: every partner institution awards. Network ownership:
        the home institution awards, and the host institution too when the
        learner completed a mobility window there (double award). The
        programme's award mode (``mc.programme.award_mode``) decides how
        several institutions award: one joint document, one award each, or a
        joint document with separate awards for those that cannot co-sign.
        """
        plan = {}
        for enrolment in self:
            programme = enrolment.programme_id
            if enrolment.partnership_id.ownership_model == "network":
                awarding = enrolment.home_institution_id
                if enrolment.has_double_award:
                    awarding |= enrolment.mobility_window_id.host_institution_id
            else:
                awarding = programme.institution_ids
            plan[enrolment] = (programme._mc_award_mode_for(awarding), awarding)
        return plan

    def _get_award_blockers(self):
        """Extension point: {enrolment_id: [reasons]} for each enrolment that
        cannot be awarded now. Modules add their own reasons with super().

        The award date checked is ``mc_award_date`` in the context (today
        when absent).
        """
        date = self.env.context.get("mc_award_date") or fields.Date.context_today(self)
        blockers = {enrolment.id: [] for enrolment in self}
        plan = self._get_awarding_plan()
        institutions = self.env["res.partner"].union(
            *(institutions for __, institutions in plan.values())
        )
        valid = institutions.signatory_ids._filtered_valid(date)
        signing = valid.institution_id
        issued = self.env["mc.award"].search(
            [
                ("enrolment_id", "in", self.ids),
                ("state", "in", ("issued", "suspended")),
            ]
        )
        awarded = issued.enrolment_id
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for enrolment in self:
            reasons = blockers[enrolment.id]
            if enrolment in awarded:
                reasons.append(self.env._("An award has already been issued."))
                continue
            if enrolment.state not in ACTIVE_STATES:
                reasons.append(
                    self.env._(
                        "The enrolment is %(state)s.",
                        state=state_labels[enrolment.state].lower(),
                    )
                )
            if not enrolment.is_complete:
                reasons.append(
                    self.env._("Not complete: %(note)s", note=enrolment.completion_note)
                )
            if enrolment.programme_id.state != "published":
                reasons.append(
                    self.env._(
                        "The programme %(programme)s is not published.",
                        programme=enrolment.programme_id.display_name,
                    )
                )
            mode, awarding = plan[enrolment]
            if not awarding:
                reasons.append(
                    self.env._("No awarding institution: set the home institution.")
                )
            for institution in awarding - signing:
                reasons.append(
                    self.env._(
                        "%(institution)s has no valid signatory on %(date)s.",
                        institution=institution.display_name,
                        date=date,
                    )
                )
        return {key: value for key, value in blockers.items() if value}
