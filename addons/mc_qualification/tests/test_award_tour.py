# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install")
class TestAwardTour(HttpCase, AwardCommon):
    def test_officer_records_results_and_issues(self):
        enrolment = self._make_enrolments(1, complete=False, prefix="Tour Learner")
        self.start_tour(
            "/odoo/action-mc_qualification.mc_enrolment_action",
            "mc_award_tour",
            login="aw_officer",
        )
        self.assertEqual(enrolment.award_id.state, "issued")
        self.assertEqual(enrolment.award_id.issued_by_id, self.officer)
        self.assertEqual(len(enrolment.result_ids), 2)
