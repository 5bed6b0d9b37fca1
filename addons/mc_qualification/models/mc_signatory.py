# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools import check_date_range


class McSignatory(models.Model):
    """A person who signs the awards of an institution, in a function, for a period."""

    _name = "mc.signatory"
    _description = "Institution signatory"
    _order = "institution_id, sequence, id"
    _rec_name = "person_id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_institution", "=", True)],
    )
    person_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="restrict"
    )
    function = fields.Selection(
        [
            ("rector", "Rector"),
            ("vice_rector", "Vice-rector"),
            ("dean", "Dean"),
            ("director", "Director"),
            ("other", "Other"),
        ],
        required=True,
        default="rector",
    )
    function_label = fields.Char(
        string="Title on documents",
        translate=True,
        help="The capacity printed under the signature, e.g. 'Rector magnificus'.",
    )
    signature = fields.Image(max_width=600, max_height=200)
    date_from = fields.Date(string="Valid from")
    date_to = fields.Date(string="Valid until")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        check_date_range(self, "date_from", "date_to")

    def _filtered_valid(self, date):
        """The signatories of self valid on ``date`` (open bounds are valid)."""
        date = fields.Date.to_date(date)
        return self.filtered(
            lambda s: s.active
            and (not s.date_from or s.date_from <= date)
            and (not s.date_to or s.date_to >= date)
        )
