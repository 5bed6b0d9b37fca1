# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class McBatchJobMixin(models.AbstractModel):
    """Work on a whole edition done in the background, a batch per transaction.

    The printing job and the issuing job share it: a cron calls
    ``_cron_process_jobs``, which runs one batch of the oldest pending job and
    reports the progress through ``ir.cron._notify_progress``; Odoo's cron runner
    commits after each call and calls again while work remains. A crash rolls the
    batch in progress back as a whole, and the next call resumes with it.

    An inheriting model defines ``state`` (with the states of ``_pending_states``),
    ``_run_batch()`` (returns how many items it processed) and
    ``_get_remaining_count()``.
    """

    _name = "mc.batch.job.mixin"
    _description = "Batch job on an edition"
    _inherit = ["mail.thread"]  # noqa: RUF012 (Odoo model attribute)
    _order = "create_date desc, id desc"
    # States in which a job still has batches to run.
    _pending_states = ("running",)
    _default_batch_size = 100

    edition_id = fields.Many2one(
        "mc.edition", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(
        related="edition_id.company_id", store=True, index=True, string="Company"
    )
    batch_size = fields.Integer(
        default=lambda self: self._default_batch_size,
        required=True,
        help="Items processed per transaction: the job commits after each batch.",
    )
    date_started = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(string="Finished on", readonly=True, copy=False)

    _sql_constraints = [  # noqa: RUF012 (Odoo model attribute)
        (
            "batch_size_positive",
            "CHECK(batch_size > 0)",
            "The batch size of a job must be at least 1.",
        ),
    ]

    @api.model
    def _cron_process_jobs(self):
        """Run one batch of the oldest pending job and report the progress to the
        cron runner, which commits and calls again while work remains."""
        jobs = self.search([("state", "in", self._pending_states)], order="id")
        if not jobs:
            return
        done = jobs[0]._run_batch()
        remaining = sum(job._get_remaining_count() for job in jobs)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _run_batch(self):
        """Process the next batch of this job; return how many items it did."""
        raise NotImplementedError

    def _get_remaining_count(self):
        """How many items this job has left to process."""
        raise NotImplementedError
