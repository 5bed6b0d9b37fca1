# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import freeze_time, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-07-01")
class TestReporting(AwardCommon):
    """Awards analysis, pass and completion rates, the registry overview."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.done = cls._make_enrolments(2, prefix="Done")
        cls.halfway = cls._make_enrolments(2, complete=False, prefix="Half")
        cls._pass_units(cls.halfway[0], cls.unit_stats)
        cls.env["mc.result"].create(
            {
                "enrolment_id": cls.halfway[1].id,
                "unit_id": cls.unit_stats.id,
                "grade": "8",
            }
        )

    def test_awards_analysis_by_institution_type_month_state(self):
        self.done[0].with_user(self.officer).action_issue_award()
        Analysis = self.env["mc.award.analysis"].with_user(self.officer)
        groups = Analysis._read_group(
            [("edition_id", "=", self.edition.id)],
            ["programme_id", "institution_id", "award_date:month", "state"],
            ["award_count:sum", "ects:sum"],
        )
        self.assertEqual(
            sorted(
                (inst.name, str(month), state, n, ects)
                for __, inst, month, state, n, ects in groups
            ),
            [
                ("KU Leuven", "2026-07-01", "issued", 1, 5.0),
                ("University of Bologna", "2026-07-01", "issued", 1, 5.0),
            ],
        )
        by_type = Analysis._read_group(
            [("edition_id", "=", self.edition.id)],
            ["qualification_type_id"],
            ["__count"],
        )
        self.assertEqual(sum(count for __, count in by_type), 2)

    def test_pass_and_completion_rates(self):
        # Results: 4 passed (done) + 1 passed + 1 failed (halfway) = 5 of 6.
        self.assertAlmostEqual(self.edition.pass_rate, 500 / 6, places=1)
        # Enrolments: 2 of 4 complete.
        self.assertAlmostEqual(self.edition.completion_rate, 50.0)
        self.assertEqual(self.net_edition.pass_rate, 0.0)

    def test_overview_counts_what_waits(self):
        overview = self.env["mc.registry.overview"].with_user(self.officer).create({})
        ours = self.done | self.halfway
        waiting = overview.with_context(mc_overview_item="to_award_count")
        domain = waiting.action_open()["domain"]
        self.assertEqual(self.env["mc.enrolment"].search(domain) & ours, self.done)
        before = overview.to_award_count
        self.done[0].with_user(self.officer).action_issue_award()
        overview.invalidate_recordset()
        self.assertEqual(overview.to_award_count, before - 1)
        self.assertEqual(self.env["mc.enrolment"].search(domain) & ours, self.done[1])
        approvals = overview.approval_count
        self.programme.copy({"code": "ADS-NEXT"}).write({"state": "approval"})
        overview.invalidate_recordset()
        self.assertEqual(overview.approval_count, approvals + 1)
