# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError

_SIGNED_FIELDS = {"credential_json", "credential_hash", "credential_uuid"}


class McAwardLine(models.Model):
    """Per-institution credential of a *multiple* award (one per institution)."""

    _inherit = "mc.award.line"

    credential_uuid = fields.Char(
        string="Credential id", readonly=True, copy=False, index="btree_not_null"
    )
    credential_json = fields.Text(
        string="Signed credential",
        readonly=True,
        copy=False,
        help="Multiple award: this institution's own signed credential, which "
        "cross-references the credentials of the other institutions.",
    )
    credential_hash = fields.Char(
        string="Credential SHA-256", readonly=True, copy=False
    )

    def write(self, vals):
        if _SIGNED_FIELDS & set(vals) and any(line.credential_json for line in self):
            raise UserError(
                self.env._("The signed credential of an award cannot be changed.")
            )
        return super().write(vals)
