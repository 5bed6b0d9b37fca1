# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class McAward(models.Model):
    """What the upload form says about each check of a sealed EDC (JAdES), in
    the reader's language, by the codes of mc_credentials.jades."""

    _inherit = "mc.award"

    @api.model
    def _mc_check_message(self, check):
        messages = {
            "seal_shape_valid": self.env._(
                "The file is a sealed European Digital Credential."
            ),
            "seal_shape_invalid": self.env._(
                "The file is not a well-formed sealed European Digital Credential."
            ),
            "seal_valid": self.env._("The seal is valid."),
            "seal_invalid": self.env._("The seal does not match the content."),
            "certificate_match": self.env._("The seal names its own certificate."),
            "certificate_swapped": self.env._(
                "The certificate in the file is not the one that made the seal."
            ),
            "chain_registered": self.env._(
                "The seal certificate is one the institution registered."
            ),
            "chain_unregistered": self.env._(
                "The seal certificate was not registered by the institution."
            ),
            "certificate_valid": self.env._(
                "The seal certificate is within its dates."
            ),
            "certificate_expired": self.env._("The seal certificate has expired."),
            "certificate_not_yet_valid": self.env._(
                "The seal certificate is not valid yet."
            ),
        }
        return messages.get(check.code) or super()._mc_check_message(check)
