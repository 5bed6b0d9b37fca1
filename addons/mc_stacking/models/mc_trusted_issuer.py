# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from cryptography import x509
from mc_credentials.verify import keys_from_data, make_resolver

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class McTrustedIssuer(models.Model):
    """An institution outside this registry whose credentials the registry
    recognises: its identifier (a DID) and its published keys."""

    _name = "mc.trusted.issuer"
    _description = "Trusted issuer"
    _inherit = "mail.thread"
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    issuer_ref = fields.Char(
        string="Issuer identifier",
        required=True,
        tracking=True,
        help="The issuer id its credentials carry: a DID (did:web:…, did:key:…) "
        "or the URL of its profile.",
    )
    kind = fields.Selection(
        [("did", "DID and keys"), ("certificate", "Signing certificate (EDC)")],
        default="did",
        required=True,
    )
    controller_document = fields.Text(
        string="Keys (DID document)",
        help="The issuer's DID document (did.json) with its public keys, as "
        "downloaded from the issuer. Not needed for a did:key issuer; for an EDC "
        "issuer, the keys its status lists are signed with.",
    )
    certificate = fields.Text(
        string="Certificates (PEM)",
        help="The certificate(s) an EDC issuer's seals must chain to: its "
        "qualified seal certificate or the certification authority that issued "
        "it (PEM, several may follow one another).",
    )
    country_id = fields.Many2one("res.country")
    active = fields.Boolean(default=True, tracking=True)
    note = fields.Text()

    _sql_constraints = (
        (
            "issuer_ref_uniq",
            "unique(issuer_ref)",
            "An issuer is on the list of trusted issuers once.",
        ),
    )

    @api.constrains("controller_document", "kind", "issuer_ref")
    def _check_controller_document(self):
        for issuer in self.filtered(lambda i: i.kind == "did"):
            if issuer.issuer_ref.startswith("did:key:"):
                continue
            try:
                keys = keys_from_data(json.loads(issuer.controller_document or ""))
            except ValueError:
                keys = {}
            if not keys:
                raise ValidationError(
                    self.env._(
                        "Trusted issuer %(name)s: the field 'Keys (DID document)' "
                        "must be the issuer's DID document (JSON) with at least "
                        "one public key.",
                        name=issuer.name,
                    )
                )

    @api.constrains("certificate", "kind")
    def _check_certificate(self):
        for issuer in self.filtered(lambda i: i.kind == "certificate"):
            if not issuer._mc_certificates():
                raise ValidationError(
                    self.env._(
                        "Trusted issuer %(name)s: the field 'Certificates (PEM)' "
                        "must hold at least one certificate in PEM form "
                        "(-----BEGIN CERTIFICATE-----).",
                        name=issuer.name,
                    )
                )

    def _mc_certificates(self):
        """The certificates (``cryptography`` objects) of these issuers, in
        PEM order; unreadable blocks are left out."""
        marker = "-----END CERTIFICATE-----"
        found = []
        for issuer in self:
            for block in (issuer.certificate or "").split(marker)[:-1]:
                try:
                    found.append(
                        x509.load_pem_x509_certificate((block + marker).encode())
                    )
                except ValueError:
                    continue
        return found

    @api.model
    def _mc_find(self, issuer_ref):
        """The active trusted issuer with this identifier (empty when none)."""
        if not isinstance(issuer_ref, str) or not issuer_ref:
            return self.browse()
        return self.search([("issuer_ref", "=", issuer_ref)], limit=1)

    def _mc_resolver(self):
        """Key resolver over this issuer's published keys (did:key natively)."""
        documents = [
            json.loads(issuer.controller_document)
            for issuer in self
            if issuer.controller_document
        ]
        return make_resolver(documents)
