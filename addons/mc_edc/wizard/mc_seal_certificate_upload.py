# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields, models
from odoo.exceptions import UserError


class McSealCertificateUpload(models.TransientModel):
    """Upload an institution's seal certificate (PKCS#12 or PEM with its key)."""

    _name = "mc.seal.certificate.upload"
    _description = "Upload a seal certificate"

    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        domain=[("is_institution", "=", True)],
    )
    file = fields.Binary(string="Certificate file", attachment=False)
    file_name = fields.Char()
    password = fields.Char(
        help="Password of the PKCS#12 file or of the encrypted private key. It is "
        "used once to read the file and is not kept."
    )

    def action_load(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the certificate file to upload."))
        data = base64.b64decode(self.file)
        certificate = self.env["mc.seal.certificate"]._mc_load(
            self.institution_id, data, self.password
        )
        self.write({"file": False, "password": False})
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.seal.certificate",
            "res_id": certificate.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
