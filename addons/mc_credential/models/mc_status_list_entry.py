# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from typing import ClassVar

from odoo import fields, models


class McStatusListEntry(models.Model):
    """One index of a status list, handed out to one signed credential."""

    _name = "mc.status.list.entry"
    _description = "Credential status list entry"
    _order = "list_id, index"
    _rec_name = "index"

    list_id = fields.Many2one(
        "mc.status.list",
        string="Status list",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    purpose = fields.Selection(related="list_id.purpose", store=True)
    institution_id = fields.Many2one(
        related="list_id.institution_id", store=True, index=True
    )
    index = fields.Integer(required=True, readonly=True)
    value = fields.Boolean(
        string="Set",
        readonly=True,
        help="Set: the credential is revoked (revocation list) or suspended "
        "(suspension list).",
    )
    award_id = fields.Many2one(
        "mc.award", required=True, readonly=True, index=True, ondelete="cascade"
    )
    award_line_id = fields.Many2one(
        "mc.award.line", readonly=True, index=True, ondelete="cascade"
    )
    credential_uuid = fields.Char(
        string="Credential id",
        readonly=True,
        index=True,
        help="The urn:uuid of the credential this entry belongs to.",
    )

    _sql_constraints: ClassVar[list] = [
        (
            "list_index_uniq",
            "unique(list_id, index)",
            "A status list index is never handed out twice.",
        ),
    ]
