# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    mc_funded_place_id = fields.Many2one(
        "mc.funded.place",
        string="Funded place",
        index="btree_not_null",
        ondelete="restrict",
        help="The funded place this invoice line bills; kept on the credit notes "
        "Odoo's reversal copies from it.",
    )
