# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    mc_funding_agreement_id = fields.Many2one(
        "mc.funding.agreement",
        string="Funding agreement",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The funding agreement whose funded places this invoice or credit "
        "note bills.",
    )
