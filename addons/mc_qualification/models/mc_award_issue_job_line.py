# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .mc_award_issue_job import STATUS_ORDER


class McAwardIssueJobLine(models.Model):
    """One enrolment of an issuing job and what happens to it."""

    _name = "mc.award.issue.job.line"
    _description = "Award issuing job line"
    _order = "status_sequence, id"

    job_id = fields.Many2one(
        "mc.award.issue.job", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True)
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

    def _set_status(self, status, award=None, message=False):
        vals = {
            "status": status,
            "status_sequence": STATUS_ORDER[status],
            "message": message,
        }
        if award is not None:
            vals["award_id"] = award.id
        self.write(vals)
