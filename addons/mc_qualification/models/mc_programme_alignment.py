# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class McProgrammeAlignment(models.Model):
    """How one partner institution places the programme in its own qualification
    structure, and that institution's approval."""

    _name = "mc.programme.alignment"
    _inherit = "mc.programme.content.mixin"
    _description = "Alignment with an institution's qualification structure"
    _order = "programme_id, sequence, id"
    _rec_name = "institution_id"

    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "mc.programme", required=True, ondelete="cascade", index=True
    )
    programme_code = fields.Char(related="programme_id.code", string="Code")
    programme_version = fields.Integer(related="programme_id.version", string="Version")
    programme_state = fields.Selection(
        related="programme_id.state", string="Programme status"
    )
    qualification_type_id = fields.Many2one(
        related="programme_id.qualification_type_id", store=True
    )
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        ondelete="restrict",
        index=True,
        domain="[('id', 'in', allowed_institution_ids)]",
    )
    allowed_institution_ids = fields.Many2many(
        "res.partner", compute="_compute_allowed_institution_ids"
    )
    country_id = fields.Many2one(related="institution_id.country_id", store=True)
    local_name = fields.Char(
        string="Local name of the award",
        translate=True,
        help="e.g. Postgraduate certificate, Expert track certificate, "
        "Diplôme d'université, Título propio de experto.",
    )
    local_type = fields.Char(
        string="Local type", help="The institution's own category of award."
    )
    nqf_level = fields.Char(
        string="National framework level", help="e.g. VKS 7, NQF level 6."
    )
    separate_award = fields.Boolean(
        string="Awards separately",
        help="Joint award with fallback: this institution cannot co-sign the joint "
        "document and issues its own award instead.",
    )
    separate_reason = fields.Text(
        string="Reason for the separate award",
        translate=True,
        help="Printed on the institution's supplement, e.g. its regulations do "
        "not allow joint degrees.",
    )
    approval_state = fields.Selection(
        [
            ("to_request", "To request"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        string="Approval",
        default="to_request",
        required=True,
        copy=False,
        index=True,
    )
    approval_date = fields.Date(copy=False)
    approved_by = fields.Char(
        string="Decided by",
        copy=False,
        help="Who decided at the institution (board, dean, committee).",
    )
    approval_user_id = fields.Many2one(
        "res.users", string="Recorded by", copy=False, readonly=True
    )
    note = fields.Text(copy=False)
    company_id = fields.Many2one(related="programme_id.company_id", store=True)

    _sql_constraints = (
        (
            "institution_uniq",
            "unique(programme_id, institution_id)",
            "Each institution aligns a programme version once.",
        ),
    )

    @api.depends("programme_id.partnership_id.member_ids.institution_id")
    def _compute_allowed_institution_ids(self):
        for line in self:
            line.allowed_institution_ids = (
                line.programme_id.partnership_id.member_ids.institution_id
            )

    @api.constrains("institution_id", "programme_id")
    def _check_institution(self):
        for line in self:
            institutions = line.programme_id.partnership_id.member_ids.institution_id
            if line.institution_id not in institutions:
                raise ValidationError(
                    self.env._(
                        "Alignment of %(programme)s: %(institution)s is not a member "
                        "of the partnership.",
                        programme=line.programme_id.display_name,
                        institution=line.institution_id.display_name,
                    )
                )

    @api.constrains("separate_award", "separate_reason", "institution_id")
    def _check_separate_award(self):
        for line in self.filtered("separate_award"):
            problem = line._separate_award_problem()
            if problem:
                raise ValidationError(problem)

    def _separate_award_problem(self):
        """Why this institution cannot award separately, as a sentence; None
        when it can."""
        self.ensure_one()
        programme = self.programme_id
        names = {
            "programme": programme.display_name,
            "institution": self.institution_id.display_name,
        }
        if programme.award_mode != "joint_fallback":
            return self.env._(
                "Alignment of %(programme)s: %(institution)s can award separately "
                "only when the programme's award mode is joint with fallback.",
                **names,
            )
        if self.institution_id == programme.leading_institution_id:
            return self.env._(
                "Alignment of %(programme)s: %(institution)s leads the partnership "
                "and issues the joint award, so it cannot award separately.",
                **names,
            )
        if not (self.separate_reason or "").strip():
            return self.env._(
                "Alignment of %(programme)s: give the reason why %(institution)s "
                "cannot co-sign the joint award; it is printed on its supplement.",
                **names,
            )
        return None

    def _set_decision(self, state):
        for line in self:
            if line.programme_id.state != "approval":
                raise UserError(
                    self.env._(
                        "%(programme)s: approvals are recorded while the programme "
                        "is in approval.",
                        programme=line.programme_id.display_name,
                    )
                )
        self.write(
            {
                "approval_state": state,
                "approval_date": fields.Date.context_today(self),
                "approval_user_id": self.env.user.id,
            }
        )
        labels = dict(self._fields["approval_state"]._description_selection(self.env))
        for line in self:
            line.programme_id.message_post(
                body=self.env._(
                    "%(institution)s: %(decision)s.",
                    institution=line.institution_id.display_name,
                    decision=labels[state].lower(),
                )
            )

    def action_approve(self):
        self._set_decision("approved")
        return True

    def action_refuse(self):
        self._set_decision("refused")
        return True

    def action_request(self):
        self.write(
            {
                "approval_state": "requested",
                "approval_date": False,
                "approval_user_id": False,
            }
        )
        return True
