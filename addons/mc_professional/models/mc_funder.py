# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

FUNDER_TYPES = [
    ("sector_fund", "Sector fund"),
    ("employer", "Employer"),
    ("public_authority", "Public authority"),
    ("ila_provider", "Individual learning account provider"),
]


class McFunder(models.Model):
    """Who pays for places: a sector fund, an employer, a public authority or the
    provider of individual learning accounts."""

    _name = "mc.funder"
    _description = "Funder"
    _inherit = ("mail.thread",)
    _order = "name"

    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    name = fields.Char(related="partner_id.name", store=True, readonly=True)
    funder_type = fields.Selection(
        FUNDER_TYPES, string="Type", required=True, default="sector_fund", tracking=True
    )
    active = fields.Boolean(default=True)
    agreement_ids = fields.One2many("mc.funding.agreement", "funder_id")
    agreement_count = fields.Integer(compute="_compute_agreement_count")

    _sql_constraints = (
        (
            "partner_uniq",
            "unique(partner_id)",
            "An organisation can only be registered once as a funder.",
        ),
    )

    def _compute_agreement_count(self):
        counts = dict(
            self.env["mc.funding.agreement"]._read_group(
                [("funder_id", "in", self.ids)], ["funder_id"], ["__count"]
            )
        )
        for funder in self:
            funder.agreement_count = counts.get(funder, 0)

    def action_view_agreements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_funding_agreement_action"
        )
        action["domain"] = [("funder_id", "=", self.id)]
        action["context"] = {"default_funder_id": self.id}
        return action
