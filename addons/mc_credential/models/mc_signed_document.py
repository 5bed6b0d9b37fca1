# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import json

from odoo import fields, models
from odoo.exceptions import UserError


def json_text(document):
    """The stored text of a signed JSON document (UTF-8, indented)."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def sha256_text(text):
    """Hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class McSignedDocument(models.AbstractModel):
    """A signed JSON document kept with its SHA-256, written once.

    The signed fields (``_mc_signed_fields``) cannot be changed once the
    document is signed, except by the code that signs it, through
    ``_write_transition`` (a status list is re-signed whenever a bit changes).
    """

    _name = "mc.signed.document"
    _description = "Signed JSON document"
    _inherit = ["mc.transition.mixin"]  # noqa: RUF012 (Odoo model attribute)

    # The fields written when the document is signed.
    _mc_signed_fields = ("credential_json", "credential_hash")

    credential_json = fields.Text(string="Signed credential", readonly=True, copy=False)
    credential_hash = fields.Char(
        string="Credential SHA-256",
        readonly=True,
        copy=False,
        help="SHA-256 of the stored signed credential, for integrity checks.",
    )

    def write(self, vals):
        if (
            not self._is_transition()
            and set(self._mc_signed_fields).intersection(vals)
            and any(record.credential_json for record in self)
        ):
            raise UserError(self._mc_signed_guard_message())
        return super().write(vals)

    def _mc_signed_guard_message(self):
        """The message refusing a change of a signed document."""
        return self.env._("A signed credential cannot be changed.")

    def _mc_signed_vals(self, document):
        """The values storing the signed ``document`` (a dict): its text and the
        SHA-256 of that text."""
        text = json_text(document)
        return {"credential_json": text, "credential_hash": sha256_text(text)}
