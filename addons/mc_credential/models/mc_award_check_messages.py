# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Verdicts of the public page, by the codes of mc_credentials' checks
# (never by the English text of their messages).
STATUS_BY_CODE = {
    "revoked": "revoked",
    "suspended": "suspended",
    "expired": "expired",
}


class McAward(models.Model):
    """What the public page and the upload form say about each check of a
    verification report, in the reader's language."""

    _inherit = "mc.award"

    @api.model
    def _mc_check_message(self, check):
        """A translated sentence for ``check`` (by its code); the verifier's
        own English message for a code this table does not know."""
        messages = {
            "shape_valid": self.env._(
                "The file is a well-formed Open Badges 3.0 credential."
            ),
            "shape_invalid": self.env._("The file is not a well-formed credential."),
            "proof_valid": self.env._("The signature is valid."),
            "proof_invalid": self.env._(
                "The signature does not match the content or the published key."
            ),
            "proof_missing": self.env._("This institution's signature is missing."),
            "no_status": self.env._("The credential has no status list."),
            "status_clear": self.env._("Not revoked."),
            "revoked": self.env._("The issuer has revoked this credential."),
            "suspended": self.env._("The issuer has suspended this credential."),
            "status_unchecked": self.env._("The status list could not be checked."),
            "status_unavailable": self.env._(
                "The issuer's status list is not available."
            ),
            "status_untrusted": self.env._(
                "The issuer's status list cannot be trusted."
            ),
            "status_invalid": self.env._("The credential's status entry is not valid."),
            "dates_valid": self.env._("Within its validity dates."),
            "not_yet_valid": self.env._("Not valid yet."),
            "expired": self.env._("The credential has expired."),
            "dates_invalid": self.env._("The validity dates are not valid."),
            "error": self.env._("The credential could not be checked."),
        }
        return messages.get(check.code) or check.message

    @api.model
    def _mc_report_status(self, report):
        """The page's verdict: revoked, suspended, expired, valid or invalid."""
        for name in ("status", "validity"):
            check = report.get(name)
            if check and not check.ok and check.code in STATUS_BY_CODE:
                return STATUS_BY_CODE[check.code]
        return "valid" if report.ok else "invalid"
