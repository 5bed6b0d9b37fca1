# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import (
    DEFAULT_DOCUMENT_MODE,
    DOCUMENT_MODES,
    DOCUMENT_REPORTS as REPORTS,
)

_logger = logging.getLogger(__name__)


class McDocumentJob(models.Model):
    """Printing the documents of a whole edition in the background.

    Rendering a PDF takes about a second (one wkhtmltopdf call per document: Debian's
    wkhtmltopdf cannot merge documents), so an edition of a few hundred learners is
    printed by a cron job, a batch at a time; the runner commits after each batch and
    the form shows the progress. Every PDF is stored as an attachment of its award
    (``ir.actions.report.attachment_use``), so a later download never renders again.
    """

    _name = "mc.document.job"
    _description = "Document printing job"
    _inherit = ["mc.batch.job.mixin"]  # noqa: RUF012 (Odoo model attribute)
    _pending_states = ("queued", "running")
    _default_batch_size = 10

    name = fields.Char(compute="_compute_name", store=True)
    document = fields.Selection(
        [
            ("certificate", "Certificates"),
            ("supplement", "Qualification supplements"),
            ("both", "Certificates and supplements"),
        ],
        required=True,
        default="both",
    )
    lang_mode = fields.Selection(
        DOCUMENT_MODES,
        string="Languages",
        required=True,
        default=DEFAULT_DOCUMENT_MODE,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Queued"),
            ("running", "Printing"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    award_ids = fields.Many2many(
        "mc.award",
        "mc_document_job_award_rel",
        "job_id",
        "award_id",
        string="Awards",
        copy=False,
        help="The issued awards of the edition when the job was started.",
    )
    pending_award_ids = fields.Many2many(
        "mc.award",
        "mc_document_job_pending_award_rel",
        "job_id",
        "award_id",
        string="Awards to print",
        copy=False,
    )
    total_count = fields.Integer(string="Documents", readonly=True, copy=False)
    done_count = fields.Integer(string="Printed", readonly=True, copy=False)
    progress = fields.Float(compute="_compute_progress")
    stored_pdf_count = fields.Integer(
        string="Stored PDFs", compute="_compute_stored_pdf_count"
    )
    error_message = fields.Text(readonly=True, copy=False)

    @api.depends("edition_id.name", "document")
    def _compute_name(self):
        labels = dict(self._fields["document"]._description_selection(self.env))
        for job in self:
            job.name = f"{labels.get(job.document, '')} – {job.edition_id.name or ''}"

    @api.depends("total_count", "done_count")
    def _compute_progress(self):
        for job in self:
            job.progress = (
                100.0 * job.done_count / job.total_count if job.total_count else 0.0
            )

    def _compute_stored_pdf_count(self):
        groups = self.env["ir.attachment"]._read_group(
            [("res_model", "=", "mc.award"), ("res_id", "in", self.award_ids.ids)],
            groupby=["res_id"],
            aggregates=["__count"],
        )
        counts = dict(groups)
        for job in self:
            job.stored_pdf_count = sum(counts.get(aid, 0) for aid in job.award_ids.ids)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _get_report_refs(self):
        self.ensure_one()
        if self.document == "both":
            return [REPORTS["certificate"], REPORTS["supplement"]]
        return [REPORTS[self.document]]

    def action_start(self):
        """Queue the job: collect the issued awards of the edition, wake the cron."""
        awards_by_edition = dict(
            self.env["mc.award"]._read_group(
                [
                    ("edition_id", "in", self.edition_id.ids),
                    ("state", "=", "issued"),
                ],
                groupby=["edition_id"],
                aggregates=["id:recordset"],
            )
        )
        for job in self:
            if job.state not in ("draft", "failed", "done"):
                raise UserError(
                    self.env._(
                        "Printing job %(job)s is already queued or running.",
                        job=job.display_name,
                    )
                )
            awards = awards_by_edition.get(job.edition_id, self.env["mc.award"])
            if not awards:
                raise UserError(
                    self.env._(
                        "Edition %(edition)s has no issued award to print: issue the "
                        "awards first (field Awards of the enrolments).",
                        edition=job.edition_id.display_name,
                    )
                )
            job.write(
                {
                    "state": "queued",
                    "award_ids": [fields.Command.set(awards.ids)],
                    "pending_award_ids": [fields.Command.set(awards.ids)],
                    "total_count": len(awards) * len(job._get_report_refs()),
                    "done_count": 0,
                    "error_message": False,
                    "date_started": fields.Datetime.now(),
                    "date_done": False,
                }
            )
        self.env.ref("mc_qualification.ir_cron_mc_document_job")._trigger()
        return True

    def action_reset_draft(self):
        self.filtered(lambda job: job.state in ("failed", "done")).write(
            {"state": "draft"}
        )
        return True

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Printed documents"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [
                ("res_model", "=", "mc.award"),
                ("res_id", "in", self.award_ids.ids),
            ],
        }

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------
    def _run_batch(self):
        printed_before = self.done_count
        self._process_batch()
        return max(self.done_count - printed_before, 0)

    def _get_remaining_count(self):
        return len(self.pending_award_ids) * len(self._get_report_refs())

    def _process_batch(self):
        """Render the next batch of awards of this job: one PDF per wkhtmltopdf call,
        stored as an attachment of the award (or reused if it is already stored)."""
        self.ensure_one()
        batch = self.pending_award_ids[: self.batch_size]
        reports = self.env["ir.actions.report"].with_context(
            mc_document_mode=self.lang_mode
        )
        refs = self._get_report_refs()
        self.state = "running"
        printed = 0
        try:
            with self.env.cr.savepoint():
                for award in batch:
                    for ref in refs:
                        reports._render_qweb_pdf(ref, res_ids=award.ids)
                        printed += 1
        except Exception as error:
            _logger.warning("Printing job %s failed: %s", self.id, error)
            printed = 0
            self.write(
                {
                    "state": "failed",
                    "error_message": str(error),
                    "done_count": self.done_count + printed,
                }
            )
            self.message_post(
                body=self.env._("Printing failed: %(error)s", error=str(error))
            )
            return
        values = {
            "done_count": self.done_count + printed,
            "pending_award_ids": [fields.Command.unlink(aid) for aid in batch.ids],
        }
        if not self.pending_award_ids - batch:
            values.update(state="done", date_done=fields.Datetime.now())
        self.write(values)
        if self.state == "done":
            self.message_post(
                body=self.env._(
                    "%(count)s documents printed and stored on the awards.",
                    count=self.done_count,
                )
            )
