# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recognition of a cohort's prior awards, with verification, against time.

Not part of the regular run (tag ``-standard``); run it with
``MC_TEST_TAGS=/mc_stacking:TestRecognitionBenchmark make test``.
``MC_BENCH_RECOGNITION_N`` sets the cohort size (default 1,000); the target is
under 30 seconds for 1,000.

The prior awards were issued earlier, so the independent check (the cron job
that verifies every signed credential completely after issue) has run on them,
as in production: recognition then verifies their status lists and dates now
and takes shape and proofs from that check, bound to each text's SHA-256. The
set-up logs how long the complete verification of the cohort takes too.
"""

import logging
import os
import time

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import StackingFixture

_logger = logging.getLogger(__name__)
TARGET_SECONDS_PER_1000 = 30.0


@tagged("post_install", "-at_install", "-standard", "mc_bench")
class TestRecognitionBenchmark(StackingFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls.size = int(os.environ.get("MC_BENCH_RECOGNITION_N", "1000"))
        learners = cls.env["res.partner"].create(
            [
                {
                    "name": f"Cohort learner {index}",
                    "is_learner": True,
                    "email": f"cohort{index}@example.org",
                }
                for index in range(cls.size)
            ]
        )
        start = time.perf_counter()
        cls.awards = cls._issue(learners, institutions=cls.uni_a | cls.uni_b)
        _logger.info(
            "benchmark: %s joint CMF awards signed in %.1f s",
            cls.size,
            time.perf_counter() - start,
        )
        start = time.perf_counter()
        cls.awards._mc_check_credentials()
        _logger.info(
            "benchmark: %s awards' independent check (full verification) in %.1f s",
            cls.size,
            time.perf_counter() - start,
        )
        cls.enrolments = cls._enrol(learners)
        cls.env.flush_all()
        cls.env.invalidate_all()

    def test_recognise_cohort(self):
        start = time.perf_counter()
        self.enrolments.action_recognise_prior_awards()
        self.env.flush_all()
        seconds = time.perf_counter() - start
        recognitions = self.enrolments.recognition_ids
        self.assertEqual(len(recognitions), self.size)
        self.assertEqual(set(recognitions.mapped("state")), {"recognised"})
        self.assertEqual(len(self.enrolments.result_ids), self.size)
        _logger.info(
            "benchmark: %s prior awards recognised with verification in %.1f s "
            "(%.1f ms per award)",
            self.size,
            seconds,
            1000 * seconds / self.size,
        )
        self.assertLess(seconds, TARGET_SECONDS_PER_1000 * self.size / 1000)
