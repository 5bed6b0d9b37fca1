# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MANAGER_GROUP = "mc_qualification.mc_qualification_group_manager"


class ResPartner(models.Model):
    """An institution's X.509 certificate for the EMREX ELMO transcripts it
    signs (our own institutions, with their key) or sends us (partners)."""

    _inherit = "res.partner"

    mc_elmo_certificate = fields.Text(
        string="Transcript Certificate",
        help="PEM X.509 certificate of the institution. Transcripts (ELMO) it "
        "sends are checked against it; ours are signed with it when the key "
        "is set too.",
    )
    mc_elmo_private_key = fields.Text(
        string="Transcript Signing Key",
        groups=MANAGER_GROUP,
        help="PEM private key matching the certificate (our own institutions "
        "only): ELMO transcripts exported for this institution are signed "
        "with XML-DSig.",
    )

    @api.constrains("mc_elmo_certificate")
    def _check_mc_elmo_certificate(self):
        for partner in self.filtered("mc_elmo_certificate"):
            try:
                x509.load_pem_x509_certificate(partner.mc_elmo_certificate.encode())
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "The field 'Transcript Certificate' of %(name)s is not a "
                        "PEM X.509 certificate.",
                        name=partner.display_name,
                    )
                ) from error

    @api.constrains("mc_elmo_private_key")
    def _check_mc_elmo_private_key(self):
        for partner in self.filtered("mc_elmo_private_key"):
            try:
                serialization.load_pem_private_key(
                    partner.mc_elmo_private_key.encode(), password=None
                )
            except (ValueError, TypeError) as error:
                raise ValidationError(
                    self.env._(
                        "The field 'Transcript Signing Key' of %(name)s is not an "
                        "unencrypted PEM private key.",
                        name=partner.display_name,
                    )
                ) from error
