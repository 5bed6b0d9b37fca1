# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class McEdition(models.Model):
    """Pass and completion rates of an edition."""

    _inherit = "mc.edition"

    pass_rate = fields.Float(
        string="Pass Rate (%)",
        compute="_compute_rates",
        digits=(5, 1),
        help="Share of the edition's unit results that are passed.",
    )
    completion_rate = fields.Float(
        string="Completion Rate (%)",
        compute="_compute_rates",
        digits=(5, 1),
        help="Share of the enrolled learners (applications and withdrawals "
        "aside) who completed the programme.",
    )

    @api.depends("enrolment_ids.is_complete", "enrolment_ids.result_ids.passed")
    def _compute_rates(self):
        results = self.env["mc.result"]._read_group(
            [("enrolment_id.edition_id", "in", self.ids)],
            ["enrolment_id", "passed"],
            ["__count"],
        )
        passed, total = {}, {}
        for enrolment, is_passed, count in results:
            edition = enrolment.edition_id
            total[edition] = total.get(edition, 0) + count
            if is_passed:
                passed[edition] = passed.get(edition, 0) + count
        enrolments = self.env["mc.enrolment"]._read_group(
            [
                ("edition_id", "in", self.ids),
                ("state", "in", ("enrolled", "completed", "failed")),
            ],
            ["edition_id", "is_complete"],
            ["__count"],
        )
        complete, active = {}, {}
        for edition, is_complete, count in enrolments:
            active[edition] = active.get(edition, 0) + count
            if is_complete:
                complete[edition] = complete.get(edition, 0) + count
        for edition in self:
            edition.pass_rate = (
                100.0 * passed.get(edition, 0) / total[edition]
                if total.get(edition)
                else 0.0
            )
            edition.completion_rate = (
                100.0 * complete.get(edition, 0) / active[edition]
                if active.get(edition)
                else 0.0
            )
