# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from mc_credentials.keys import KeyPair

from odoo import api, fields, models

SERVICE_TYPE = "JointAwardPartnership"
# key ids are ``key-<hex>``: a partnership's method is ``<member slug>-key-<hex>``
KEY_MARK = "-key-"


class ResPartner(models.Model):
    """A partnership's issuer identity: its did:web document lists every key of
    every member (retired ones too) as its own verification methods, named
    ``<partnership DID>#<member slug>-<key id>``; each member's document points
    back to it with a service entry."""

    _inherit = "res.partner"

    mc_issuer_partnership_id = fields.Many2one(
        "mc.partnership",
        string="Issuer of partnership",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="This contact is the issuer identity of a partnership's joint awards.",
    )

    def _mc_default_slug(self):
        if self.mc_issuer_partnership_id:
            code = self.mc_issuer_partnership_id.code or self.name
            return (self.env["ir.http"]._slugify(code) or "partnership")[:50]
        return super()._mc_default_slug()

    def _mc_partnership_members(self):
        """Member institutions of the partnership this identity issues for."""
        self.ensure_one()
        return self.mc_issuer_partnership_id.member_ids.institution_id

    def _mc_partnership_method(self, key):
        """The partnership's verification method for a member's signing key."""
        self.ensure_one()
        return f"{self._mc_did()}#{key.institution_id.mc_issuer_slug}-{key.key_id}"

    def _mc_partnership_methods(self):
        """``{partnership verification method: member's signing key}`` of every
        partnership identity of ``self``, retired keys included."""
        methods = {}
        for issuer in self.filtered("mc_issuer_partnership_id"):
            for key in issuer._mc_partnership_members().mc_signing_key_ids:
                methods[issuer._mc_partnership_method(key)] = key
        return methods

    @api.model
    def _mc_method_holder(self, method, dids):
        """The DID whose key made a proof: for a partnership's method
        (``<partnership DID>#<member slug>-<key id>``) the member's, else the
        method's controller. No query: ``dids`` maps issuer slugs to DIDs.

        :param method: a verification method id, or a controller DID."""
        controller, _sep, fragment = method.partition("#")
        member_slug = fragment.rpartition(KEY_MARK)[0]
        return dids.get(member_slug) or controller

    def _mc_controller_document(self):
        document = super()._mc_controller_document()
        if self.mc_issuer_partnership_id:
            members = self._mc_partnership_members()
            keys = members.mc_signing_key_ids.sorted(
                lambda k: (k.state != "active", k.id)
            )
            methods = [
                {
                    "id": self._mc_partnership_method(key),
                    "type": "Multikey",
                    "controller": document["id"],
                    "publicKeyMultibase": key.public_key_multibase,
                }
                for key in keys
            ]
            document["controller"] = [m._mc_did() for m in members if m._mc_did()]
            document["verificationMethod"] = methods
            document["assertionMethod"] = [m["id"] for m in methods]
            return document
        issuers = self.env["mc.partnership"].search(
            [("member_ids.institution_id", "=", self.id), ("mc_issuer_id", "!=", False)]
        )
        if issuers:
            did = document["id"]
            document["service"] = [
                {
                    "id": f"{did}#partnership-{issuer.mc_issuer_slug}",
                    "type": SERVICE_TYPE,
                    "serviceEndpoint": issuer.mc_did_document_url,
                }
                for issuer in issuers.mc_issuer_id
            ]
        return document

    def _mc_signers(self):
        """A partnership identity signs (its status lists) with its leading
        member's active key, under the partnership's verification method."""
        issuers = self.filtered("mc_issuer_partnership_id")
        signers = super(ResPartner, self - issuers)._mc_signers()
        for issuer in issuers:
            leading = issuer.mc_issuer_partnership_id.leading_institution_id
            member = leading or issuer._mc_partnership_members()[:1]
            signers[issuer] = issuer._mc_member_signers(member)[member]
        return signers

    def _mc_member_signers(self, members, own=None):
        """``{member: KeyPair}``: each member's active key under the
        partnership's verification method (joint awards).

        :param own: the members' own signers, when the caller has them."""
        self.ensure_one()
        own = own or members._mc_signers()
        return {
            member: KeyPair(
                own[member].private_key,
                self._mc_partnership_method(member.mc_active_signing_key_id),
            )
            for member in members
        }
