# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import StackingFixture


@tagged("post_install", "-at_install", "mc_stacking")
class TestMilestone(StackingFixture, TransactionCase):
    """A CMF award recognised into a micro-degree; the micro-degree's award
    names it in the supplement and in its signed credential."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls.ada = cls._learner("Ada Lovelace", email="ada@example.org")
        cls.cmf_award = cls._issue(cls.ada)
        cls.enrolment = cls._enrol(cls.ada)
        cls.enrolment.with_user(cls.officer).action_recognise_prior_awards()
        cls.env["mc.result"].create(
            [
                {
                    "enrolment_id": cls.enrolment.id,
                    "unit_id": unit.id,
                    "passed": True,
                    "date": date(2027, 11, 30),
                }
                for unit in cls.unit_services | cls.unit_capstone
            ]
        )

    def test_micro_degree_awarded_with_the_cmf_award_named(self):
        enrolment = self.enrolment
        self.assertTrue(enrolment.is_complete, enrolment.completion_note)
        self.assertEqual(enrolment.pathway_progress, 100.0)
        self.assertEqual(
            (enrolment.ects_recognised, enrolment.ects_assessed), (6.0, 14.0)
        )
        enrolment.with_user(self.officer).action_issue_award()
        award = enrolment.award_id
        self.assertEqual(award.state, "issued")
        self.assertEqual(award.stacked_recognition_ids.award_id, self.cmf_award)

        data = award._get_supplement_data()
        stacked = data["programme"]["stacked"]
        self.assertEqual(len(stacked), 1)
        self.assertEqual(stacked[0]["achievement"], "Data Stewardship")
        self.assertEqual(stacked[0]["issuer"], "Aurora University")
        self.assertEqual(stacked[0]["ects"], 6.0)
        self.assertEqual(stacked[0]["units"], "Data stewardship")
        self.assertEqual(data["function"]["stacked"], stacked)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "mc_qualification.action_report_mc_supplement", award.ids
            )[0]
            .decode()
        )
        self.assertIn('data-mc-section="4.3-stacked"', html)
        self.assertIn('data-mc-section="stacked"', html)
        self.assertIn(self.cmf_award.credential_uuid, html)

        credential = json.loads(award.credential_json)
        cmf_credential = json.loads(self.cmf_award.credential_json)
        cmf_achievement = cmf_credential["credentialSubject"]["achievement"]["id"]
        related = credential["credentialSubject"]["achievement"]["related"]
        self.assertIn(cmf_achievement, [item["id"] for item in related])
        report = award._mc_verify(award.credential_json)
        self.assertTrue(report.ok, report.failed())

    def test_award_without_stacking_names_nothing(self):
        other = self._learner("Grace Hopper", email="grace@example.org")
        enrolment = self._enrol(other)
        self.env["mc.result"].create(
            [
                {"enrolment_id": enrolment.id, "unit_id": unit.id, "passed": True}
                for unit in self.degree.unit_ids
            ]
        )
        enrolment.action_issue_award()
        data = enrolment.award_id._get_supplement_data()
        self.assertEqual(data["programme"]["stacked"], [])
        credential = json.loads(enrolment.award_id.credential_json)
        self.assertNotIn("related", credential["credentialSubject"]["achievement"])
