# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McAwardRevoke(models.TransientModel):
    """Ask why awards are suspended, revoked or corrected, then do it."""

    _name = "mc.award.revoke"
    _description = "Revoke, Suspend or Correct Awards"

    award_ids = fields.Many2many("mc.award", string="Awards", required=True)
    operation = fields.Selection(
        [
            ("suspend", "Suspend (reversible hold)"),
            ("revoke", "Revoke (final)"),
            ("correct", "Correct (revoke and prepare a replacement)"),
        ],
        required=True,
        default="revoke",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        awards = self.award_ids
        if self.operation == "suspend":
            awards._suspend(self.reason)
            return {"type": "ir.actions.act_window_close"}
        if self.operation == "revoke":
            awards._revoke(self.reason)
            return {"type": "ir.actions.act_window_close"}
        replacements = awards._correct(self.reason)
        if len(replacements) == 1:
            return replacements._get_form_action()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.award",
            "view_mode": "list,form",
            "domain": [("id", "in", replacements.ids)],
        }
