# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.modules import module as odoo_module

_logger = logging.getLogger(__name__)

STATUS_ORDER = {"to_issue": 1, "failed": 2, "blocked": 3, "issued": 4, "awarded": 5}


class McAwardBulkIssue(models.TransientModel):
    """Issue the awards of an edition in batches, with visible progress.

    The preview lists each active enrolment of the edition: what will be
    issued, what is blocked and why, what was already awarded. Issuing works in
    batches; a batch that fails is retried record by record in savepoints so
    that one bad record loses none of the others. Re-running issues nothing
    twice: awarded enrolments are skipped.
    """

    _name = "mc.award.bulk.issue"
    _description = "Bulk Award Issuing"

    edition_id = fields.Many2one("mc.edition", string="Edition", required=True)
    programme_id = fields.Many2one(related="edition_id.programme_id")
    state = fields.Selection(
        [("draft", "Preview"), ("running", "Issuing"), ("done", "Done")],
        default="draft",
        required=True,
    )
    batch_size = fields.Integer(default=100, required=True)
    line_ids = fields.One2many(
        "mc.award.bulk.issue.line", "wizard_id", string="Enrolments"
    )
    total_to_process = fields.Integer(readonly=True)
    to_issue_count = fields.Integer(compute="_compute_counts", string="To Issue")
    blocked_count = fields.Integer(compute="_compute_counts", string="Blocked")
    awarded_count = fields.Integer(compute="_compute_counts", string="Already Awarded")
    issued_count = fields.Integer(compute="_compute_counts", string="Issued")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    progress = fields.Float(compute="_compute_counts")

    @api.depends("line_ids.status", "total_to_process")
    def _compute_counts(self):
        for wizard in self:
            counts = dict.fromkeys(STATUS_ORDER, 0)
            for line in wizard.line_ids:
                counts[line.status] += 1
            wizard.to_issue_count = counts["to_issue"]
            wizard.blocked_count = counts["blocked"]
            wizard.awarded_count = counts["awarded"]
            wizard.issued_count = counts["issued"]
            wizard.failed_count = counts["failed"]
            total = wizard.total_to_process
            done = total - counts["to_issue"]
            wizard.progress = 100.0 * done / total if total else 0.0

    @api.constrains("batch_size")
    def _check_batch_size(self):
        if any(wizard.batch_size < 1 for wizard in self):
            raise ValidationError(
                self.env._("The field 'Batch Size' must be at least 1.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._prepare_lines()
        return wizards

    # ------------------------------------------------------------ actions
    def action_refresh(self):
        """Recompute the preview (draft) or show the progress (running)."""
        self.ensure_one()
        if self.state == "draft":
            self._prepare_lines()
        return self._action_reopen()

    def action_issue(self):
        self.ensure_one()
        self.env["mc.award"].check_access("create")
        if self.state != "draft":
            raise UserError(self.env._("This run has already started."))
        self._prepare_lines()
        if not self.to_issue_count:
            raise UserError(
                self.env._(
                    "Nothing to issue for %(edition)s: every enrolment is blocked "
                    "or already awarded.",
                    edition=self.edition_id.display_name,
                )
            )
        self.write({"state": "running", "total_to_process": self.to_issue_count})
        if self._run_synchronously():
            self._process()
        else:
            self.env.ref(
                "mc_qualification.ir_cron_mc_award_bulk_issue"
            ).sudo()._trigger()
        return self._action_reopen()

    def _action_reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Issue Awards"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------ processing
    def _run_synchronously(self):
        """Small runs and tests are issued at once, in the user's transaction."""
        return bool(odoo_module.current_test or self.to_issue_count <= self.batch_size)

    def _prepare_lines(self):
        for wizard in self:
            enrolments = self.env["mc.enrolment"].search(
                [
                    ("edition_id", "=", wizard.edition_id.id),
                    ("state", "in", ("enrolled", "completed")),
                ]
            )
            awarded = (
                self.env["mc.award"]
                .search(
                    [
                        ("enrolment_id", "in", enrolments.ids),
                        ("state", "in", ("issued", "suspended")),
                    ]
                )
                .enrolment_id
            )
            blockers = (enrolments - awarded)._get_award_blockers()
            vals_list = []
            for enrolment in enrolments:
                if enrolment in awarded:
                    status, message = "awarded", False
                elif enrolment.id in blockers:
                    status, message = "blocked", "\n".join(blockers[enrolment.id])
                else:
                    status, message = "to_issue", False
                vals_list.append(
                    {
                        "wizard_id": wizard.id,
                        "enrolment_id": enrolment.id,
                        "status": status,
                        "status_sequence": STATUS_ORDER[status],
                        "message": message,
                    }
                )
            wizard.line_ids.unlink()
            self.env["mc.award.bulk.issue.line"].create(vals_list)

    def _process(self, commit=False):
        """Issue the pending lines batch after batch. ``commit`` is only set
        by the cron job runner: each batch is then committed on its own."""
        self.ensure_one()
        while True:
            lines = self.line_ids.filtered(lambda line: line.status == "to_issue")[
                : self.batch_size
            ]
            if not lines:
                break
            self._issue_batch(lines)
            if commit:
                # Batch job runner: keep each finished batch even if a later
                # one crashes, and let users see the progress.
                self.env.cr.commit()  # pylint: disable=invalid-commit
                self.env["ir.cron"]._notify_progress(
                    done=self.total_to_process - self.to_issue_count,
                    remaining=self.to_issue_count,
                )
        self.state = "done"

    def _issue_batch(self, lines):
        awards_model = self.env["mc.award"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        # Run pending tracking now: a rolled back savepoint clears the
        # precommit hooks, which would lose the audit trail of earlier batches.
        self.env.cr.precommit.run()
        try:
            with self.env.cr.savepoint():
                awards = awards_model._issue_enrolments(lines.enrolment_id)
                self.env.cr.precommit.run()
        except (UserError, ValidationError, psycopg2.Error):
            _logger.info("Bulk issue: batch failed, retrying record by record")
            self._issue_one_by_one(lines, awards_model)
            return
        by_enrolment = {award.enrolment_id: award for award in awards}
        for line in lines:
            line.write(
                {
                    "status": "issued",
                    "status_sequence": STATUS_ORDER["issued"],
                    "award_id": by_enrolment[line.enrolment_id].id,
                    "message": False,
                }
            )

    def _issue_one_by_one(self, lines, awards_model):
        """Fallback of a failed batch: one savepoint per record."""
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    award = awards_model._issue_enrolments(line.enrolment_id)
                    self.env.cr.precommit.run()
            except (UserError, ValidationError, psycopg2.Error) as error:
                line.write(
                    {
                        "status": "failed",
                        "status_sequence": STATUS_ORDER["failed"],
                        "message": str(error),
                    }
                )
                continue
            line.write(
                {
                    "status": "issued",
                    "status_sequence": STATUS_ORDER["issued"],
                    "award_id": award.id,
                }
            )

    @api.model
    def _cron_process_bulk_issues(self):
        for wizard in self.search([("state", "=", "running")]):
            wizard.with_user(wizard.create_uid)._process(commit=True)
            self.env.cr.commit()  # pylint: disable=invalid-commit
