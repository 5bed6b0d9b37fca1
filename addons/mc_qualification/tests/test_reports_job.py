# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools.pdf import PdfFileWriter

from odoo.addons.base.models.ir_actions_report import IrActionsReport

from .test_reports_common import ReportsFixtureMixin


def blank_pdf():
    writer = PdfFileWriter()
    writer.addBlankPage(200, 200)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@tagged("post_install", "-at_install")
class TestDocumentJob(ReportsFixtureMixin, TransactionCase):
    """Printing an edition in the background: batches, progress, one document per
    wkhtmltopdf call, PDFs stored on the awards and never rendered twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reports_fixture()
        partnership = cls._create_partnership(cls.uni_ie | cls.uni_fr, "JOB")
        programme = cls._create_programme(
            partnership, "JOBP", "Climate Data Literacy", "Maîtrise des données"
        )
        cls._publish(programme)
        cls.edition = cls._create_edition(programme, "Spring 2026")
        learners = cls._create_learners(3)
        enrolments = cls._enrol_with_results(cls.edition, learners, ["16", "14", "12"])
        cls.awards = cls._issue(enrolments, "joint", cls.uni_ie | cls.uni_fr)
        cls.empty_edition = cls._create_edition(programme, "Autumn 2026")
        cls.pdf = blank_pdf()

    def _patch_wkhtmltopdf(self):
        """Replace the wkhtmltopdf call of Odoo's base report class, below this
        addon's override, which must have dropped the header and footer."""
        return patch.object(IrActionsReport, "_run_wkhtmltopdf", return_value=self.pdf)

    def _job(self, **values):
        return (
            self.env["mc.document.job"]
            .with_user(self.officer)
            .create({"edition_id": self.edition.id, "batch_size": 2, **values})
        )

    def _run_cron(self):
        self.env["mc.document.job"].with_context(
            force_report_rendering=True
        )._cron_process_jobs()

    def _stored(self):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "mc.award"), ("res_id", "in", self.awards.ids)]
        )

    def test_edition_printed_in_batches_with_progress(self):
        job = self._job(document="both")
        self.assertEqual(job.state, "draft")
        job.action_start()
        self.assertRecordValues(
            job, [{"state": "queued", "total_count": 6, "done_count": 0}]
        )
        self.assertEqual(job.award_ids, self.awards)
        cron = self.env.ref("mc_qualification.ir_cron_mc_document_job")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "starting a job wakes the cron up",
        )
        with self._patch_wkhtmltopdf() as run:
            self._run_cron()
            # First batch: 2 awards x 2 documents, one wkhtmltopdf call each.
            self.assertEqual(run.call_count, 4)
            for call in run.call_args_list:
                self.assertEqual(len(call.args[0]), 1, "one document per call")
                self.assertIsNone(call.kwargs["header"])
                self.assertIsNone(call.kwargs["footer"])
            self.assertRecordValues(job, [{"state": "running", "done_count": 4}])
            self.assertAlmostEqual(job.progress, 66.67, places=1)
            self._run_cron()
            self.assertEqual(run.call_count, 6)
        self.assertRecordValues(job, [{"state": "done", "done_count": 6}])
        self.assertFalse(job.pending_award_ids)
        stored = self._stored()
        self.assertEqual(len(stored), 6)
        self.assertEqual(set(stored.mapped("res_id")), set(self.awards.ids))
        self.assertEqual(job.stored_pdf_count, 6)

    def test_printing_again_reuses_stored_documents(self):
        with self._patch_wkhtmltopdf() as run:
            first = self._job(document="certificate", batch_size=10)
            first.action_start()
            self._run_cron()
            self.assertEqual(run.call_count, 3)
            second = self._job(document="certificate", batch_size=10)
            second.action_start()
            self._run_cron()
            self.assertEqual(run.call_count, 3, "stored PDFs are not rendered again")
        self.assertEqual(second.state, "done")
        self.assertEqual(len(self._stored()), 3)

    def test_language_mode_is_stored_separately(self):
        with self._patch_wkhtmltopdf() as run:
            self._job(document="certificate", batch_size=10).action_start()
            self._run_cron()
            self._job(
                document="certificate", batch_size=10, lang_mode="bilingual"
            ).action_start()
            self._run_cron()
            self.assertEqual(run.call_count, 6)
        names = self._stored().mapped("name")
        self.assertEqual(len([n for n in names if n.endswith("-bilingual.pdf")]), 3)

    def test_failed_batch_is_reported_on_the_job(self):
        job = self._job(document="certificate")
        job.action_start()
        with (
            patch.object(
                IrActionsReport,
                "_run_wkhtmltopdf",
                side_effect=UserError("Wkhtmltopdf failed (error code: -11)"),
            ),
            self.assertLogs(
                "odoo.addons.mc_qualification.models.mc_document_job", "WARNING"
            ),
        ):
            self._run_cron()
        self.assertRecordValues(job, [{"state": "failed", "done_count": 0}])
        self.assertIn("error code: -11", job.error_message)
        self.assertFalse(self._stored(), "a failed batch stores nothing")
        job.action_reset_draft()
        self.assertEqual(job.state, "draft")

    def test_edition_without_issued_award(self):
        job = self._job(edition_id=self.empty_edition.id)
        with self.assertRaisesRegex(UserError, "no issued award"):
            job.action_start()
        self.assertEqual(job.state, "draft")

    def test_plain_employee_cannot_print_editions(self):
        employee = new_test_user(self.env, login="mc_reports_employee")
        with self.assertRaises(AccessError):
            self.env["mc.document.job"].with_user(employee).create(
                {"edition_id": self.edition.id}
            )

    def test_jobs_of_other_companies_are_hidden(self):
        job = self._job(document="certificate")
        self.assertEqual(job.company_id, self.edition.company_id)
        other_company = self.env["res.company"].create({"name": "Other registry"})
        outsider = new_test_user(
            self.env,
            login="mc_reports_outsider",
            groups="mc_qualification.mc_qualification_group_officer",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        Job = self.env["mc.document.job"]
        self.assertIn(job, Job.with_user(self.officer).search([]))
        self.assertNotIn(job, Job.with_user(outsider).search([]))
