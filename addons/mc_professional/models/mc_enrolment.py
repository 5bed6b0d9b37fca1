# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class McEnrolment(models.Model):
    _inherit = "mc.enrolment"

    funded_place_ids = fields.One2many("mc.funded.place", "enrolment_id")
    is_funded = fields.Boolean(
        compute="_compute_is_funded",
        store=True,
        help="A funder pays for at least part of this enrolment.",
    )

    @api.depends("funded_place_ids.state")
    def _compute_is_funded(self):
        for enrolment in self:
            enrolment.is_funded = any(
                place.state == "allocated" for place in enrolment.funded_place_ids
            )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "withdrawn":
            # A withdrawn learner gives the funded place back; the credit note
            # (before the agreement's cut-off) is finance's business, hence sudo.
            self.funded_place_ids.filtered(
                lambda p: p.state == "allocated"
            ).sudo().action_release()
        return res

    # Funding does not block awards: a funder's payment is the finance office's
    # business with the funder, not a condition of the learner's qualification.
    # Hence no _get_award_blockers() override here.
