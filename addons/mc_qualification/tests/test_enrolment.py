# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install")
class TestEnrolmentCompletion(AwardCommon):
    """Completion: every mandatory unit passed and the programme's ECTS reached."""

    def test_no_result_is_not_complete(self):
        enrolment = self._make_enrolments(1, complete=False)
        self.assertFalse(enrolment.is_complete)
        self.assertIn("Statistics", enrolment.completion_note)
        self.assertIn("Machine Learning", enrolment.completion_note)
        self.assertIn("0.0 of the 5.0 ECTS", enrolment.completion_note)

    def test_missing_mandatory_unit(self):
        enrolment = self._make_enrolments(1, complete=False)
        self._pass_units(enrolment, self.unit_stats)
        self.assertRecordValues(enrolment, [{"is_complete": False, "ects_earned": 3.0}])
        self.assertIn("Machine Learning", enrolment.completion_note)
        self.assertNotIn("Statistics", enrolment.completion_note)

    def test_failed_grade_does_not_count(self):
        enrolment = self._make_enrolments(1, complete=False)
        self._pass_units(enrolment, self.unit_ml)
        result = self.env["mc.result"].create(
            {"enrolment_id": enrolment.id, "unit_id": self.unit_stats.id, "grade": "8"}
        )
        self.assertRecordValues(
            result, [{"passed": False, "ects_earned": 0.0, "score": 40.0}]
        )
        self.assertFalse(enrolment.is_complete)
        result.grade = "14"
        self.assertRecordValues(
            result, [{"passed": True, "ects_earned": 3.0, "score": 70.0}]
        )
        self.assertTrue(enrolment.is_complete)
        self.assertIn("Complete", enrolment.completion_note)

    def test_ects_short_of_programme(self):
        enrolment = self._make_enrolments(1, complete=False)
        self._pass_units(enrolment, self.programme.unit_ids)
        enrolment.result_ids.filtered(
            lambda r: r.unit_id == self.unit_ml
        ).ects_earned = 1.0
        self.assertFalse(enrolment.is_complete)
        self.assertIn("4.0 of the 5.0 ECTS", enrolment.completion_note)

    def test_result_defaults_from_unit(self):
        enrolment = self._make_enrolments(1, complete=False)
        with Form(enrolment.with_user(self.officer)) as form:
            with form.result_ids.new() as line:
                line.unit_id = self.unit_ml
                self.assertEqual(line.institution_id, self.bologna)
                self.assertEqual(line.supervision_mode, "supervised_no_id")
                line.grade = "30"
                self.assertTrue(line.passed)
                self.assertEqual(line.ects_earned, 2.0)
        self.assertEqual(enrolment.ects_earned, 2.0)

    def test_grade_outside_scale_is_refused(self):
        enrolment = self._make_enrolments(1, complete=False)
        with self.assertRaisesRegex(ValidationError, "not a grade of the scale"):
            self.env["mc.result"].create(
                {
                    "enrolment_id": enrolment.id,
                    "unit_id": self.unit_ml.id,
                    "grade": "A+",
                }
            )

    def test_unit_of_another_programme_is_refused(self):
        enrolment = self._make_enrolments(1, complete=False)
        with self.assertRaisesRegex(ValidationError, "'Unit' must be a unit"):
            self.env["mc.result"].create(
                {"enrolment_id": enrolment.id, "unit_id": self.net_unit_home.id}
            )

    def test_complete_action_explains_why_not(self):
        enrolment = self._make_enrolments(1, complete=False)
        with self.assertRaisesRegex(UserError, "Mandatory units not passed"):
            enrolment.with_user(self.officer).action_complete()
        self._pass_units(enrolment, self.programme.unit_ids)
        enrolment.with_user(self.officer).action_complete()
        self.assertEqual(enrolment.state, "completed")

    def test_seats_limit(self):
        self.edition.seats = 2
        self._make_enrolments(2, complete=False)
        with self.assertRaisesRegex(ValidationError, "seats"):
            self._make_enrolments(1, complete=False, prefix="Late")

    def test_home_institution_must_be_partner(self):
        outsider = self.env["res.partner"].create(
            {"name": "Outsider", "is_institution": True, "is_company": True}
        )
        with self.assertRaisesRegex(ValidationError, "Home Institution"):
            self._make_enrolments(1, complete=False, home_institution_id=outsider.id)

    def test_network_double_award_flag(self):
        enrolment = self._make_enrolments(
            1,
            edition=self.net_edition,
            complete=False,
            home_institution_id=self.leuven.id,
            mobility_window_id=self.window.id,
        )
        self._pass_units(enrolment, self.net_unit_home)
        self.assertFalse(enrolment.has_double_award)
        self._pass_units(enrolment, self.net_unit_host)
        self.assertTrue(enrolment.has_double_award)
        self.assertTrue(enrolment.is_complete)

    def test_learner_counts_and_transcript(self):
        enrolment = self._make_enrolments(1)
        learner = enrolment.learner_id.with_user(self.officer)
        self.assertRecordValues(
            learner, [{"enrolment_count": 1, "mc_award_count": 0, "mc_result_count": 2}]
        )
        action = learner.action_view_transcript()
        results = self.env["mc.result"].search(action["domain"])
        self.assertEqual(results, enrolment.result_ids)

    def test_personal_fields_only_for_registry(self):
        learner = self._make_learners(1)
        learner.birth_date = "2000-01-31"
        fields_employee = learner.with_user(self.employee).fields_get()
        self.assertNotIn("birth_date", fields_employee)
        self.assertNotIn("nationality_id", fields_employee)
        self.assertIn("birth_date", learner.with_user(self.officer).fields_get())

    def test_transcript_report(self):
        enrolment = self._make_enrolments(1)
        enrolment.learner_id.birth_date = "1990-05-17"
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html(
                "mc_qualification.action_report_mc_transcript", enrolment.ids
            )
        )
        html = html.decode()
        self.assertIn("Transcript of Records", html)
        self.assertIn("Machine Learning", html)
        self.assertIn("University of Bologna", html)
        self.assertIn("27", html)
        self.assertIn("Complete: all mandatory units passed", html)
