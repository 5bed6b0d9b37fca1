# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

# The status purposes a new credential carries (OB 3.0: one credentialStatus).
CREDENTIAL_STATUS_PURPOSES = ("revocation",)


class McSignedCredential(models.AbstractModel):
    """A signed Open Badges 3.0 credential of a record: its JSON and SHA-256,
    immutable once signed (``mc.signed.document``), its ``urn:uuid`` id, and its
    entries in its issuer's status lists.

    Used by the award, the award line (multiple award) and the CPD record's
    professional certificate. A record says which award its status entries
    belong to (``_mc_status_entry_links``): revoking or suspending that award
    flips them.
    """

    _name = "mc.signed.credential"
    _description = "Signed credential"
    _inherit = ["mc.signed.document"]  # noqa: RUF012 (Odoo model attribute)

    _mc_signed_fields = ("credential_json", "credential_hash", "credential_uuid")

    credential_uuid = fields.Char(
        string="Credential id",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="urn:uuid identifier inside the signed credential; never changes.",
    )

    def _mc_status_entry_links(self):
        """The values linking a status entry of this record's credential to its
        award (``award_id``, ``award_line_id``)."""
        raise NotImplementedError

    @api.model
    def _mc_allocate_status_entries(self, items, lists):
        """Hand out a random, never reused index, per status purpose, to every
        credential about to be signed; return ``{urn: {purpose: index}}``.

        :param items: ``[(record, issuer, urn)]``: the record (of any model
            using this mixin) whose credential ``urn`` the ``issuer`` signs.
        :param lists: ``{(issuer, purpose): status list}``
            (``mc.status.list._get_lists``).

        Open Badges 3.0 allows one ``credentialStatus``: a credential carries
        its revocation entry only. A suspension reaches the public page and our
        verifier from the award's state (docs/CREDENTIALS.md); credentials
        signed before carry a suspension entry too, whose bit is still kept."""
        wanted = {}
        for _record, issuer, _urn in items:
            for purpose in CREDENTIAL_STATUS_PURPOSES:
                status_list = lists[(issuer, purpose)]
                wanted[status_list] = wanted.get(status_list, 0) + 1
        drawn = self.env["mc.status.list"]._allocate_indexes(wanted)
        indexes, entry_vals = {}, []
        for record, issuer, urn in items:
            links = record._mc_status_entry_links()
            for purpose in CREDENTIAL_STATUS_PURPOSES:
                status_list = lists[(issuer, purpose)]
                index = drawn[status_list].pop()
                indexes.setdefault(urn, {})[purpose] = index
                entry_vals.append(
                    {
                        **links,
                        "list_id": status_list.id,
                        "index": index,
                        "credential_uuid": urn,
                    }
                )
        self.env["mc.status.list.entry"].create(entry_vals)
        return indexes

    @api.model
    def _mc_status_data(self, issuer, urn, lists, indexes):
        """The status entries of credential ``urn`` of ``issuer`` for the
        credential builder (``indexes``: from ``_mc_allocate_status_entries``)."""
        return [
            {
                "list_credential": lists[(issuer, purpose)].url,
                "index": index,
                "purpose": purpose,
            }
            for purpose, index in indexes[urn].items()
        ]
