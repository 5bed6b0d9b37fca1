# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-07-01")
class TestAwardBulkIssue(AwardCommon):
    """The award issuing job of an edition."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ready = cls._make_enrolments(5, prefix="Ready")
        cls.incomplete = cls._make_enrolments(1, complete=False, prefix="Incomplete")
        cls.applied = cls._make_enrolments(1, prefix="Applicant", state="applied")

    def _wizard(self):
        action = self.edition.with_user(self.officer).action_open_bulk_issue()
        return (
            self.env[action["res_model"]]
            .with_user(self.officer)
            .browse(action["res_id"])
        )

    def _run_cron(self):
        """What the cron runner does: call the job again while work remains
        (its commit between two calls is the transaction boundary)."""
        jobs = self.env["mc.award.issue.job"]
        for _call in range(20):
            if not jobs.search_count([("state", "=", "running")]):
                return
            jobs._cron_process_jobs()
        self.fail("the issuing job did not finish")

    def test_preview_lists_what_is_issued_and_what_is_blocked(self):
        wizard = self._wizard()
        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "draft",
                    "to_issue_count": 5,
                    "blocked_count": 1,
                    "awarded_count": 0,
                }
            ],
        )
        blocked = wizard.line_ids.filtered(lambda line: line.status == "blocked")
        self.assertEqual(blocked.enrolment_id, self.incomplete)
        self.assertIn("Mandatory units not passed", blocked.message)
        # Applications are not listed: they were never enrolled.
        self.assertNotIn(self.applied, wizard.line_ids.enrolment_id)

    def test_issue_in_batches_with_progress(self):
        wizard = self._wizard()
        wizard.batch_size = 2
        with patch.object(
            type(self.env["mc.award"]), "_post_issue", autospec=True
        ) as hook:
            wizard.action_issue()
            self.assertEqual(wizard.state, "running")
            self._run_cron()
        self.assertEqual(hook.call_count, 3)  # batches of 2, 2 and 1
        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "done",
                    "issued_count": 5,
                    "failed_count": 0,
                    "progress": 100.0,
                }
            ],
        )
        self.assertEqual(set(self.ready.award_id.mapped("state")), {"issued"})
        self.assertEqual(len(self.ready.award_id), 5)
        self.assertFalse(self.incomplete.award_ids)

    def test_rerun_issues_nothing_twice(self):
        self._wizard().action_issue()
        awards = self.env["mc.award"].search([("edition_id", "=", self.edition.id)])
        self.assertEqual(len(awards), 5)
        wizard = self._wizard()
        self.assertRecordValues(wizard, [{"to_issue_count": 0, "awarded_count": 5}])
        with self.assertRaisesRegex(UserError, "Nothing to issue"):
            wizard.action_issue()
        self.assertEqual(
            self.env["mc.award"].search_count([("edition_id", "=", self.edition.id)]), 5
        )

    def test_one_failure_loses_none_of_the_others(self):
        poisoned = self.ready[2]
        original = type(self.env["mc.award"])._post_issue

        def post_issue(model, awards):
            if poisoned in awards.enrolment_id:
                raise UserError(
                    model.env._("Certificate template broken for this learner")
                )
            return original(model, awards)

        wizard = self._wizard()
        with patch.object(type(self.env["mc.award"]), "_post_issue", post_issue):
            wizard.action_issue()
        self.assertRecordValues(
            wizard, [{"issued_count": 4, "failed_count": 1, "state": "done"}]
        )
        failed = wizard.line_ids.filtered(lambda line: line.status == "failed")
        self.assertEqual(failed.enrolment_id, poisoned)
        self.assertIn("Certificate template broken", failed.message)
        self.assertFalse(poisoned.award_ids)
        self.assertEqual(len((self.ready - poisoned).award_id), 4)
        # Once fixed, re-running issues only the one left.
        wizard = self._wizard()
        self.assertRecordValues(wizard, [{"to_issue_count": 1, "awarded_count": 4}])
        wizard.action_issue()
        self.assertEqual(poisoned.award_id.state, "issued")

    def test_large_runs_go_to_the_job_queue(self):
        wizard = self._wizard()
        wizard.batch_size = 2
        cron = self.env.ref("mc_qualification.ir_cron_mc_award_issue_job")
        with patch.object(type(cron), "_trigger") as trigger:
            wizard.action_issue()
        trigger.assert_called_once()
        self.assertEqual(wizard.state, "running")
        self.assertEqual(wizard.progress, 0.0)
        # The cron runner processes the run, one batch per call.
        with patch.object(type(cron), "_notify_progress") as progress:
            self._run_cron()
        self.assertEqual(
            [call.kwargs for call in progress.call_args_list],
            [
                {"done": 2, "remaining": 3},
                {"done": 2, "remaining": 1},
                {"done": 1, "remaining": 0},
            ],
        )
        self.assertRecordValues(
            wizard, [{"state": "done", "issued_count": 5, "progress": 100.0}]
        )
        self.assertEqual(self.ready.award_id.issued_by_id, self.officer)

    def test_a_crash_loses_only_the_batch_in_progress(self):
        """kill -9 in the middle of a batch: PostgreSQL rolls the batch back as a
        whole (no half-issued award); the job, still running, resumes with it."""
        wizard = self._wizard()
        wizard.batch_size = 2
        wizard.action_issue()
        jobs = self.env["mc.award.issue.job"]
        jobs._cron_process_jobs()  # first batch, committed by the runner
        self.assertEqual(wizard.issued_count, 2)

        def crash(model, awards):
            raise KeyboardInterrupt("worker killed")

        # The runner's transaction of the second batch dies with the worker.
        with (
            self.assertRaises(KeyboardInterrupt),
            self.env.cr.savepoint(),
            patch.object(type(self.env["mc.award"]), "_post_issue", crash),
        ):
            jobs._cron_process_jobs()
        self.env.invalidate_all()
        self.assertRecordValues(
            wizard, [{"state": "running", "issued_count": 2, "to_issue_count": 3}]
        )
        issued = self.env["mc.award"].search([("edition_id", "=", self.edition.id)])
        self.assertEqual(len(issued), 2)
        self.assertEqual(set(issued.mapped("state")), {"issued"})
        self.assertTrue(all(issued.line_ids.mapped("award_number")))
        # The next run of the cron issues the rest.
        self._run_cron()
        self.assertRecordValues(wizard, [{"state": "done", "issued_count": 5}])
        self.assertEqual(set(self.ready.award_id.mapped("state")), {"issued"})
