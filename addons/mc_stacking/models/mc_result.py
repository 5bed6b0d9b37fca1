# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class McResult(models.Model):
    """A result can come from the recognition of a prior award: its origin."""

    _inherit = "mc.result"

    recognition_id = fields.Many2one(
        "mc.recognition",
        string="Recognised from",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
        help="The recognised prior award or credential this result comes from.",
    )
    origin = fields.Selection(
        [("assessed", "Assessed"), ("recognised", "Recognised prior award")],
        compute="_compute_origin",
        store=True,
    )

    @api.depends("recognition_id")
    def _compute_origin(self):
        for result in self:
            result.origin = "recognised" if result.recognition_id else "assessed"
