# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo.tests import freeze_time, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install", "is_query_count")
@freeze_time("2026-07-01")
class TestAwardPerformance(AwardCommon):
    """Issuing in batch: the queries per award must not grow with the batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small = cls._make_enrolments(10, prefix="Small")
        cls.large = cls._make_enrolments(100, prefix="Large")
        cls.warm = cls._make_enrolments(2, prefix="Warm")

    def _count_queries(self, enrolments):
        # As in production: the state change is tracked in the chatter.
        awards_model = (
            self.env["mc.award"]
            .with_user(self.officer)
            .with_context(tracking_disable=False)
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        awards_model._issue_enrolments(enrolments.with_env(awards_model.env))
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env.cr.sql_log_count - before

    def test_queries_per_award_do_not_grow(self):
        # First run creates the award sequences and fills the caches.
        self._count_queries(self.warm)
        small = self._count_queries(self.small)
        large = self._count_queries(self.large)
        self.assertEqual(
            len(self.large.award_id.filtered(lambda a: a.state == "issued")), 100
        )
        per_award_small = small / 10
        per_award_large = large / 100
        self.assertLessEqual(
            per_award_large,
            per_award_small,
            f"{large} queries for 100 awards, {small} for 10",
        )
        # A fixed overhead and a small constant per award (the chatter tracking).
        self.assertLess(per_award_large, 8, f"{large} queries for 100 awards")
        self.assertEqual(
            self.large.award_id.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "state"
            ).mapped("new_value_char"),
            ["Issued"] * 100,
        )

    def test_query_count_of_a_batch_of_ten(self):
        self._count_queries(self.warm)
        self.env.flush_all()
        self.env.invalidate_all()
        # The batch's fixed cost with every part installed: numbering, chatter,
        # credential signing and status-list entries, the triggers of the delivery
        # and independent-check jobs, CPD records (mc_professional), the
        # partnership's issuer identity of the joint awards (mc_credential), the
        # issuing institutions' seal certificates (mc_edc), the programmes'
        # alignment lines (the crosswalk the credentials carry).
        with self.assertQueryCount(__system__=65):
            self.env["mc.award"]._issue_enrolments(self.small)
            self.env.flush_all()
