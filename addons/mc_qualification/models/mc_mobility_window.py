# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class McMobilityWindow(models.Model):
    """A part of a programme hosted by one partner, that learners of the others
    can follow there."""

    _name = "mc.mobility.window"
    _inherit = "mc.programme.content.mixin"
    _description = "Mobility window"
    _order = "programme_id, sequence, id"

    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "mc.programme", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True, translate=True)
    host_institution_id = fields.Many2one(
        "res.partner",
        string="Host institution",
        required=True,
        ondelete="restrict",
        domain="[('id', 'in', allowed_institution_ids)]",
    )
    allowed_institution_ids = fields.Many2many(
        "res.partner", compute="_compute_allowed_institution_ids"
    )
    unit_ids = fields.Many2many(
        "mc.programme.unit",
        string="Units",
        domain="[('programme_id', '=', programme_id)]",
    )
    ects = fields.Float(string="ECTS", compute="_compute_ects")
    mobility_type = fields.Selection(
        [("physical", "Physical"), ("virtual", "Virtual"), ("blended", "Blended")],
        default="physical",
    )
    company_id = fields.Many2one(related="programme_id.company_id", store=True)

    @api.depends("programme_id.partnership_id.member_ids.institution_id")
    def _compute_allowed_institution_ids(self):
        for window in self:
            window.allowed_institution_ids = (
                window.programme_id.partnership_id.member_ids.institution_id
            )

    @api.depends("unit_ids.ects")
    def _compute_ects(self):
        for window in self:
            window.ects = sum(window.unit_ids.mapped("ects"))

    @api.constrains("host_institution_id", "unit_ids", "programme_id")
    def _check_consistency(self):
        for window in self:
            institutions = window.programme_id.partnership_id.member_ids.institution_id
            if window.host_institution_id not in institutions:
                raise ValidationError(
                    self.env._(
                        "Mobility window %(name)s: the host institution %(host)s is "
                        "not a member of the partnership.",
                        name=window.name,
                        host=window.host_institution_id.display_name,
                    )
                )
            if window.unit_ids.programme_id - window.programme_id:
                raise ValidationError(
                    self.env._(
                        "Mobility window %(name)s: its units must belong to the "
                        "same programme.",
                        name=window.name,
                    )
                )
