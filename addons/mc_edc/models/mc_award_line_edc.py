# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McAwardLine(models.Model):
    _inherit = "mc.award.line"

    edc_uuid = fields.Char(
        string="EDC id", readonly=True, copy=False, index="btree_not_null"
    )
    edc_json = fields.Text(
        string="Sealed EDC",
        readonly=True,
        copy=False,
        help="Multiple award: this institution's European Digital Credential, "
        "sealed (JAdES), exactly as downloaded.",
    )
