# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError

MAX_BYTES = 512 * 1024


class McRecognitionUpload(models.TransientModel):
    """Recognise one chosen prior award of this registry, or upload a
    credential issued elsewhere as a recognition request."""

    _name = "mc.recognition.upload"
    _description = "Recognise a prior award or credential"

    enrolment_id = fields.Many2one("mc.enrolment", required=True, readonly=True)
    learner_id = fields.Many2one(related="enrolment_id.learner_id")
    source = fields.Selection(
        [("award", "Award of this registry"), ("external", "External credential")],
        default="award",
        required=True,
    )
    award_id = fields.Many2one(
        "mc.award",
        string="Prior award",
        domain="[('learner_id', '=', learner_id), ('state', '!=', 'draft')]",
    )
    credential_file = fields.Binary(string="Credential (JSON)")
    credential_filename = fields.Char()
    status_list_file = fields.Binary(
        string="Status lists (JSON)",
        help="The issuer's status list credential(s) the credential points to, "
        "as downloaded from the issuer.",
    )
    status_list_filename = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        if self.source == "award":
            if not self.award_id:
                raise UserError(self.env._("Choose the prior award to recognise."))
            recognitions = self.enrolment_id._mc_recognise_awards(self.award_id)
        else:
            recognitions = self.env["mc.recognition"]._mc_request_external(
                self.enrolment_id,
                self._mc_text(self.credential_file, required=True),
                self._mc_text(self.status_list_file),
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.recognition",
            "res_id": recognitions[:1].id,
            "view_mode": "form",
            "target": "current",
        }

    def _mc_text(self, data, required=False):
        """The uploaded file as text (at most 512 KB)."""
        if not data:
            if required:
                raise UserError(self.env._("Upload the credential file."))
            return None
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The file could not be read.")) from error
        if len(raw) > MAX_BYTES:
            raise UserError(self.env._("The file is larger than 512 KB."))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._("The file is not a text file (UTF-8 JSON).")
            ) from error
