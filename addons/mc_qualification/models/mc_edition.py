# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools import check_date_range


class McEdition(models.Model):
    """One run (cohort) of a programme: dates, seats and its enrolments."""

    _name = "mc.edition"
    _description = "Programme Edition"
    _inherit = "mail.thread"
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        tracking=True,
        help="Short unique code of the edition, used by the import templates "
        "(e.g. ADS-2026).",
    )
    programme_id = fields.Many2one(
        "mc.programme",
        string="Programme",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    partnership_id = fields.Many2one(
        related="programme_id.partnership_id", store=True, string="Partnership"
    )
    company_id = fields.Many2one(
        related="programme_id.company_id", store=True, string="Company"
    )
    state = fields.Selection(
        [("planned", "Planned"), ("running", "Running"), ("closed", "Closed")],
        default="planned",
        required=True,
        tracking=True,
        group_expand=True,
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    seats = fields.Integer(
        tracking=True, help="Places offered in this edition; 0 means unlimited."
    )
    mobility_window_ids = fields.One2many(
        related="programme_id.mobility_window_ids",
        string="Mobility Windows",
        help="The windows learners may follow at a host institution.",
    )
    color = fields.Integer()
    enrolment_ids = fields.One2many("mc.enrolment", "edition_id", string="Enrolments")
    # Counters for the kanban and the smart buttons
    enrolled_count = fields.Integer(compute="_compute_counts", string="Enrolled")
    completed_count = fields.Integer(compute="_compute_counts", string="Completed")
    award_count = fields.Integer(compute="_compute_counts", string="Awards")
    seats_available = fields.Integer(compute="_compute_counts")

    _sql_constraints = (
        (
            "code_uniq",
            "unique(code)",
            "The code of an edition must be unique.",
        ),
        (
            "seats_positive",
            "CHECK(seats >= 0)",
            "The number of seats cannot be negative.",
        ),
    )

    @api.depends("enrolment_ids.state", "seats")
    def _compute_counts(self):
        counts = self.env["mc.enrolment"]._read_group(
            [("edition_id", "in", self.ids)], ["edition_id", "state"], ["__count"]
        )
        by_edition = {}
        for edition, state, count in counts:
            by_edition.setdefault(edition, {})[state] = count
        awards = dict(
            self.env["mc.award"]._read_group(
                [("edition_id", "in", self.ids), ("state", "!=", "revoked")],
                ["edition_id"],
                ["__count"],
            )
        )
        for edition in self:
            states = by_edition.get(edition, {})
            active = sum(
                states.get(state, 0) for state in ("enrolled", "completed", "failed")
            )
            edition.enrolled_count = active
            edition.completed_count = states.get("completed", 0)
            edition.award_count = awards.get(edition, 0)
            edition.seats_available = (
                max(edition.seats - active, 0) if edition.seats else 0
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        check_date_range(self, "date_start", "date_end")

    def action_view_enrolments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_enrolment_action"
        )
        action["domain"] = [("edition_id", "=", self.id)]
        action["context"] = {"default_edition_id": self.id}
        return action

    def action_view_awards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_award_action"
        )
        action["domain"] = [("edition_id", "=", self.id)]
        return action

    def action_open_bulk_issue(self):
        """Open a new issuing job of this edition, showing its preview."""
        self.ensure_one()
        job = self.env["mc.award.issue.job"].create({"edition_id": self.id})
        return job._get_form_action()
