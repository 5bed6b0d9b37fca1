# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from typing import ClassVar
from urllib.parse import quote, urlsplit

from mc_credentials import controller_document
from mc_credentials.keys import KeyPair, multikey_to_public_key

from odoo import api, fields, models
from odoo.exceptions import UserError

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class ResPartner(models.Model):
    """Institutions as credential issuers: signing keys and a did:web identifier.

    The DID is ``did:web:<host of web.base.url>:mc:issuers:<slug>``; by the did:web
    rules it resolves to ``<base url>/mc/issuers/<slug>/did.json``, the controller
    document served by this database (all keys, retired ones included).
    """

    _inherit = "res.partner"

    mc_signing_key_ids = fields.One2many(
        "mc.signing.key",
        "institution_id",
        string="Signing keys",
        readonly=True,
    )
    mc_active_signing_key_id = fields.Many2one(
        "mc.signing.key",
        string="Active signing key",
        compute="_compute_mc_active_signing_key_id",
    )
    mc_issuer_slug = fields.Char(
        string="Issuer slug",
        copy=False,
        index="btree_not_null",
        help="Path segment of the institution's public identifier "
        "(did:web) and of its status lists. Set when the first key is generated; "
        "changing it later breaks the verification of issued credentials.",
    )
    mc_issuer_base_url = fields.Char(
        string="Issuer base URL",
        copy=False,
        readonly=True,
        help="Base URL of this database when the institution's first key was "
        "generated. Its identifier (did:web) and status-list addresses are built on "
        "it, so that changing web.base.url later (a login from another address, a "
        "restore on another host) never changes what issued credentials refer to.",
    )
    mc_did = fields.Char(
        string="Issuer identifier (DID)",
        compute="_compute_mc_did",
        help="did:web identifier used as issuer id in the signed credentials.",
    )
    mc_did_document_url = fields.Char(
        string="Controller document", compute="_compute_mc_did"
    )

    _sql_constraints: ClassVar[list] = [
        (
            "mc_issuer_slug_uniq",
            "unique(mc_issuer_slug)",
            "Another institution already uses this issuer slug.",
        ),
    ]

    @api.depends("mc_signing_key_ids.state")
    def _compute_mc_active_signing_key_id(self):
        for partner in self:
            partner.mc_active_signing_key_id = partner.mc_signing_key_ids.filtered(
                lambda k: k.state == "active"
            )[:1]

    @api.depends("mc_issuer_slug")
    def _compute_mc_did(self):
        for partner in self:
            partner.mc_did = partner._mc_did()
            partner.mc_did_document_url = (
                f"{partner._mc_issuer_base_url()}/mc/issuers/"
                f"{partner.mc_issuer_slug}/did.json"
                if partner.mc_issuer_slug
                else False
            )

    @api.constrains("mc_issuer_slug")
    def _check_mc_issuer_slug(self):
        for partner in self:
            if partner.mc_issuer_slug and not SLUG_RE.match(partner.mc_issuer_slug):
                raise UserError(
                    self.env._(
                        "Issuer slug of %(name)s: use lower-case letters, digits and "
                        "hyphens only (at most 63 characters).",
                        name=partner.display_name,
                    )
                )

    def action_generate_signing_key(self):
        """Generate the first key, or rotate: retire the active key, create a new one.

        Retired keys stay in the controller document.
        """
        self.env["mc.signing.key"].check_access("create")
        self._mc_ensure_issuer_slug()
        self.mc_signing_key_ids.filtered(lambda k: k.state == "active").action_retire()
        self.env["mc.signing.key"].create(
            [{"institution_id": partner.id} for partner in self]
        )
        return True

    # ------------------------------------------------------------------------
    # business methods

    def _mc_default_slug(self):
        self.ensure_one()
        source = getattr(self, "erasmus_code", False) or self.name or "institution"
        slug = self.env["ir.http"]._slugify(source) or "institution"
        return slug[:50].strip("-") or "institution"

    def _mc_ensure_issuer_slug(self):
        """Give each institution of ``self`` a unique issuer slug if it has none."""
        missing = self.filtered(lambda p: not p.mc_issuer_slug)
        if not missing:
            return
        wanted = {partner: partner._mc_default_slug() for partner in missing}
        taken = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("mc_issuer_slug", "in", list(wanted.values()))])
            .mapped("mc_issuer_slug")
        )
        base_url = self.browse().get_base_url()
        for partner, slug in wanted.items():
            candidate, n = slug, 1
            while candidate in taken:
                n += 1
                candidate = f"{slug}-{n}"
            taken.add(candidate)
            # sudo: the slug is set once, with the first key, by whoever may
            # create keys (checked by the callers); partner write access is not
            # the right that matters here.
            partner.sudo().write(
                {"mc_issuer_slug": candidate, "mc_issuer_base_url": base_url}
            )

    def _mc_issuer_base_url(self):
        """The base URL the institution's identifiers are built on (frozen with its
        first key; the current one before that)."""
        self.ensure_one()
        return self.mc_issuer_base_url or self.browse().get_base_url()

    def _mc_did(self):
        """Return the did:web identifier of one institution (False without slug)."""
        self.ensure_one()
        if not self.mc_issuer_slug:
            return False
        host = urlsplit(self._mc_issuer_base_url()).netloc
        return f"did:web:{quote(host, safe='')}:mc:issuers:{self.mc_issuer_slug}"

    def _mc_issuer_profile(self):
        """Plain dict describing the institution for the credential builder."""
        self.ensure_one()
        others = []
        for field_name, identifier_type in (
            ("erasmus_code", "ext:ErasmusCode"),
            ("pic_code", "ext:PIC"),
            ("ror_id", "ext:ROR"),
        ):
            value = self[field_name] if field_name in self._fields else False
            if value:
                others.append({"identifier": value, "identifierType": identifier_type})
        profile = {
            "id": self._mc_did(),
            "name": self.name,
            "other_identifiers": others,
        }
        if self.website:
            profile["url"] = self.website
        return profile

    def _mc_controller_document(self):
        """The institution's did:web controller document (all keys, retired too)."""
        self.ensure_one()
        did = self._mc_did()
        keys = self.mc_signing_key_ids.sorted(lambda k: (k.state != "active", k.id))
        document = controller_document(
            did,
            {
                key.key_id: multikey_to_public_key(key.public_key_multibase)
                for key in keys
            },
        )
        if keys:
            active = keys.filtered(lambda k: k.state == "active")
            document["assertionMethod"] = [f"{did}#{key.key_id}" for key in keys]
            if active:
                document["authentication"] = [f"{did}#{active[0].key_id}"]
        return document

    def _mc_signers(self):
        """Return ``{partner: KeyPair}`` for the partners of ``self``, giving each
        one an issuer slug and, on first use, a signing key generated now."""
        self._mc_ensure_issuer_slug()
        without_key = self.filtered(lambda p: not p.mc_active_signing_key_id)
        if without_key:
            # sudo: a partner signs its first credential with a key generated now;
            # the right to issue was checked by the caller.
            without_key.sudo().action_generate_signing_key()
            self.invalidate_recordset(["mc_active_signing_key_id"])
        self._mc_require_signing_key()
        private_keys = self.mc_active_signing_key_id._get_private_keys()
        return {
            partner: KeyPair(
                private_keys[partner.mc_active_signing_key_id],
                partner.mc_active_signing_key_id.verification_method,
            )
            for partner in self
        }

    def _mc_require_signing_key(self):
        """Raise a clear error for institutions that cannot sign yet."""
        missing = self.filtered(lambda p: not p.mc_active_signing_key_id)
        if missing:
            raise UserError(
                self.env._(
                    "These institutions have no active signing key: %(names)s. "
                    "Generate one on the institution (Credentials tab) first.",
                    names=", ".join(missing.mapped("display_name")),
                )
            )
