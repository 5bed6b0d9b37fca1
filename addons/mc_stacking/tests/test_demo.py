# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install", "mc_stacking")
class TestDemo(TransactionCase):
    """The demo story, when demo data is installed."""

    def test_janssens_cmf_award_recognised_into_the_micro_degree(self):
        enrolment = self.env.ref(
            "mc_stacking.mc_enrolment_janssens_dh_demo", raise_if_not_found=False
        )
        if not enrolment:
            self.skipTest("demo data not installed")
        recognition = enrolment.recognition_ids
        self.assertEqual(recognition.state, "recognised")
        self.assertEqual(
            recognition.award_id.programme_id,
            self.env.ref("mc_qualification.mc_programme_data_literacy_demo"),
        )
        self.assertEqual(enrolment.ects_recognised, 5.0)
        self.assertTrue(enrolment.open_unit_ids)
