# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

ASSESSMENT_TYPES = [
    ("none", "No assessment (attendance)"),
    ("written_exam", "Written examination"),
    ("oral_exam", "Oral examination"),
    ("online_exam", "Online examination"),
    ("project", "Project or assignment"),
    ("portfolio", "Portfolio"),
    ("mixed", "Mixed"),
]

SUPERVISION_MODES = [
    ("unsupervised_no_id", "Unsupervised, no identity verification"),
    ("supervised_no_id", "Supervised, no identity verification"),
    ("supervised_id", "Supervised online or on site, with identity verification"),
]


class McProgrammeUnit(models.Model):
    """A course or module of a programme, provided by one partner institution."""

    _name = "mc.programme.unit"
    _inherit = "mc.programme.content.mixin"
    _description = "Programme unit"
    _order = "programme_id, sequence, id"

    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "mc.programme", required=True, ondelete="cascade", index=True
    )
    partnership_id = fields.Many2one(related="programme_id.partnership_id")
    name = fields.Char(string="Title", required=True, translate=True)
    code = fields.Char()
    ects = fields.Float(string="ECTS", digits=(16, 2), required=True, default=1.0)
    hours = fields.Float(string="Workload (hours)")
    eqf_level = fields.Integer(string="EQF level")
    institution_id = fields.Many2one(
        "res.partner",
        string="Providing institution",
        domain="[('id', 'in', allowed_institution_ids)]",
        ondelete="restrict",
    )
    allowed_institution_ids = fields.Many2many(
        "res.partner", compute="_compute_allowed_institution_ids"
    )
    assessment_type = fields.Selection(
        ASSESSMENT_TYPES, string="Assessment type", default="written_exam"
    )
    supervision_mode = fields.Selection(
        SUPERVISION_MODES, string="Supervision and identity verification"
    )
    mandatory = fields.Boolean(default=True)
    learning_outcomes = fields.Text(translate=True)
    company_id = fields.Many2one(related="programme_id.company_id", store=True)

    @api.depends("programme_id.partnership_id.member_ids.institution_id")
    def _compute_allowed_institution_ids(self):
        for unit in self:
            unit.allowed_institution_ids = (
                unit.programme_id.partnership_id.member_ids.institution_id
            )

    @api.constrains("ects")
    def _check_ects(self):
        for unit in self:
            if unit.ects <= 0:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s: ECTS must be greater than 0 (got %(ects)s).",
                        unit=unit.name,
                        ects=unit.ects,
                    )
                )

    @api.constrains("hours")
    def _check_hours(self):
        for unit in self:
            if unit.hours < 0:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s: the workload in hours cannot be negative.",
                        unit=unit.name,
                    )
                )

    @api.constrains("eqf_level")
    def _check_eqf_level(self):
        for unit in self:
            if unit.eqf_level and not 1 <= unit.eqf_level <= 8:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s: EQF level must be between 1 and 8 "
                        "(got %(level)s).",
                        unit=unit.name,
                        level=unit.eqf_level,
                    )
                )

    @api.constrains("institution_id", "programme_id")
    def _check_institution_in_partnership(self):
        for unit in self:
            institutions = unit.programme_id.partnership_id.member_ids.institution_id
            if unit.institution_id and unit.institution_id not in institutions:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s: the providing institution %(institution)s is "
                        "not a member of the partnership %(partnership)s.",
                        unit=unit.name,
                        institution=unit.institution_id.display_name,
                        partnership=unit.programme_id.partnership_id.display_name,
                    )
                )
