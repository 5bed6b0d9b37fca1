# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McAwardLine(models.Model):
    """Per-institution credential of a *multiple* award (one per institution)."""

    _name = "mc.award.line"
    # the mixin first: mc.award.line already inherits mc.transition.mixin, which the
    # mixin extends (a consistent method resolution order)
    _inherit = ["mc.signed.credential", "mc.award.line"]  # noqa: RUF012

    credential_json = fields.Text(
        help="Multiple award: this institution's own signed credential, which "
        "cross-references the credentials of the other institutions.",
    )

    def _mc_signed_guard_message(self):
        return self.env._("The signed credential of an award cannot be changed.")

    def _mc_status_entry_links(self):
        self.ensure_one()
        return {"award_id": self.award_id.id, "award_line_id": self.id}
