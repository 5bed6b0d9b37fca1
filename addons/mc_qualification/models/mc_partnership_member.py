# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class McPartnershipMember(models.Model):
    """An institution's membership of a partnership."""

    _name = "mc.partnership.member"
    _description = "Partnership member"
    _order = "partnership_id, sequence, id"
    _rec_name = "institution_id"

    sequence = fields.Integer(default=10)
    partnership_id = fields.Many2one(
        "mc.partnership", required=True, ondelete="cascade", index=True
    )
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        ondelete="restrict",
        domain=[("is_institution", "=", True)],
    )
    role = fields.Selection(
        [("leading", "Leading"), ("partner", "Partner")],
        required=True,
        default="partner",
    )
    country_id = fields.Many2one(related="institution_id.country_id")
    company_id = fields.Many2one(related="partnership_id.company_id", store=True)

    _sql_constraints = (
        (
            "institution_uniq",
            "unique(partnership_id, institution_id)",
            "An institution can be a member of a partnership only once.",
        ),
    )

    @api.constrains("role", "partnership_id")
    def _check_one_leading(self):
        for partnership in self.partnership_id:
            leading = partnership.member_ids.filtered(lambda m: m.role == "leading")
            if len(leading) > 1:
                raise ValidationError(
                    self.env._(
                        "Partnership %(name)s: only one member can have the role "
                        "'Leading' (%(members)s).",
                        name=partnership.name,
                        members=", ".join(leading.institution_id.mapped("name")),
                    )
                )
