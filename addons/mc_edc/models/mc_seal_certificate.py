# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from mc_credentials import jades, test_ca

from odoo import api, fields, models
from odoo.exceptions import UserError


def _pem_chain(chain):
    return "".join(
        cert.public_bytes(serialization.Encoding.PEM).decode("ascii") for cert in chain
    )


class McSealCertificate(models.Model):
    """An institution's electronic seal: certificate chain and private key.

    The certificate (public) is what verifiers chain to; the private key is
    readable by the system group only (``groups``), like the Ed25519 signing
    keys, and no view or export of other users shows it. A certificate generated
    by the self-issued TEST CA is marked as such and says so in its subject.
    """

    _name = "mc.seal.certificate"
    _description = "Electronic seal certificate"
    _order = "institution_id, active desc, not_after desc, id desc"

    name = fields.Char(string="Subject", required=True, readonly=True)
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        domain=[("is_institution", "=", True)],
    )
    active = fields.Boolean(
        default=True,
        help="Only the active certificate seals new credentials; archived ones stay "
        "registered so that credentials they sealed keep verifying.",
    )
    algorithm = fields.Selection(
        [("ES256", "ECDSA P-256 (ES256)"), ("RS256", "RSA (RS256)")],
        required=True,
        readonly=True,
    )
    certificate_pem = fields.Text(
        string="Certificate chain (PEM)",
        required=True,
        readonly=True,
        help="The seal certificate, then its CA certificates. Public.",
    )
    # Only the system group may read it; no view shows it.
    private_key_pem = fields.Text(
        string="Private key", readonly=True, copy=False, groups="base.group_system"
    )
    not_before = fields.Datetime(string="Valid from", readonly=True)
    not_after = fields.Datetime(string="Valid until", readonly=True)
    fingerprint = fields.Char(string="SHA-256 fingerprint", readonly=True)
    is_test = fields.Boolean(
        string="Test certificate",
        readonly=True,
        help="Issued by the self-issued TEST CA of this installation: fine for demo "
        "data, worthless to Europass and to anyone outside.",
    )

    @api.model
    def _mc_create_from_material(self, institution, key, chain, is_test=False):
        """Register ``chain`` (certificate first) and its private ``key``."""
        cert = chain[0]
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
        vals = {
            "name": cert.subject.rfc4514_string(),
            "institution_id": institution.id,
            "algorithm": jades.algorithm_for(key),
            "certificate_pem": _pem_chain(chain),
            "private_key_pem": key_pem,
            "not_before": cert.not_valid_before,
            "not_after": cert.not_valid_after,
            "fingerprint": jades.fingerprint(cert),
            "is_test": is_test,
        }
        self.check_access("create")
        # sudo: the private key field is writable by the system group only; the
        # caller's right to register certificates was checked above.
        previous = self.sudo().search([("institution_id", "=", institution.id)])
        previous.write({"active": False})
        return self.sudo().create(vals).sudo(False)

    @api.model
    def _mc_load(self, institution, data, password=None):
        """Register an uploaded PKCS#12 or PEM file; clear errors on bad input."""
        try:
            key, chain = jades.load_seal_material(data, password or None)
        except (jades.SealError, ValueError) as exc:
            raise UserError(
                self.env._(
                    "The seal certificate cannot be used: %(reason)s", reason=exc
                )
            ) from exc
        if chain[0].not_valid_after < fields.Datetime.now():
            raise UserError(self.env._("This seal certificate has expired."))
        return self._mc_create_from_material(institution, key, chain)

    @api.model
    def _mc_generate_test(self, institutions):
        """One labelled TEST seal per institution that has no certificate yet."""
        done = (
            self.with_context(active_test=False)
            .search([("institution_id", "in", institutions.ids)])
            .institution_id
        )
        created = self.browse()
        for institution in institutions - done:
            name = institution.name
            country = institution.country_id.code or "BE"
            ca_key, ca_cert = test_ca.make_test_ca(name, country)
            key, chain = test_ca.issue_test_seal(ca_key, ca_cert, name, country)
            created |= self._mc_create_from_material(institution, key, chain, True)
        return created

    def _mc_chain(self):
        """The certificates (seal certificate first)."""
        self.ensure_one()
        data = self.certificate_pem.encode("ascii")
        return [
            x509.load_pem_x509_certificate(b"-----BEGIN" + block)
            for block in data.split(b"-----BEGIN")[1:]
        ]

    def _mc_key(self):
        """The private key (system access; callers seal with it, never show it)."""
        self.ensure_one()
        pem = self.sudo().private_key_pem
        return serialization.load_pem_private_key(pem.encode("ascii"), None)

    @api.model
    def _mc_active_for(self, institutions):
        """``{institution: active certificate}`` for those that have one."""
        certificates = self.sudo().search(
            [("institution_id", "in", institutions.ids), ("active", "=", True)]
        )
        return {cert.institution_id: cert.sudo(False) for cert in certificates}

    @api.model
    def _mc_registered(self, institution):
        """Every certificate (archived too) the institution registered, as x509
        objects: what a sealed EDC of this institution must chain to."""
        certificates = (
            self.sudo()
            .with_context(active_test=False)
            .search([("institution_id", "=", institution.id)])
        )
        return [cert for record in certificates for cert in record._mc_chain()]

    def write(self, vals):
        if set(vals) - {"active"}:
            raise UserError(
                self.env._(
                    "A seal certificate cannot be changed: upload a new one instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_registered(self):
        raise UserError(
            self.env._(
                "Seal certificates are never deleted: credentials they sealed must "
                "keep verifying. Archive it instead."
            )
        )

    @api.model
    def _mc_demo_test_seals(self):
        """Demo data: TEST seals for the institutions (never for production)."""
        institutions = self.env["res.partner"].search([("is_institution", "=", True)])
        certificates = self._mc_generate_test(institutions)
        # seal the demo awards signed before this module was installed
        awards = self.env["mc.award"].search(
            [("credential_json", "!=", False), ("edc_json", "=", False)]
        )
        for award in awards:
            try:
                with self.env.cr.savepoint():
                    award._mc_seal_edcs()
            except UserError:
                continue  # demo data without what an EDC needs: left unsealed
        return certificates
