# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

STATUS_ORDER = {"to_issue": 1, "failed": 2, "blocked": 3, "issued": 4, "awarded": 5}
# What a batch (or one record of a failed batch) may fail with and still leave the
# others to issue; anything else is a defect and stops the job's transaction.
ISSUE_ERRORS = (UserError, ValidationError, psycopg2.Error)


class McAwardIssueJob(models.Model):
    """Issuing the awards of a whole edition, in batches, with visible progress.

    The preview lists each active enrolment of the edition: what will be issued,
    what is blocked and why, what was already awarded. A run that fits in one batch
    is issued at once; a larger one is queued for a cron job that issues one batch
    per transaction (the cron runner commits between batches and shows the
    progress). A batch is atomic: after a crash (kill -9) it is rolled back as a
    whole and the job, still running, resumes with it. A batch that fails is
    retried record by record in savepoints so that one bad record loses none of the
    others. Re-running issues nothing twice: awarded enrolments are skipped.
    """

    _name = "mc.award.issue.job"
    _description = "Award issuing job"
    _inherit = ["mc.batch.job.mixin"]  # noqa: RUF012 (Odoo model attribute)

    name = fields.Char(compute="_compute_name", store=True)
    programme_id = fields.Many2one(related="edition_id.programme_id")
    state = fields.Selection(
        [
            ("draft", "Preview"),
            ("running", "Issuing"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "mc.award.issue.job.line", "job_id", string="Enrolments", copy=False
    )
    total_to_process = fields.Integer(readonly=True, copy=False)
    to_issue_count = fields.Integer(compute="_compute_counts", string="To Issue")
    blocked_count = fields.Integer(compute="_compute_counts", string="Blocked")
    awarded_count = fields.Integer(compute="_compute_counts", string="Already Awarded")
    issued_count = fields.Integer(compute="_compute_counts", string="Issued")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    progress = fields.Float(compute="_compute_counts")

    @api.depends("edition_id.name")
    def _compute_name(self):
        for job in self:
            job.name = self.env._(
                "Issue awards – %(edition)s", edition=job.edition_id.name or ""
            )

    @api.depends("line_ids.status", "total_to_process")
    def _compute_counts(self):
        for job in self:
            counts = dict.fromkeys(STATUS_ORDER, 0)
            for line in job.line_ids:
                counts[line.status] += 1
            job.to_issue_count = counts["to_issue"]
            job.blocked_count = counts["blocked"]
            job.awarded_count = counts["awarded"]
            job.issued_count = counts["issued"]
            job.failed_count = counts["failed"]
            total = job.total_to_process
            done = total - counts["to_issue"]
            job.progress = 100.0 * done / total if total else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs._prepare_lines()
        return jobs

    # ------------------------------------------------------------ actions
    def action_refresh(self):
        """Recompute the preview (draft) or show the progress (running)."""
        self.ensure_one()
        if self.state == "draft":
            self._prepare_lines()
        return self._get_form_action()

    def action_issue(self):
        """Start the run: at once when it fits in one batch, else in the
        background, one batch per transaction."""
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
        self.write(
            {
                "state": "running",
                "total_to_process": self.to_issue_count,
                "date_started": fields.Datetime.now(),
            }
        )
        if self.to_issue_count <= self.batch_size:
            self._process_batch()
        else:
            self.env.ref(
                "mc_qualification.ir_cron_mc_award_issue_job"
            ).sudo()._trigger()
        return self._get_form_action()

    def _get_form_action(self):
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
    def _prepare_lines(self):
        """The preview: one line per active enrolment of the edition."""
        enrolments_by_job = {
            job: self.env["mc.enrolment"].search(
                [
                    ("edition_id", "=", job.edition_id.id),
                    ("state", "in", ("enrolled", "completed")),
                ]
            )
            for job in self
        }
        all_enrolments = self.env["mc.enrolment"].union(*enrolments_by_job.values())
        awarded = (
            self.env["mc.award"]
            .search(
                [
                    ("enrolment_id", "in", all_enrolments.ids),
                    ("state", "in", ("issued", "suspended")),
                ]
            )
            .enrolment_id
        )
        blockers = (all_enrolments - awarded)._get_award_blockers()
        vals_list = []
        for job, enrolments in enrolments_by_job.items():
            for enrolment in enrolments:
                if enrolment in awarded:
                    status, message = "awarded", False
                elif enrolment.id in blockers:
                    status, message = "blocked", "\n".join(blockers[enrolment.id])
                else:
                    status, message = "to_issue", False
                vals_list.append(
                    {
                        "job_id": job.id,
                        "enrolment_id": enrolment.id,
                        "status": status,
                        "status_sequence": STATUS_ORDER[status],
                        "message": message,
                    }
                )
        self.line_ids.unlink()
        self.env["mc.award.issue.job.line"].create(vals_list)

    def _run_batch(self):
        # Issue as the officer who started the run (access rights, audit trail).
        return len(self.with_user(self.create_uid)._process_batch())

    def _get_remaining_count(self):
        return self.to_issue_count

    def _process_batch(self):
        """Issue the next batch of pending lines in the current transaction and
        return them; the job is done when no line is left to issue."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.status == "to_issue")
        batch = lines[: self.batch_size]
        if batch:
            self._issue_batch(batch)
        if not lines - batch:
            self.write({"state": "done", "date_done": fields.Datetime.now()})
            self.message_post(
                body=self.env._(
                    "%(issued)s awards issued, %(failed)s failed.",
                    issued=self.issued_count,
                    failed=self.failed_count,
                )
            )
        return batch

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
        except ISSUE_ERRORS:
            _logger.info("Issuing job %s: batch failed, retrying one by one", self.id)
            self._issue_one_by_one(lines, awards_model)
            return
        by_enrolment = {award.enrolment_id: award for award in awards}
        for line in lines:
            line._set_status("issued", award=by_enrolment[line.enrolment_id])

    def _issue_one_by_one(self, lines, awards_model):
        """Fallback of a failed batch: one savepoint per record."""
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    award = awards_model._issue_enrolments(line.enrolment_id)
                    self.env.cr.precommit.run()
            except ISSUE_ERRORS as error:
                line._set_status("failed", message=str(error))
                continue
            line._set_status("issued", award=award)
