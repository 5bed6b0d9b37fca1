# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import secrets
from typing import ClassVar

from mc_credentials import (
    StatusList,
    add_proofs,
    build_status_list_credential,
)
from mc_credentials.status_list import MIN_SIZE

from odoo import api, fields, models
from odoo.exceptions import UserError

PURPOSES = [("revocation", "Revocation"), ("suspension", "Suspension")]


class McStatusList(models.Model):
    """A W3C Bitstring Status List of one institution, for one purpose.

    Each credential an institution signs gets a random, never reused index in its
    revocation list and in its suspension list. The list is served, signed by the
    institution, at ``/mc/status/<purpose>/<slug>``; it is re-signed whenever a bit
    changes.
    """

    _name = "mc.status.list"
    _description = "Credential status list"
    _inherit = ["mc.signed.document"]  # noqa: RUF012 (Odoo model attribute)
    _order = "institution_id, purpose, id"
    _rec_name = "slug"
    # the list's ttl (how long a verifier may cache it): also the max-age of its URL
    _ttl_seconds = 300

    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    purpose = fields.Selection(
        PURPOSES, string="Status purpose", required=True, readonly=True
    )
    slug = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        help="Last segment of the public URL of the list.",
    )
    size = fields.Integer(
        required=True,
        readonly=True,
        default=MIN_SIZE,
        help="Number of entries (at least 131,072, so that an index reveals little "
        "about the credential).",
    )
    entry_ids = fields.One2many("mc.status.list.entry", "list_id", readonly=True)
    entry_count = fields.Integer(compute="_compute_entry_count")
    set_count = fields.Integer(
        string="Set bits",
        readonly=True,
        help="Credentials of this list currently revoked (or suspended).",
    )
    encoded_list = fields.Text(
        readonly=True,
        help="GZIP-compressed bitstring, multibase base64url (Bitstring Status "
        "List), as last signed.",
    )
    credential_json = fields.Text(
        string="Signed list credential",
        help="BitstringStatusListCredential signed by the institution's active key.",
    )
    date_signed = fields.Datetime(readonly=True, copy=False)
    url = fields.Char(compute="_compute_url")

    _sql_constraints: ClassVar[list] = [
        ("slug_purpose_uniq", "unique(purpose, slug)", "Status list URLs are unique."),
        ("size_min", f"CHECK(size >= {MIN_SIZE})", "A status list is too small."),
    ]

    def _compute_entry_count(self):
        counts = dict(
            self.env["mc.status.list.entry"]._read_group(
                [("list_id", "in", self.ids)], ["list_id"], ["__count"]
            )
        )
        for status_list in self:
            status_list.entry_count = counts.get(status_list, 0)

    @api.depends("slug", "purpose", "institution_id.mc_issuer_base_url")
    def _compute_url(self):
        for status_list in self:
            base_url = status_list.institution_id._mc_issuer_base_url()
            status_list.url = (
                f"{base_url}/mc/status/{status_list.purpose}/{status_list.slug}"
            )

    # ------------------------------------------------------------------------
    # business methods

    @api.model
    def _get_lists(self, institutions):
        """Return ``{(institution, purpose): list}`` with room left, creating lists.

        Batch: one search and at most one create for all institutions.
        """
        lists = self.search(
            [("institution_id", "in", institutions.ids)], order="id desc"
        )
        counts = dict(
            self.env["mc.status.list.entry"]._read_group(
                [("list_id", "in", lists.ids)], ["list_id"], ["__count"]
            )
        )
        found = {}
        for status_list in lists:
            key = (status_list.institution_id, status_list.purpose)
            if key not in found and counts.get(status_list, 0) < status_list.size // 2:
                found[key] = status_list
        to_create = []
        for institution in institutions:
            for purpose, _label in PURPOSES:
                if (institution, purpose) not in found:
                    number = len(
                        lists.filtered(
                            lambda sl, i=institution, p=purpose: (
                                sl.institution_id == i and sl.purpose == p
                            )
                        )
                    )
                    to_create.append(
                        {
                            "institution_id": institution.id,
                            "purpose": purpose,
                            "slug": f"{institution.mc_issuer_slug}-{number + 1}"
                            if number
                            else institution.mc_issuer_slug,
                        }
                    )
        if to_create:
            created = self.create(to_create)
            created._sign()
            for status_list in created:
                found[(status_list.institution_id, status_list.purpose)] = status_list
        return found

    @api.model
    def _allocate_indexes(self, wanted):
        """Draw random indexes never handed out before.

        :param wanted: ``{status list: number of indexes}``
        :returns: ``{status list: [indexes]}``

        Lists are only filled to half their size (see ``_get_lists``), so random
        draws rarely collide; candidates of every list are checked against the
        database in one query per round, without loading the lists' entries.
        """
        Entry = self.env["mc.status.list.entry"]
        chosen = {status_list: set() for status_list in wanted}
        while True:
            candidates = {
                status_list: {
                    secrets.randbelow(status_list.size)
                    for _i in range(count - len(chosen[status_list]))
                }
                - chosen[status_list]
                for status_list, count in wanted.items()
                if len(chosen[status_list]) < count
            }
            if not candidates:
                break
            lists = self.browse([status_list.id for status_list in candidates])
            indexes = set().union(*candidates.values())
            taken = {
                (entry.list_id.id, entry.index)
                for entry in Entry.search(
                    [("list_id", "in", lists.ids), ("index", "in", list(indexes))]
                )
            }
            for status_list, drawn in candidates.items():
                for index in drawn:
                    if (status_list.id, index) not in taken and len(
                        chosen[status_list]
                    ) < wanted[status_list]:
                        chosen[status_list].add(index)
        result = {}
        for status_list, indexes in chosen.items():
            result[status_list] = list(indexes)
            secrets.SystemRandom().shuffle(result[status_list])
        return result

    def _sign(self):
        """(Re)sign the list credential of each list with its institution's key."""
        now = fields.Datetime.now()
        valid_from = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        # an institution signs with its active key; a partnership's identity
        # with its leading member's, under the partnership's identifier
        signers = self.institution_id._mc_signers()
        set_by_list = {}
        for entry in self.env["mc.status.list.entry"].search(
            [("list_id", "in", self.ids), ("value", "=", True)]
        ):
            set_by_list.setdefault(entry.list_id.id, []).append(entry.index)
        for status_list in self:
            institution = status_list.institution_id
            bits = StatusList(status_list.size, status_list.purpose)
            set_indexes = set_by_list.get(status_list.id, [])
            for index in set_indexes:
                bits.set(index)
            unsigned = build_status_list_credential(
                bits,
                status_list.url,
                institution._mc_did(),
                valid_from,
                ttl_ms=self._ttl_seconds * 1000,
            )
            signed = add_proofs(unsigned, [signers[institution]], created=valid_from)
            # re-signing is the one way a signed list changes
            status_list._write_transition(
                {
                    "encoded_list": unsigned["credentialSubject"]["encodedList"],
                    "set_count": len(set_indexes),
                    "date_signed": now,
                    **status_list._mc_signed_vals(signed),
                }
            )

    def _mc_signed_guard_message(self):
        return self.env._(
            "A status list is signed again only when the status of one of its "
            "credentials changes; it cannot be edited."
        )

    def _set_bits(self, entries, value):
        """Set (or clear) the bits of ``entries`` and re-sign the lists touched."""
        entries = entries.filtered(lambda e: e.value != value)
        if not entries:
            return
        if any(e.list_id.purpose == "revocation" for e in entries) and not value:
            raise UserError(
                self.env._("A revocation is final: its status bit cannot be cleared.")
            )
        entries.write({"value": value})
        entries.list_id._sign()

    def _public_credential(self):
        """The signed list credential as served publicly (text and hash)."""
        self.ensure_one()
        return self.credential_json, self.credential_hash

    def _parsed_credential(self):
        """The signed list credential as a dict (False when not signed yet)."""
        self.ensure_one()
        return bool(self.credential_json) and json.loads(self.credential_json)
