# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McAwardBulkIssueLine(models.TransientModel):
    """One enrolment of a bulk issuing run and what happens to it."""

    _name = "mc.award.bulk.issue.line"
    _description = "Bulk Award Issuing Line"
    _order = "status_sequence, id"

    wizard_id = fields.Many2one(
        "mc.award.bulk.issue", required=True, ondelete="cascade", index=True
    )
    enrolment_id = fields.Many2one("mc.enrolment", required=True, ondelete="cascade")
    learner_id = fields.Many2one(related="enrolment_id.learner_id")
    status = fields.Selection(
        [
            ("to_issue", "To issue"),
            ("blocked", "Blocked"),
            ("awarded", "Already awarded"),
            ("issued", "Issued"),
            ("failed", "Failed"),
        ],
        required=True,
        default="to_issue",
    )
    status_sequence = fields.Integer()
    message = fields.Text()
    award_id = fields.Many2one("mc.award", ondelete="set null")
