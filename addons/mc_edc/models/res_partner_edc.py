# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    mc_seal_certificate_ids = fields.One2many(
        "mc.seal.certificate", "institution_id", string="Seal certificates"
    )

    def _mc_edc_registration(self):
        """The legal identifier an EDC names the institution by: its company
        registry, else its VAT number, else its Erasmus or PIC code."""
        self.ensure_one()
        return (
            self.company_registry
            or self.vat
            or self.erasmus_code
            or self.pic_code
            or ""
        )

    def _mc_edc_organisation(self):
        """Plain dict of the institution for the EDC builder."""
        self.ensure_one()
        if not self.country_id or not self._mc_did():
            raise UserError(
                self.env._(
                    "%(name)s needs a country and a public identifier (signing key) "
                    "before it can issue European Digital Credentials.",
                    name=self.name,
                )
            )
        organisation = {
            "id": self._mc_did(),
            "name": self.name,
            "country": self.country_id.code,
        }
        registration = self._mc_edc_registration()
        if registration:
            organisation["registration"] = registration
        if self.website:
            organisation["url"] = self.website
        if self.email:
            organisation["email"] = self.email
        return organisation
